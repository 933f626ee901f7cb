/// The kind of a metric, as in the OpenMetrics type.
public enum MetricKind: String, Sendable, Hashable, CaseIterable {
    case counter, gauge, histogram, summary, info, stateset
}

/// Base units (Prometheus naming: seconds, bytes, ratios; never milliseconds or kilobytes).
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    case seconds, bytes, ratio, percent, celsius, volts, amperes, joules, grams, meters
    /// A plain count of things (requests, deployments).
    case count = ""
}

/// A label a metric carries: what it means, and which values it may take.
public struct LabelSpec: Sendable, Hashable {
    public var name: String
    public var description: String
    /// The allowed values when known; nil when open but bounded (e.g. `service`).
    public var values: [String]?
    /// False for labels that take an unbounded set of values (ids, SHAs, paths).
    public var bounded: Bool

    public init(_ name: String, description: String = "", values: [String]? = nil, bounded: Bool = true) {
        self.name = name
        self.description = description
        self.values = values
        self.bounded = bounded
    }
}

extension LabelSpec: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}

/// A metric of the catalog. Interpolating it into a string writes its name, so renaming the
/// declaration renames every expression that uses it.
public struct Metric: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var kind: MetricKind
    public var help: String
    public var unit: MetricUnit
    public var labels: [LabelSpec]
    /// Histogram bucket upper bounds.
    public var buckets: [Double]?
    /// Where the metric comes from: the scrape job name (`pushgateway`), when known.
    public var job: String?
    public var site: DeclarationSite

    public init(name: String, kind: MetricKind, help: String, unit: MetricUnit = .count, labels: [LabelSpec] = [],
                buckets: [Double]? = nil, job: String? = nil, site: DeclarationSite = .unknown) {
        self.name = name
        self.kind = kind
        self.help = help
        self.unit = unit
        self.labels = labels
        self.buckets = buckets
        self.job = job
        self.site = site
    }

    public var description: String { name }

    /// Series names the metric exposes (`_bucket`, `_sum`, `_count` for histograms, …).
    public var seriesNames: [String] {
        switch kind {
        case .histogram: [name + "_bucket", name + "_sum", name + "_count"]
        case .summary: [name, name + "_sum", name + "_count"]
        default: [name]
        }
    }

    /// `<name>_bucket` (histograms). Interpolated, it writes the series name and, in DSL
    /// expressions, brings the metric into the project like the metric itself.
    public var bucket: MetricSeries { MetricSeries(metric: self, suffix: "_bucket") }
    /// `<name>_sum`.
    public var sum: MetricSeries { MetricSeries(metric: self, suffix: "_sum") }
    /// `<name>_count`.
    public var count: MetricSeries { MetricSeries(metric: self, suffix: "_count") }

    public func label(_ name: String) -> LabelSpec? { labels.first { $0.name == name } }
}

/// One series of a metric (`latency_seconds_bucket`): interpolating it writes its name.
public struct MetricSeries: Sendable, Hashable, CustomStringConvertible {
    public var metric: Metric
    public var suffix: String

    public init(metric: Metric, suffix: String) {
        self.metric = metric
        self.suffix = suffix
    }

    public var name: String { metric.name + suffix }
    public var description: String { name }

    public static func == (a: MetricSeries, b: String) -> Bool { a.name == b }
    public static func == (a: String, b: MetricSeries) -> Bool { a == b.name }
}
