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

    /// `label_values(selector, label)` of a Grafana variable query: the selector and the label.
    static func labelValues(_ query: String) -> (selector: String, label: String)? {
        let q = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard q.hasPrefix("label_values("), q.hasSuffix(")") else { return nil }
        let inner = q.dropFirst("label_values(".count).dropLast()
        var depth = 0, quote: Character?, split: String.Index?
        var i = inner.startIndex
        while i < inner.endIndex {
            let c = inner[i]
            if let qc = quote {
                if c == "\\" { i = inner.index(after: i) } else if c == qc { quote = nil }
            } else if c == "\"" || c == "'" || c == "`" {
                quote = c
            } else if c == "(" || c == "{" || c == "[" {
                depth += 1
            } else if c == ")" || c == "}" || c == "]" {
                depth -= 1
            } else if c == ",", depth == 0 {
                split = i
            }
            if i < inner.endIndex { i = inner.index(after: i) }
        }
        guard let split else { return nil }
        let label = inner[inner.index(after: split)...].trimmingCharacters(in: .whitespaces)
        return (String(inner[..<split]).trimmingCharacters(in: .whitespaces), label)
    }

    func check(_ e: Expr, _ context: LintContext, report: (VectorSelector, LabelMatcher, Metric, [String]) -> Void) {
        for (v, _) in Analysis.selectors(e) {
            guard let n = v.metricName, let m = context.catalogMetric(n) else { continue }
            let declared = m.labels.map(\.name)
            for matcher in v.matchers where !Self.targetLabels.contains(matcher.name) && !declared.contains(matcher.name) && matcher.name != "__name__" {
                report(v, matcher, m, declared)
            }
        }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        // Dashboards: panel queries and `label_values()` of query variables.
        let grafana = ParseOptions(features: .all, grafana: true)
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                for t in p.targets ?? [] {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    check(e, context) { _, matcher, m, declared in
                        report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\": \(m.name) has no label \(matcher.name)",
                                   hint: Analysis.closest(matcher.name, in: declared).map { "did you mean \($0)?" } ?? "labels: \(declared.joined(separator: ", "))")
                    }
                }
            }
            for v in d.dashboard.variables ?? [] where v.type == "query" {
                let text: String?
                switch v.query {
                case .string(let s): text = s
                case .object(let o): if case .string(let s) = o["query"] { text = s } else { text = v.definition }
                default: text = v.definition
                }
                guard let text, let (selector, label) = Self.labelValues(text),
                      let e = try? PromQL.parse(selector, options: grafana) else { continue }
                for (s, _) in Analysis.selectors(e) {
                    guard let n = s.metricName, let m = context.catalogMetric(n) else { continue }
                    let declared = m.labels.map(\.name)
                    if !Self.targetLabels.contains(label), !declared.contains(label) {
                        report.add(d.file, d.range(of: v), "variable \(v.name): label_values() reads label \(label), which \(m.name) does not have",
                                   hint: Analysis.closest(label, in: declared).map { "did you mean \($0)?" } ?? "labels: \(declared.joined(separator: ", "))")
                    }
                }
                check(e, context) { _, matcher, m, declared in
                    report.add(d.file, d.range(of: v), "variable \(v.name): \(m.name) has no label \(matcher.name)",
                               hint: Analysis.closest(matcher.name, in: declared).map { "did you mean \($0)?" })
                }
            }
        }
        for r in context.rules {
            guard let e = r.expr else { continue }
            for (v, _) in r.selectors {
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
