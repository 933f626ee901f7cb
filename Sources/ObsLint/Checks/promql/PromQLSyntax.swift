/// Expressions that do not parse or do not type-check.
public struct PromQLSyntax: LintCheck {
    public static let description = CheckDescription(
        id: "promql/syntax", severity: .error,
        summary: "A PromQL expression does not parse or type-check.",
        rationale: "Prometheus refuses to load a rule file with one invalid expression. obsgen reads PromQL exactly as Prometheus does and points at the character.",
        triggering: [
            .alert("sum(rate(x[5m])) by ↓job > 1"),
            .record("rate(↓x)"),
            .alert("1 ↓> 2"),
        ],
        nonTriggering: [.alert("sum by (job) (rate(x_total[5m])) > 1")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for (file, d) in context.loadDiagnostics where d.id == LoadIssue.promqlSyntax.rawValue {
            report.add(file, d.range, d.message)
        }
    }
}
