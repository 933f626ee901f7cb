import Foundation

/// What a running Prometheus said, asked once before the checks run: the online checks
/// (`online/*`) read these facts, never the network, so they run like the others.
public struct ServerFacts: Sendable {
    /// The server, as messages name it (its URL without credentials).
    public var server: String
    /// When it was asked.
    public var time: Date
    /// How far back `lastSeen` looked.
    public var lookback: PromDuration

    /// Whether each metric asked about has series now (asked many names at a time).
    public var metrics: [String: Bool] = [:]
    /// Answers to `count(…)` instant queries of selectors with matchers, by the query's text
    /// (`SeriesQuestions.count`).
    public var counts: [String: Int] = [:]

    /// Whether the metric has series now; nil when it was not asked.
    public func hasSeries(_ metric: String) -> Bool? { metrics[metric] }

    /// Whether a selector returns nothing now; nil when it was not asked.
    public func isEmpty(_ s: SeriesQuestions.Selector) -> Bool? {
        guard let present = metrics[s.metric] else { return nil }
        if !present { return true }
        if s.matchers.isEmpty { return false }
        return counts[SeriesQuestions.count(s.metric, s.matchers)].map { $0 == 0 }
    }
    /// For a metric with no series now: the last time it had one within `lookback`. A metric
    /// asked about and absent here was not seen at all.
    public var lastSeen: [String: Sighting] = [:]

    /// When a metric absent now last had series.
    public enum Sighting: Sendable, Equatable {
        /// At about this time.
        case at(Date)
        /// Within the look-back, the time unknown (its series were too short-lived for the
        /// range query's steps to see them).
        case withinLookback
    }

    /// "3h ago", or "within the last 7d".
    public func describe(_ s: Sighting) -> String {
        switch s {
        case .at(let d):
            let minutes = max(1, Int64(time.timeIntervalSince(d)) / 60)
            return "\(ServerFacts.human(PromDuration(milliseconds: minutes * 60_000))) ago"
        case .withinLookback: return "within the last \(ServerFacts.human(lookback))"
        }
    }

    /// A duration as people write it: whole days in days (`15d`, not Prometheus' `2w1d`).
    public static func human(_ d: PromDuration) -> String {
        let day: Int64 = 86_400_000
        if d.milliseconds >= day && d.milliseconds % day == 0 { return "\(d.milliseconds / day)d" }
        return d.description
    }
    /// For a metric never seen: the closest name the server's metadata knows (a typo's fix).
    public var suggestions: [String: String] = [:]
    /// Values a label has now on a metric's series (`SeriesQuestions.key(metric:label:)`).
    public var labelValues: [String: LabelValues] = [:]
    /// Label names the series of a metric carry now.
    public var labelNames: [String: [String]] = [:]
    /// `/api/v1/metadata`: by metric family name. Nil when the server has no metadata API.
    public var metadata: [String: ServerMetric]?
    /// The scrape intervals of the server's configuration (`/api/v1/status/config`), nil
    /// when it does not publish its configuration (Thanos, Mimir).
    public var scrapeIntervals: ScrapeIntervals?
    /// How long the server keeps samples (`storage.tsdb.retention.time`), when it says.
    public var retention: PromDuration?
    /// What the server could not tell (an endpoint it does not have), for the summary.
    public var notes: [String] = []

    public init(server: String, time: Date, lookback: PromDuration = .days(7)) {
        self.server = server
        self.time = time
        self.lookback = lookback
    }

    public struct LabelValues: Sendable, Equatable {
        public var values: [String]
        /// More values exist than were kept.
        public var truncated: Bool
        public init(values: [String], truncated: Bool = false) {
            self.values = values
            self.truncated = truncated
        }
    }

    public struct ScrapeIntervals: Sendable, Equatable {
        public var global: PromDuration
        public var jobs: [String: PromDuration]
        public init(global: PromDuration, jobs: [String: PromDuration] = [:]) {
            self.global = global
            self.jobs = jobs
        }
        /// The longest interval any job is scraped at.
        public var longest: PromDuration { jobs.values.max().map { Swift.max($0, global) } ?? global }
    }

    /// The metadata of the family a series belongs to (`x_bucket` → histogram `x`).
    public func metadata(ofSeries name: String) -> ServerMetric? {
        guard let metadata else { return nil }
        if let m = metadata[name] { return m }
        for suffix in ["_bucket", "_sum", "_count", "_total", "_created", "_info"] where name.hasSuffix(suffix) {
            if let m = metadata[String(name.dropLast(suffix.count))] {
                // A histogram's or a summary's own series are counters.
                if (m.kind == .histogram || m.kind == .summary) && suffix != "_total" && suffix != "_info" {
                    return ServerMetric(type: "counter", help: m.help, unit: m.unit)
                }
                if suffix == "_total" && m.kind == .counter { return m }
                if suffix == "_info" && m.kind == .info { return m }
            }
        }
        return nil
    }
}

/// A metric family as the server's metadata describes it.
public struct ServerMetric: Sendable, Equatable {
    public var type: String
    public var help: String
    public var unit: String
    public init(type: String, help: String = "", unit: String = "") {
        self.type = type
        self.help = help
        self.unit = unit
    }

    /// The kind, where the type is one obsgen knows (`unknown` and untyped are nil).
    public var kind: MetricKind? {
        switch type {
        case "counter": .counter
        case "gauge": .gauge
        case "histogram", "gaugehistogram": .histogram
        case "summary": .summary
        case "info": .info
        case "stateset": .stateset
        default: nil
        }
    }
}
