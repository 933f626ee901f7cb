import Foundation
import ObsGen
import ObsLint
import PromQL
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

    /// Names asked many at a time (`{__name__=~"a|b|…"}`), in batches that keep a request's
    /// URL short; a name that is not a plain identifier is asked on its own.
    static func batches(_ names: [String], maxLength: Int = 2000) -> (batches: [[String]], others: [String]) {
        var out: [[String]] = []
        var current: [String] = []
        var length = 0
        var others: [String] = []
        for n in names {
            guard isLegacyMetricName(n) else { others.append(n); continue }
            if !current.isEmpty && length + n.utf8.count + 1 > maxLength {
                out.append(current)
                current = []
                length = 0
            }
            current.append(n)
            length += n.utf8.count + 1
        }
        if !current.isEmpty { out.append(current) }
        return (out, others)
    }

    static func selector(_ batch: [String]) -> String {
        batch.count == 1 ? "{__name__=\"\(batch[0])\"}" : "{__name__=~\"\(batch.joined(separator: "|"))\"}"
    }

    public func present(_ metrics: [String]) throws -> Set<String> {
        let (batches, others) = Self.batches(metrics)
        let c = client
        let found = try parallelAsk(batches, client.server.maxConcurrentRequests) { (batch: [String]) -> [String] in
            try c.query("count by (__name__) (\(Self.selector(batch)))").compactMap { $0.labels["__name__"] }
        }
        var out = Set(found.flatMap { $0 })
        for n in others where try count("count({__name__=\(goQuote(n))})") > 0 { out.insert(n) }
        return out
    }

    public func lastSeen(_ metrics: [String], lookback: PromDuration, now: Date) throws -> [String: ServerFacts.Sighting] {
        // 1,000 steps over the look-back, the last one at `now`: fine enough to say when,
        // bounded in size.
        let step = max(1, lookback.seconds / 1000)
        let start = now.addingTimeInterval(-step * 1000)
        let (batches, others) = Self.batches(metrics)
        let c = client
        let all = batches + others.map { [$0] }
        let results = try parallelAsk(all, client.server.maxConcurrentRequests) { (batch: [String]) -> [String: ServerFacts.Sighting] in
            let sel = isLegacyMetricName(batch[0]) ? Self.selector(batch) : "{__name__=\(goQuote(batch[0]))}"
            var out: [String: ServerFacts.Sighting] = [:]
            for series in try c.queryRange("count by (__name__) (\(sel))", start: start, end: now, step: step) {
                guard let name = series.labels["__name__"], let last = series.points.filter({ $0.value > 0 }).map(\.time).max() else { continue }
                out[name] = .at(Date(timeIntervalSince1970: last))
            }
            // Series shorter-lived than a step: the index still knows them.
            let unseen = batch.filter { out[$0] == nil }
            if !unseen.isEmpty {
                let known = try c.labelValues("__name__", match: [sel], start: now.addingTimeInterval(-lookback.seconds), end: now)
                for n in Set(known).intersection(unseen) { out[n] = .withinLookback }
            }
            return out
        }
        return results.reduce(into: [:]) { $0.merge($1) { a, _ in a } }
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
