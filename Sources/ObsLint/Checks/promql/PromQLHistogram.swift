/// histogram_quantile() misuse.
public struct PromQLHistogram: LintCheck {
    public static let description = CheckDescription(
        id: "promql/histogram", severity: .error,
        summary: "histogram_quantile() on a series that is not a classic histogram's _bucket, an aggregation that drops le, or a quantile outside [0, 1].",
        rationale: "Classic histograms are read through their cumulative `_bucket` series; an aggregation without `le` merges the buckets into one number and the quantile becomes NaN; a quantile below 0 or above 1 yields ±Inf. A name without `_bucket` is read as a native histogram, unless the project's catalog or the built-in catalog of well-known exporters' metrics knows it as something else (a summary's quantiles, a gauge). Dashboard queries are checked like rules.",
        triggering: [
            .alert("histogram_quantile(0.95, sum by (job) (rate(↓latency_seconds_bucket[5m]))) > 1"),
            .alert("histogram_quantile(↓95, sum by (le) (rate(latency_seconds_bucket[5m]))) > 1"),
            .alert("histogram_quantile(0.9, rate(↓latency_seconds_sum[5m])) > 1"),
            // The built-in catalog: Prometheus exposes its query timings as a summary.
            .alert("histogram_quantile(0.9, rate(↓prometheus_engine_query_duration_seconds[5m])) > 1"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Latency\", \"targets\": [{\"expr\": \"histogram_quantile(0.95, sum by (job) (rate(↓latency_seconds_bucket[$__rate_interval])))\"}]}]}"),
        ],
        nonTriggering: [
            .alert("histogram_quantile(0.95, sum by (le, job) (rate(latency_seconds_bucket[5m]))) > 1"),
            .alert("histogram_quantile(0.95, sum by (job) (rate(latency_seconds[5m]))) > 1"),
            // Well-known histograms, classic and native.
            .record("histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[5m])))"),
            .record("histogram_quantile(0.9, sum(rate(prometheus_http_request_duration_seconds[5m])))"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Latency\", \"targets\": [{\"expr\": \"histogram_quantile(0.95, sum by (le, job) (rate(latency_seconds_bucket[$__rate_interval])))\"}]}]}"),
        ])

    public init() {}

    struct Problem {
        var range: PositionRange
        var message: String
        var hint: String?
    }

    static func problems(_ e: Expr, _ context: LintContext) -> [Problem] {
        var out: [Problem] = []
        for c in Analysis.calls(e) where c.function.name == "histogram_quantile" && c.args.count == 2 {
            // Only the kind is repeated by online/metadata (in the server's view).
            let offline = context.kindView == .offline
            if offline, case .number(let q) = c.args[0].unparenthesized, q.value < 0 || q.value > 1 {
                out.append(Problem(range: c.args[0].range, message: "quantile \(formatNumber(q.value)) is outside [0, 1]", hint: "write 0.95 for the 95th percentile"))
            }
            let arg = c.args[1]
            for (v, _) in Analysis.selectors(arg) {
                guard let n = v.metricName else { continue }
                if n.hasSuffix("_sum") || n.hasSuffix("_count") || n.hasSuffix("_total") {
                    guard offline else { continue }
                    out.append(Problem(range: v.range, message: "histogram_quantile() over \(n), which is not a histogram's _bucket series"))
                } else if !n.hasSuffix("_bucket"), !n.contains(":"), let fact = context.kindFact(ofSeries: n), !fact.isNaming, fact.kind != .histogram {
                    // A name without _bucket is read as a native histogram; a catalog that
                    // knows it as something else says it is not one.
                    out.append(Problem(range: v.range, message: "histogram_quantile() over \(n), \(fact.phrase)"))
                }
            }
            // Every aggregation between the function and the buckets must keep `le`.
            var dropped: Aggregation?
            arg.walk { node in
                if case .aggregation(let a) = node, dropped == nil, ![.topk, .bottomk, .limitk, .limitRatio].contains(a.op) {
                    if a.without ? a.grouping.contains("le") : !a.grouping.contains("le") {
                        let usesClassic = Analysis.selectors(a.expr).contains { $0.selector.metricName?.hasSuffix("_bucket") ?? false }
                        if usesClassic { dropped = a }
                    }
                }
            }
            if offline, let a = dropped {
                let inner = Analysis.selectors(a.expr).first { $0.selector.metricName?.hasSuffix("_bucket") ?? false }?.selector
                out.append(Problem(range: inner?.range ?? a.range, message: "\(a.op.rawValue) \(a.without ? "without" : "by") (\(a.grouping.joined(separator: ", "))) drops the le label histogram_quantile() needs",
                                   hint: a.without ? "remove le from without (…)" : "add le: \(a.op.rawValue) by (\((a.grouping + ["le"]).joined(separator: ", ")))"))
            }
        }
        return out
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let e = r.expr else { continue }
            for p in Self.problems(e, context) { report.add(r, exprRange: p.range, p.message, hint: p.hint) }
        }
        for d in context.dashboards {
            for (panel, target, e) in d.queries(context) {
                for p in Self.problems(e, context) {
                    report.add(d.file, d.range(of: panel, target: target, exprRange: p.range), "panel \"\(panel.title ?? "")\": \(p.message)", hint: p.hint)
                }
            }
        }
    }
}
