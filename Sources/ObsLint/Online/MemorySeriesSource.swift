import Foundation

/// A server's state written down: the series it has now, what it had before, its metadata,
/// scrape intervals and retention. The online checks' examples (and their docs) are linted
/// against one, through `MemorySeriesSource`, the same way as against a running server.
public struct ServerFixture: Sendable, Hashable {
    /// Series that exist now, written as selectors: `up{job="api", instance="a:1"}`.
    public var series: [String]
    /// Metrics that had series before and have none now: name → how long ago they were last seen.
    public var gone: [String: PromDuration]
    /// Metric family → type (`counter`, `gauge`, …).
    public var metadata: [String: String]
    public var scrapeInterval: PromDuration
    public var jobScrapeIntervals: [String: PromDuration]
    public var retention: PromDuration?

    public init(series: [String], gone: [String: PromDuration] = [:], metadata: [String: String] = [:], scrapeInterval: PromDuration = .seconds(15),
                jobScrapeIntervals: [String: PromDuration] = [:], retention: PromDuration? = .days(15)) {
        self.series = series
        self.gone = gone
        self.metadata = metadata
        self.scrapeInterval = scrapeInterval
        self.jobScrapeIntervals = jobScrapeIntervals
        self.retention = retention
    }

    /// For the docs: what the server has.
    public var summary: String {
        var out = "the server has the series:\n\n```\n" + series.joined(separator: "\n") + "\n```\n\n"
        if !gone.isEmpty { out += "and had, no longer: " + gone.keys.sorted().map { "`\($0)` (last seen \(gone[$0]!) ago)" }.joined(separator: ", ") + ".\n\n" }
        if !metadata.isEmpty { out += "Its metadata: " + metadata.keys.sorted().map { "`\($0)` \(metadata[$0]!)" }.joined(separator: ", ") + ".\n\n" }
        out += "It scrapes every \(scrapeInterval)"
        if !jobScrapeIntervals.isEmpty { out += " (" + jobScrapeIntervals.keys.sorted().map { "job \($0): \(jobScrapeIntervals[$0]!)" }.joined(separator: ", ") + ")" }
        if let retention { out += " and keeps \(retention) of samples" }
        return out + ".\n\n"
    }
}

/// A `SeriesSource` over a `ServerFixture`: answers the questions the online checks ask by
/// matching the fixture's series, as Prometheus would.
public struct MemorySeriesSource: SeriesSource {
    public let fixture: ServerFixture
    let series: [[String: String]]

    public init(_ fixture: ServerFixture) {
        self.fixture = fixture
        series = fixture.series.compactMap { text in
            guard case .vectorSelector(let v)? = try? PromQL.parse(text) else { return nil }
            var labels: [String: String] = [:]
            if let n = v.name { labels["__name__"] = n }
            for m in v.matchers where m.op == .equal { labels[m.name] = m.value }
            return labels
        }
    }

    public var name: String { "fixture" }

    static func matches(_ labels: [String: String], _ m: LabelMatcher) -> Bool {
        let value = labels[m.name] ?? ""
        switch m.op {
        case .equal: return value == m.value
        case .notEqual: return value != m.value
        case .regexMatch, .regexNoMatch:
            let re = try? NSRegularExpression(pattern: "^(?:" + m.value + ")$")
            let hit = re?.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            return m.op == .regexMatch ? hit : !hit
        }
    }

    func matching(_ v: VectorSelector) -> [[String: String]] {
        series.filter { s in v.allMatchers.allSatisfy { Self.matches(s, $0) } }
    }

    public func count(_ query: String) throws -> Int {
        guard case .aggregation(let a)? = try? PromQL.parse(query), case .vectorSelector(let v) = a.expr.unparenthesized else { return 0 }
        return matching(v).count
    }

    public func present(_ metrics: [String]) throws -> Set<String> {
        Set(series.compactMap { $0["__name__"] }).intersection(metrics)
    }

    public func lastSeen(_ metrics: [String], lookback: PromDuration, now: Date) throws -> [String: ServerFacts.Sighting] {
        var out: [String: ServerFacts.Sighting] = [:]
        for m in metrics { if let ago = fixture.gone[m], ago <= lookback { out[m] = .at(now.addingTimeInterval(-ago.seconds)) } }
        return out
    }

    public func labelValues(metric: String, label: String, limit: Int) throws -> ServerFacts.LabelValues {
        let values = Set(series.filter { $0["__name__"] == metric }.compactMap { $0[label] }).sorted()
        return ServerFacts.LabelValues(values: Array(values.prefix(limit)), truncated: values.count > limit)
    }

    public func labelNames(metric: String) throws -> [String] {
        Set(series.filter { $0["__name__"] == metric }.flatMap(\.keys)).sorted()
    }

    public func metadata() throws -> [String: ServerMetric]? {
        fixture.metadata.mapValues { ServerMetric(type: $0) }
    }

    public func scrapeIntervals() throws -> ServerFacts.ScrapeIntervals? {
        ServerFacts.ScrapeIntervals(global: fixture.scrapeInterval, jobs: fixture.jobScrapeIntervals)
    }

    public func retention() throws -> PromDuration? { fixture.retention }
}
