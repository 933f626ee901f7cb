/// A counter compared or returned raw, without rate() or increase().
public struct PromQLCounter: LintCheck {
    public static let description = CheckDescription(
        id: "promql/counter", severity: .warning,
        summary: "A counter is compared or graphed as it is, without rate() or increase().",
        rationale: "A counter's raw value only says how much happened since the process started: it grows without bound and drops at every restart. Thresholds and graphs on it mean nothing; use rate() or increase().",
        triggering: [.alert("↓http_requests_total{code=\"500\"} > 100"), .alert("sum(↓errors_total) > 10")],
        nonTriggering: [.alert("rate(http_requests_total[5m]) > 100"), .alert("absent(up_total)"), .alert("http_requests_total offset 1h > 0 unless http_requests_total")])

    public init() {}

    /// Selectors not wrapped by a function or subquery that turns counters into rates.
    static func rawCounters(_ e: Expr, _ context: LintContext) -> [VectorSelector] {
        var out: [VectorSelector] = []
        func visit(_ e: Expr) {
            switch e {
            case .vectorSelector(let v):
                if let n = v.metricName, context.kind(ofSeries: n) == .counter, context.catalogMetric(n) != nil || n.hasSuffix("_total") { out.append(v) }
            case .call(let c):
                // Functions over an instant counter that keep the raw value.
                if ["abs", "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "label_replace", "label_join", "sort", "sort_desc"].contains(c.function.name) {
                    c.args.forEach(visit)
                }
            case .aggregation(let a):
                if [.sum, .avg, .max, .min, .quantile, .topk, .bottomk].contains(a.op) { visit(a.expr) }
            case .binary(let b):
                if b.op.isSetOperator { visit(b.lhs); return }
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
        for r in context.rules where r.alert != nil {
            guard let e = r.expr else { continue }
            for b in Analysis.comparisons(e) where !b.returnBool {
                for v in Self.rawCounters(b.lhs, context) + Self.rawCounters(b.rhs, context) where v.modifiers.offset == nil {
                    report.add(r, exprRange: v.range, "counter \(v.metricName!) is compared as it is; its value only grows and resets at restarts",
                               hint: "compare rate(\(v.metricName!)[5m]) or increase(…)")
                }
            }
        }
        for d in context.dashboards {
            for p in d.dashboard.allPanels where ["timeseries", "graph", "stat", "gauge", "bargauge"].contains(p.type) {
                for t in p.targets ?? [] {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    if let v = Self.rawCounters(e, context).first, e.unparenthesized.type == .vector {
                        if case .vectorSelector = e.unparenthesized {
                            report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" graphs counter \(v.metricName!) raw", hint: "graph rate(\(v.metricName!)[$__rate_interval])")
                        }
                    }
                }
            }
        }
    }
}
