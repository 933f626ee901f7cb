/// Labels used on a metric that does not declare them.
public struct LabelsUndefined: LintCheck {
    public static let description = CheckDescription(
        id: "labels/undefined", severity: .error,
        summary: "A matcher or grouping names a label the metric does not declare (with a did-you-mean).",
        rationale: "A matcher on a label the series never carry matches nothing (or everything, for `!=`); a typo such as `enviroment` silently empties an alert. The catalog says which labels each metric has.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(deployment_total{↓enviroment=\"production\"}[5m])) > 0\n")],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(deployment_total{environment=\"production\"}[5m])) > 0\n")])

    public init() {}

    /// Labels Prometheus adds to every scraped series.
    static let targetLabels: Set<String> = ["job", "instance", "__name__", "le", "quantile"]

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let e = r.expr else { continue }
            for (v, _) in Analysis.selectors(e) {
                guard let n = v.metricName, let m = context.catalogMetric(n) else { continue }
                let declared = m.labels.map(\.name)
                for matcher in v.matchers where !Self.targetLabels.contains(matcher.name) && !declared.contains(matcher.name) {
                    report.add(r, exprRange: matcher.range, "\(m.name) has no label \(matcher.name)",
                               hint: Analysis.closest(matcher.name, in: declared).map { "did you mean \($0)?" } ?? "labels: \(declared.joined(separator: ", "))")
                }
            }
            e.walk { node in
                guard case .aggregation(let a) = node, !a.without else { return }
                let sels = Analysis.selectors(a.expr).compactMap { $0.selector.metricName.flatMap(context.catalogMetric) }
                guard !sels.isEmpty, sels.count == Analysis.selectors(a.expr).count else { return }
                for l in a.grouping where !Self.targetLabels.contains(l) && !sels.contains(where: { $0.labels.contains { $0.name == l } }) {
                    let all = Array(Set(sels.flatMap { $0.labels.map(\.name) })).sorted()
                    report.add(r, exprRange: a.range, "by (\(l)): \(sels.map(\.name).joined(separator: ", ")) has no label \(l)",
                               hint: Analysis.closest(l, in: all).map { "did you mean \($0)?" })
                }
            }
        }
    }
}
