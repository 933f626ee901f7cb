/// Alerts without a condition: they always fire.
public struct AlertsComparison: LintCheck {
    public static let description = CheckDescription(
        id: "alerts/comparison", severity: .error,
        summary: "An alert expression has no condition, so it fires for every series it returns.",
        rationale: "An alert fires for each series its expression returns. Without a comparison (or absent(), or a filtering and/unless) every series is a firing alert, all the time.",
        triggering: [.alert("↓sum by (job) (rate(errors_total[5m]))"), .alert("↓up")],
        nonTriggering: [.alert("sum by (job) (rate(errors_total[5m])) > 0"), .alert("absent(up{job=\"api\"})"), .alert("up unless on (job) maintenance_mode == 1")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules where r.alert != nil {
            guard let e = r.expr, e.type == .vector, !Analysis.hasCondition(e) else { continue }
            // `vector(1)` style always-firing "watchdog" alerts are deliberate.
            if case .call(let c) = e.unparenthesized, c.function.name == "vector" { continue }
            report.add(r, exprRange: PositionRange(start: 0, end: r.exprText.utf8.count), "alert \(r.name) has no condition and fires for every series its expression returns",
                       hint: "compare with a threshold, e.g. … > 0.05")
        }
    }
}
