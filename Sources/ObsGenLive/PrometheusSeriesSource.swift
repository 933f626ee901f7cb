import Foundation
import ObsGen
import ObsLint
import PrometheusAPI

/// The online checks' questions, asked of a running server over its HTTP API.
public struct PrometheusSeriesSource: SeriesSource {
    public let client: PrometheusClient

    public init(client: PrometheusClient) { self.client = client }

    public var name: String { client.server.displayURL }

    public func count(_ query: String) throws -> Int {
        let samples = try client.query(query)
        guard let v = samples.first?.value, v.isFinite else { return 0 }
        return Int(v)
    }

    public func lastSeen(metric: String, lookback: PromDuration, now: Date) throws -> ServerFacts.Sighting? {
        // 1,000 steps over the look-back, the last one at `now`: fine enough to say when,
        // bounded in size.
        let step = max(1, lookback.seconds / 1000)
        let series = try client.queryRange("count(\(metric))", start: now.addingTimeInterval(-step * 1000), end: now, step: step)
        if let last = series.flatMap(\.points).filter({ $0.value > 0 }).map(\.time).max() { return .at(Date(timeIntervalSince1970: last)) }
        // Series shorter-lived than a step: the index still knows them.
        let names = try client.labelNames(match: [metric], start: now.addingTimeInterval(-lookback.seconds), end: now)
        return names.isEmpty ? nil : .withinLookback
    }

    public func labelValues(metric: String, label: String, limit: Int) throws -> ServerFacts.LabelValues {
        let samples = try client.query("count by (\(label)) (\(metric))")
        let values = Set(samples.compactMap { $0.labels[label] }).sorted()
        return ServerFacts.LabelValues(values: Array(values.prefix(limit)), truncated: values.count > limit)
    }

    public func labelNames(metric: String) throws -> [String] {
        let now = Date()
        return try client.labelNames(match: [metric], start: now.addingTimeInterval(-600), end: now)
    }

    public func metadata() throws -> [String: ServerMetric]? {
        switch Result(catching: { () throws(PrometheusError) in try client.metadata() }) {
        case .success(let m): return m.mapValues { ServerMetric(type: $0.type, help: $0.help, unit: $0.unit) }
        case .failure(let e): if Self.isNotFound(e) { return nil } else { throw e }
        }
    }

    public func scrapeIntervals() throws -> ServerFacts.ScrapeIntervals? {
        let yaml: String
        switch Result(catching: { () throws(PrometheusError) in try client.configYAML() }) {
        case .success(let y): yaml = y
        case .failure(let e): if Self.isNotFound(e) { return nil } else { throw e }
        }
        let loaded = PrometheusConfigLoader.load(text: yaml, path: "\(name)/api/v1/status/config")
        let global = loaded.globalSpans.values["scrape_interval"] != nil ? loaded.settings.scrapeInterval : PromDuration.minutes(1)
        var jobs: [String: PromDuration] = [:]
        for j in loaded.scrapeJobs { jobs[j.name] = j.scrapeInterval ?? global }
        return ServerFacts.ScrapeIntervals(global: global, jobs: jobs)
    }

    /// An endpoint the server does not have (Thanos Query has no configuration API).
    static func isNotFound(_ e: PrometheusError) -> Bool {
        e.kind == .http && (e.detail.hasPrefix("404") || e.detail.hasPrefix("405"))
    }

    public func retention() throws -> PromDuration? {
        if let flags = try? client.flags(), let t = flags["storage.tsdb.retention.time"], let d = PromDuration.parse(t), d.milliseconds > 0 {
            return d
        }
        guard let info = try? client.runtimeInfo(), let r = info["storageRetention"] else { return nil }
        // "15d", or "15d or 10GiB" when a size limit is set too.
        return r.split(separator: " ").first.flatMap { PromDuration.parse(String($0)) }
    }
}
