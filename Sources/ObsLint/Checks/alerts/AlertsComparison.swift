import Foundation
/// Alerts without a condition: they always fire.
public struct AlertsComparison: LintCheck {
    public static let description = CheckDescription(
        id: "alerts/comparison", severity: .error,
        summary: "An alert expression has no condition, so it fires for every series it returns.",
        rationale: "An alert fires for each series its expression returns. Without a condition every series is a firing alert, all the time. A condition is a comparison without `bool` (it drops the series that fail), `absent()`/`absent_over_time()`, or `and`/`unless`, wherever it stands: inside an aggregation (`count(x < 50)` is empty when nothing is below 50), a function or subquery that keeps series, or on either side of an arithmetic or `bool` join (only series matched on both sides remain). An `or` needs one on both sides; `bool`, `topk` and `vector()` are not conditions. An alert that is only a selector with label matchers is a warning, not an error: the matchers may be its condition (an info metric's state label, `iface_info{operstate=\"down\"}`), or not (`up{job=\"api\"}` always fires).",
        triggering: [
            .alert("↓sum by (job) (rate(errors_total[5m]))"),
            .alert("↓up"),
            // `bool` keeps every series, 0 or 1.
            .alert("↓rate(errors_total[5m]) > bool 0"),
            // topk picks series, it does not test them.
            .alert("↓topk(3, rate(errors_total[5m]))"),
            // The right side of `or` returns every series of up.
            .alert("↓(rate(errors_total[5m]) > 1) or up"),
            // No side of the join is filtered.
            .alert("↓up * on (instance) group_left node_memory_free_bytes"),
            // Label matchers alone: reported as a warning (they may be the condition).
            .alert("↓node_network_info{operstate=\"down\"}"),
            .alert("↓up{job=\"api\"}"),
        ],
        nonTriggering: [
            .alert("sum by (job) (rate(errors_total[5m])) > 0"),
            .alert("absent(up{job=\"api\"})"),
            .alert("absent_over_time(up{job=\"api\"}[10m])"),
            .alert("up unless on (job) maintenance_mode == 1"),
            .alert("a unless b"),
            .alert("up and on (job) deploy_in_progress"),
            // A condition inside an aggregation.
            .alert("count(avg_over_time(up[5m]) * 100 < 50)"),
            .alert("count(bookie_server_status == 0) by (pod)"),
            .alert("topk by (x) (1, m >= 0)"),
            // A condition inside a function.
            .alert("group without (pod) (timestamp(dead_tuples > live_tuples * 0.2))"),
            // `unless` inside an aggregation, a filter on the other side of the join.
            .alert("max without (revision) (current_revision unless update_revision) * (replicas != replicas_updated)"),
            // A filtered side carried through a join.
            .alert("sum by (instance, job) ((up == 0) * on (instance) group_left (__name__) (node_time_seconds - node_boot_time_seconds > 600))"),
            .alert("(up - 1) + on (job, instance) (sum by (job, instance) (increase(uploads_total[3h])) == 0)"),
            // A `bool` comparison of something already filtered.
            .alert("(foo > 1) > bool 1"),
            .alert("(rate(errors_total[5m]) > 1) or absent(up)"),
            // A deliberate always-firing watchdog.
            .alert("vector(1)"),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules where r.alert != nil {
            guard let e = r.expr, e.type == .vector, !Analysis.hasCondition(e) else { continue }
            // `vector(1)` style always-firing "watchdog" alerts are deliberate.
            if case .call(let c) = e.unparenthesized, c.function.name == "vector" { continue }
            let whole = PositionRange(start: 0, end: r.exprText.utf8.count)
            // A bare selector with label matchers may mean them as its condition: an info
            // metric's state label (`iface_info{operstate="down"}`) fires only while it says so.
            // Nothing in the text tells that from `up{job="api"}`, which always fires: a warning.
            let labels = if case .vectorSelector(let v) = e.unparenthesized { v.matchers.filter { $0.name != "__name__" } } else { [LabelMatcher]() }
            if !labels.isEmpty {
                let names = labels.map { "\($0.name)\($0.op.rawValue)\"\($0.value)\"" }.joined(separator: ", ")
                report.add(r, exprRange: whole, "alert \(r.name) has no condition but its label matchers (\(names)): it fires for every series they select, whatever its value",
                           hint: "if the matchers are the condition (an info metric's state label), this is intended; otherwise compare the value, e.g. … > 0",
                           severity: .warning)
                continue
            }
            report.add(r, exprRange: whole, "alert \(r.name) has no condition and fires for every series its expression returns",
                       hint: "compare with a threshold, e.g. … > 0.05")
        }
    }
}
