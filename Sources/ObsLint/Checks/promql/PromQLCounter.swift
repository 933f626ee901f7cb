/// A counter compared or returned raw, without rate() or increase().
public struct PromQLCounter: LintCheck {
    public static let description = CheckDescription(
        id: "promql/counter", severity: .warning,
        summary: "A counter is compared or graphed as it is, without rate() or increase().",
        rationale: "A counter's raw value only says how much happened since the process started: it grows without bound and drops at every restart. Thresholds and graphs on it mean nothing; use rate() or increase(). Counters are known from the project's catalog, the built-in catalog of well-known exporters' metrics, or, as a weaker signal reported one severity lower (info), a name ending in `_total`. Alerts are checked where they compare a counter; dashboard panels where they graph one, alone or summed, averaged or scaled. One counter minus another (`mallocs - frees`, `x - x offset 1h`) is a level or an increase, not a raw counter.",
        triggering: [
            .alert("↓http_requests_total{code=\"500\"} > 100"),
            .alert("sum(↓errors_total) > 10"),
            // The built-in catalog: the node exporter's errors are a counter.
            .alert("↓node_network_receive_errs_total > 0"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum by (job) (↓http_requests_total{code=\\\"500\\\"})\"}]}]}"),
        ],
        nonTriggering: [
            .alert("rate(http_requests_total[5m]) > 100"),
            .alert("absent(up_total)"),
            .alert("http_requests_total offset 1h > 0 unless http_requests_total"),
            // An increase written by hand.
            .alert("http_requests_total - http_requests_total offset 10m >= 1"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum by (job) (rate(http_requests_total[$__rate_interval]))\"}]}]}"),
            // Live objects: allocations minus frees, both counters of the same process.
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Live objects\", \"targets\": [{\"expr\": \"go_memstats_mallocs_total{job=\\\"$job\\\"} - go_memstats_frees_total{job=\\\"$job\\\"}\"}]}]}"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests in the last hour\", \"targets\": [{\"expr\": \"sum(http_requests_total - http_requests_total offset 1h)\"}]}]}"),
        ])

    public init() {}

    /// Selectors not wrapped by a function or subquery that turns counters into rates.
    static func rawCounters(_ e: Expr, _ context: LintContext, includingOffset: Bool = false) -> [(selector: VectorSelector, fact: KindFact)] {
        var out: [(selector: VectorSelector, fact: KindFact)] = []
        func visit(_ e: Expr) {
            switch e {
            case .vectorSelector(let v):
                if let n = v.metricName, let fact = context.kindFact(ofSeries: n), fact.kind == .counter, !fact.isNaming || n.hasSuffix("_total"),
                   includingOffset || v.modifiers.offset == nil {
                    out.append((v, fact))
                }
            case .call(let c):
                // Functions over an instant counter that keep the raw value.
                if ["abs", "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "label_replace", "label_join", "sort", "sort_desc"].contains(c.function.name) {
                    c.args.forEach(visit)
                }
            case .aggregation(let a):
                if [.sum, .avg, .max, .min, .quantile, .topk, .bottomk].contains(a.op) { visit(a.expr) }
            case .binary(let b):
                if b.op.isSetOperator { visit(b.lhs); return }
                // One counter minus another (`mallocs - frees`, `x - x offset 1h`) is a level or
                // an increase, not a raw counter.
                if b.op == .sub, !rawCounters(b.lhs, context).isEmpty, !rawCounters(b.rhs, context, includingOffset: true).isEmpty { return }
                visit(b.lhs); visit(b.rhs)
            case .paren(let p): visit(p.expr)
            case .unary(let u): visit(u.expr)
            default: break
            }
        }
        visit(e)
        return out
    }

    public func run(_ context: LintContext, report: inout Findings) {
        let weaker = Self.description.severity.weaker
        for r in context.rules where r.alert != nil {
            guard let e = r.expr else { continue }
            for b in Analysis.comparisons(e) where !b.returnBool {
                for (v, fact) in Self.rawCounters(b.lhs, context) + Self.rawCounters(b.rhs, context) where v.modifiers.offset == nil {
                    report.add(r, exprRange: v.range, "counter \(v.metricName!) is compared as it is; its value only grows and resets at restarts",
                               hint: "compare rate(\(v.metricName!)[5m]) or increase(…)", severity: fact.isNaming ? weaker : fact.source == .server ? Self.description.severity : nil)
                }
            }
        }
        // Graphed as it is, or summed, averaged, compared: the curve climbs and drops at restarts.
        for d in context.dashboards {
            for (p, target, e) in d.queries(context, panelTypes: ["timeseries", "graph", "stat", "gauge", "bargauge"]) where e.unparenthesized.type == .vector {
                for (v, fact) in Self.rawCounters(e, context) where v.modifiers.offset == nil {
                    let how = if case .vectorSelector = e.unparenthesized { "graphs" } else { "graphs an expression of" }
                    report.add(d.file, d.range(of: p, target: target, exprRange: v.range), "panel \"\(p.title ?? "")\" \(how) counter \(v.metricName!) raw",
                               hint: "graph rate(\(v.metricName!)[$__rate_interval])", severity: fact.isNaming ? weaker : fact.source == .server ? Self.description.severity : nil)
                }
            }
        }
    }
}
