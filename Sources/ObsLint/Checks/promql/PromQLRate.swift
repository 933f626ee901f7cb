/// rate/irate/increase/resets on the wrong input or over too short a range.
public struct PromQLRate: LintCheck {
    public static let description = CheckDescription(
        id: "promql/rate", severity: .error,
        summary: "rate(), irate(), increase() or resets() over a non-counter, over an aggregation, or over a range too short for the scrape interval.",
        rationale: "These functions detect counter resets; on a gauge they invent resets whenever the value drops. What kind a metric is comes from the project's catalog, else the built-in catalog of well-known exporters' metrics (node, blackbox, Prometheus, Alertmanager, Pushgateway, Go and process collectors…), else naming conventions: a size in `_bytes`, an age or timestamp in `_seconds`, a `_ratio` or an `_info` metric without `_total` is not a counter. The naming convention alone is a weaker signal, reported one severity lower (a warning); it stays silent on names of amounts moved or time spent (`ceph_pool_rd_bytes`, `…_query_time_seconds`), which many exporters count without `_total`, and on what histogram_*() functions read (native histograms). Over an aggregation (a subquery of `sum`) the sum of several counters hides their resets. With fewer than two samples in the range the result is empty: the range must be at least twice the scrape interval (error), and four times to tolerate a missed scrape (warning). Dashboard queries are checked like rules.",
        triggering: [
            .alert("rate(↓node_memory_free_bytes[5m]) > 1"),
            // The built-in catalog: the node exporter exposes it as a gauge.
            .alert("rate(↓node_memory_MemAvailable_bytes[5m]) > 1"),
            // Naming conventions only: a size in bytes (a warning).
            .alert("rate(↓cache_size_bytes[5m]) > 1"),
            // A dashboard query: every Go program's heap in use is a gauge.
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Memory\", \"targets\": [{\"expr\": \"rate(↓go_memstats_heap_alloc_bytes{job=~\\\"$job\\\"}[$__rate_interval])\"}]}]}"),
            .alert("rate(↓sum(http_requests_total)[5m:1m]) > 1"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: job:x:rate1m\n        expr: rate(x_total↓[1m])\n",
                    with: [Example(.prometheusConfig, "global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n")]),
        ],
        nonTriggering: [
            .alert("rate(http_requests_total[5m]) > 1"),
            .record("sum(rate(http_requests_total[5m]))"),
            .record("sum by (mode) (rate(node_cpu_seconds_total[5m]))"),
            // Bytes moved and time spent: counters that many exporters name without _total.
            .record("sum(rate(ceph_pool_rd_bytes[5m]))"),
            .record("sum(increase(opensearch_index_search_query_time_seconds[5m]))"),
            // Untyped in the exporter's output: its name is no evidence either way.
            .record("rate(node_vmstat_pgfault[5m])"),
            // Native histograms are rated as they are.
            .record("histogram_quantile(0.9, sum(rate(http_server_duration_seconds[5m])))"),
            .record("histogram_count(rate(prometheus_http_request_duration_seconds[5m]))"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum by (job) (rate(http_requests_total[$__rate_interval]))\"}]}]}"),
        ],
        options: [CheckOption("min_range_factor", .number(atLeast: 1), default: "4", "ranges shorter than this many scrape intervals are a warning")])

    public init() {}

    static let functions: Set<String> = ["rate", "irate", "increase", "resets"]

    struct Problem {
        var range: PositionRange
        var message: String
        var hint: String?
        var severity: Severity?
    }

    /// What is wrong with the rate()-like calls of an expression (ranges inside it).
    static func problems(_ e: Expr, _ context: LintContext, warnFactor: Double) -> [Problem] {
        var out: [Problem] = []
        // A native histogram is rated as it is, and may be named like a gauge (`x_seconds`):
        // what a histogram_*() function reads is left alone unless a catalog says otherwise.
        var inHistogramFunction = Set<Int>()
        for c in Analysis.calls(e) where c.function.name.hasPrefix("histogram_") {
            for a in c.args { for inner in Analysis.calls(a) { inHistogramFunction.insert(inner.range.start) } }
        }
        for c in Analysis.calls(e) where functions.contains(c.function.name) {
            guard let arg = c.args.first else { continue }
            switch arg {
            case .matrixSelector(let m):
                let name = m.selector.metricName
                if let name, let fact = context.kindFact(ofSeries: name), fact.kind != .counter, !(c.function.name == "resets" && fact.kind == .gauge),
                   fact.source == .catalog || !(fact.kind == .histogram || (fact.isNaming && inHistogramFunction.contains(c.range.start))) {
                    out.append(Problem(range: m.selector.range, message: "\(c.function.name)() over \(name), \(fact.phrase), not a counter",
                                       hint: fact.kind == .gauge || fact.kind == .info ? "use deriv() or delta() for gauges\(fact.isNaming ? "; if it is a counter, its name should end in _total" : "")" : nil,
                                       severity: fact.isNaming ? description.severity.weaker : nil))
                }
                // The range and the aggregation are not about kinds: not repeated by online/metadata.
                if context.kindView == .offline, let seconds = m.rangeDuration.constantSeconds, let name, let known = context.knownScrapeInterval(metric: name) {
                    let interval = known.seconds
                    let rr = PositionRange(start: m.selector.range.end, end: m.range.end)
                    if seconds < 2 * interval {
                        out.append(Problem(range: rr, message: "range \(formatDuration(milliseconds: Int64(seconds * 1000))) holds fewer than two samples at a \(formatDuration(milliseconds: Int64(interval * 1000))) scrape interval; \(c.function.name)() returns nothing",
                                           hint: "use at least \(formatDuration(milliseconds: Int64(interval * warnFactor * 1000)))", severity: nil))
                    } else if seconds < warnFactor * interval {
                        out.append(Problem(range: rr, message: "range \(formatDuration(milliseconds: Int64(seconds * 1000))) is under \(Int(warnFactor))× the \(formatDuration(milliseconds: Int64(interval * 1000))) scrape interval; one missed scrape leaves \(c.function.name)() empty",
                                           hint: "use at least \(formatDuration(milliseconds: Int64(interval * warnFactor * 1000)))", severity: nil))
                    }
                }
            case .subquery(let s):
                if context.kindView == .offline, case .aggregation = s.expr.unparenthesized {
                    out.append(Problem(range: s.expr.range, message: "\(c.function.name)() over an aggregation: the sum of several counters hides their resets",
                                       hint: "aggregate after: sum(\(c.function.name)(x[…]))", severity: nil))
                }
            default: break
            }
        }
        return out
    }

    public func run(_ context: LintContext, report: inout Findings) {
        let warnFactor = Double(context.config.option(Self.description.id, "min_range_factor") ?? "4") ?? 4
        for r in context.rules {
            guard let e = r.expr else { continue }
            for p in Self.problems(e, context, warnFactor: warnFactor) {
                report.add(r, exprRange: p.range, p.message, hint: p.hint, severity: p.severity)
            }
        }
        for d in context.dashboards {
            for (panel, target, e) in d.queries(context) {
                for p in Self.problems(e, context, warnFactor: warnFactor) {
                    report.add(d.file, d.range(of: panel, target: target, exprRange: p.range), "panel \"\(panel.title ?? "")\": \(p.message)", hint: p.hint, severity: p.severity)
                }
            }
        }
    }
}
