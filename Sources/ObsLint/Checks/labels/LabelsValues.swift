/// Matcher values outside a label's declared values.
public struct LabelsValues: LintCheck {
    public static let description = CheckDescription(
        id: "labels/values", severity: .error,
        summary: "A matcher compares a label with a value it never takes.",
        rationale: "When the catalog lists a label's values (`status` is success, failed or rolled_back), `status=\"failure\"` matches nothing and the alert never fires.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(deployment_total{↓status=\"failure\"}[5m])) > 0\n")],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(deployment_total{status=\"failed\"}[5m])) > 0\n")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard r.expr != nil else { continue }
            for (v, _) in r.selectors {
                guard let n = v.metricName, let m = context.catalogMetric(n) else { continue }
                for matcher in v.matchers {
                    guard let values = m.label(matcher.name)?.values, !matcher.value.contains("$") else { continue }
                    switch matcher.op {
                    case .equal, .notEqual:
                        if !matcher.value.isEmpty && !values.contains(matcher.value) {
                            report.add(r, exprRange: matcher.range, "\(matcher.name) of \(m.name) is never \"\(matcher.value)\" (values: \(values.joined(separator: ", ")))",
                                       hint: Analysis.closest(matcher.value, in: values).map { "did you mean \($0)?" })
                        }
                    case .regexMatch:
                        // Each alternative of a simple alternation must be a declared value.
                        let alternatives = matcher.value.split(separator: "|").map(String.init)
                        if alternatives.allSatisfy(RegexSupport.isPlainLiteral) {
                            for a in alternatives where !a.isEmpty && !values.contains(a) {
                                report.add(r, exprRange: matcher.range, "\(matcher.name) of \(m.name) is never \"\(a)\" (values: \(values.joined(separator: ", ")))")
                            }
                        }
                    case .regexNoMatch: break
                    }
                }
            }
        }
    }
}
