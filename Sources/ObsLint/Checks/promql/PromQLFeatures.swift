/// Experimental syntax used without its Prometheus feature flag.
public struct PromQLFeatures: LintCheck {
    public static let description = CheckDescription(
        id: "promql/features", severity: .error,
        summary: "Experimental PromQL is used without the feature flag Prometheus needs for it.",
        rationale: "A Prometheus started without `--enable-feature=…` refuses rules that use experimental functions, duration expressions, `anchored`/`smoothed` or fill modifiers. Enable the flag in obsgen.yml (`promql: {features: […]}`) when your Prometheus runs with it.",
        triggering: [.alert("↓info(up) == 0"), .record("rate(x_total[5m] ↓anchored)")],
        nonTriggering: [.alert("up == 0")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        // The expressions were parsed once, with the configured features, when read.
        for (file, d) in context.loadDiagnostics where d.id == LoadIssue.promqlFeatures.rawValue {
            report.add(file, d.range, d.message)
        }
    }
}
