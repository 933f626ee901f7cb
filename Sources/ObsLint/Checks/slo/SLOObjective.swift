/// An objective that leaves no error budget, one written as a ratio, or one so low that it is
/// probably a mistake.
public struct SLOObjective: LintCheck {
    static func spec(objective: String) -> Example {
        .slo(objective: objective, sli: "events:\n  error_query: sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))\n  total_query: sum(rate(http_requests_total[{{.window}}]))")
    }

    public static let description = CheckDescription(
        id: "slo/objective", severity: .error,
        summary: "An SLO's objective of 100 (no error budget) or of at most 1 (a ratio written where a percentage belongs); below 90 is reported as a warning.",
        rationale: "The error budget is 100 minus the objective: at 100 it is zero, every burn-rate threshold is 0 and the page alert fires on the first bad event, and the burn-rate and budget-remaining series divide by zero. Sloth's objective is a percentage: 0.999 means 0.999 %, not 99.9 %. An objective under 90 % allows one bad event in ten; it is usually a ratio or a typo (9.9 for 99.9), and is reported as a warning. The period is checked when the SLO is built (`slo/spec`): only 30d, 28d and 7d have alert windows.",
        triggering: [spec(objective: "↓100"), spec(objective: "↓0.999"), spec(objective: "↓85")],
        nonTriggering: [spec(objective: "99.9"), spec(objective: "95")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for s in context.slos {
            let o = s.slo.objective
            let text = formatNumber(o)
            if o >= 100 {
                report.add(s.file, s.objectiveRange, "objective \(text) leaves no error budget: every burn-rate threshold is 0 and the burn rates divide by zero",
                           hint: "allow some errors (99.99 allows one in 10,000)")
            } else if o > 0 && o <= 1 {
                report.add(s.file, s.objectiveRange, "objective \(text) is a percentage: it allows \(formatNumber(((100 - o) * 1e9).rounded() / 1e9)) % of events to fail",
                           hint: "write \(formatNumber((o * 100 * 1e9).rounded() / 1e9)) for \(formatNumber((o * 100 * 1e9).rounded() / 1e9)) %")
            } else if o > 0 && o < 90 {
                report.add(s.file, s.objectiveRange, "objective \(text) % allows more than one bad event in ten: unusually low for an SLO",
                           hint: "an objective is a percentage such as 99.9", severity: .warning)
            }
        }
    }
}
