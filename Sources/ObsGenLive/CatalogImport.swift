import Foundation
import ObsGen
import ObsLint
import PromQL
import PrometheusAPI

/// `obsgen catalog import`: the metrics a running server has, as catalog declarations — kind,
/// help and unit from its metadata, labels from its series (with their values where there are
/// few), a histogram's buckets from its `le` values.
public enum CatalogImport {
    public struct Options: Sendable {
        /// Only metrics of these scrape jobs (`{job="…"}`).
        public var jobs: [String] = []
        /// Only series matching these selectors.
        public var match: [String] = []
        /// Labels with at most this many values are declared with them (`.oneOf`).
        public var maxValues = 10
        /// Labels with more values than this are declared unbounded.
        public var unboundedAbove = 200
        public init() {}
    }

    /// Series Prometheus makes itself, not an exporter's metrics.
    static let synthetic: Set<String> = ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                                         "scrape_series_added", "scrape_timeout_seconds", "scrape_sample_limit", "scrape_body_size_bytes",
                                         "ALERTS", "ALERTS_FOR_STATE"]
    /// Labels every series of a target has, and those of histograms and summaries.
    static let targetLabels: Set<String> = ["__name__", "job", "instance", "le", "quantile"]

    public static func run(_ client: PrometheusClient, options: Options = Options(), now: Date = Date()) throws -> [Metric] {
        try runMarkingGuesses(client, options: options, now: now).metrics
    }

    /// The metrics, and the names of those whose kind is guessed (untyped on the server).
    public static func runMarkingGuesses(_ client: PrometheusClient, options: Options = Options(), now: Date = Date()) throws -> (metrics: [Metric], guessed: Set<String>) {
        let start = now.addingTimeInterval(-600)
        let metadata: [String: MetricMetadata]
        switch Result(catching: { () throws(PrometheusError) in try client.metadata() }) {
        case .success(let m): metadata = m
        case .failure(let e): if e.kind == .http && e.detail.hasPrefix("404") { metadata = [:] } else { throw e }
        }
        let selectors = options.jobs.map { "{job=\(goQuote($0))}" } + options.match
        let names = try client.labelValues("__name__", match: selectors, start: start, end: now)
            .filter { !$0.contains(":") && !synthetic.contains($0) }

        // Families: a histogram's or summary's series under its own name.
        var families: [String: (kind: MetricKind?, series: [String])] = [:]
        for n in names {
            var family = n
            var kind = metadata[n].flatMap { ServerMetric(type: $0.type).kind }
            if kind == nil {
                for suffix in ["_bucket", "_sum", "_count", "_created"] where n.hasSuffix(suffix) {
                    let base = String(n.dropLast(suffix.count))
                    if let k = metadata[base].flatMap({ ServerMetric(type: $0.type).kind }), k == .histogram || k == .summary {
                        family = base
                        kind = k
                    }
                }
            }
            if n.hasSuffix("_created") && family == n { continue }
            families[family, default: (kind, [])].series.append(n)
            if let kind { families[family]!.kind = kind }
        }
        let order = families.keys.sorted(), found = families
        let built = try parallelAsk(order, client.server.maxConcurrentRequests) { (family: String) -> Metric in
            let info = found[family]!
            let meta = metadata[family]
            // Untyped on the server (`unknown`, or no metadata): the name's convention, else a
            // gauge — marked as a guess in the help text, for the user to settle.
            let kind = info.kind ?? LintContext.kindByName(family) ?? .gauge
            // The series that carries the labels: x_bucket for a histogram (with le), x_count for a summary.
            let main = kind == .histogram ? family + "_bucket" : kind == .summary ? family + "_count" : info.series.sorted()[0]
            let labelNames = try client.labelNames(match: [main], start: start, end: now).filter { !targetLabels.contains($0) }
            var labels: [LabelSpec] = []
            for l in labelNames {
                let values = try client.labelValues(l, match: [main], start: start, end: now)
                if values.count <= options.maxValues { labels.append(.oneOf(l, values)) }
                else if values.count > options.unboundedAbove { labels.append(.unbounded(l)) }
                else { labels.append(LabelSpec(l)) }
            }
            var buckets: [Double]?
            if kind == .histogram {
                buckets = try client.labelValues("le", match: [family + "_bucket"], start: start, end: now).compactMap(Double.init).filter(\.isFinite).sorted()
            }
            let jobs = try client.labelValues("job", match: [main], start: start, end: now)
            let help = meta.map { $0.help.isEmpty ? "(no help text on the server)" : $0.help } ?? "(no metadata on the server)"
            return Metric(name: family, kind: kind, help: help, unit: unit(meta?.unit ?? "", name: family), labels: labels, buckets: buckets,
                          job: jobs.count == 1 ? jobs[0] : nil, site: .unknown)
        }
        return (built, Set(order.filter { found[$0]!.kind == nil }))
    }

    /// The metadata's unit, else the name's.
    static func unit(_ declared: String, name: String) -> MetricUnit {
        if let u = MetricUnit(rawValue: declared), u != .count { return u }
        var base = name
        for suffix in ["_total", "_bucket", "_sum", "_count", "_info"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        for u in MetricUnit.allCases where u != .count && base.hasSuffix("_" + u.rawValue) { return u }
        return .count
    }
}
