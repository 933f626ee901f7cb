import Foundation

/// Labels used on a metric that does not declare them.
public struct LabelsUndefined: LintCheck {
    public static let description = CheckDescription(
        id: "labels/undefined", severity: .error,
        summary: "A matcher or grouping names a label the metric does not declare (with a did-you-mean).",
        rationale: "A matcher on a label the series never carry matches nothing (or everything, for `!=`); a typo such as `enviroment` silently empties an alert. The catalog says which labels each metric has.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(deployment_total{↓enviroment=\"production\"}[5m])) > 0\n"),
                     Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Deployments\", \"targets\": [{\"expr\": \"sum(deployment_total{↓enviroment=\\\"production\\\"})\"}]}]}"),
                     Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"env\", \"type\": \"query\", \"query\": \"label_values(deployment_total, ↓enviroment)\"}]}, \"panels\": []}")],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(deployment_total{environment=\"production\"}[5m])) > 0\n")])

    public init() {}

    /// Labels Prometheus adds to every scraped series.
    static let targetLabels: Set<String> = ["job", "instance", "__name__", "le", "quantile"]

    /// `label_values(selector, label)` of a Grafana variable query: the selector and the label,
    /// with where each starts in the query (in bytes).
    static func labelValues(_ query: String) -> (selector: String, label: String, selectorOffset: Int, labelOffset: Int)? {
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
        let selector = String(inner[..<split]).trimmingCharacters(in: .whitespaces)
        // Offsets in the query as written: past the whitespace trimmed before the query and
        // before each part.
        func leading(_ s: Substring, _ set: CharacterSet) -> Int { s.prefix { $0.unicodeScalars.allSatisfy(set.contains) }.utf8.count }
        let before = leading(query[...], .whitespacesAndNewlines)
        func offset(_ i: String.Index, skippingSpaceIn part: Substring) -> Int {
            before + q.utf8.distance(from: q.utf8.startIndex, to: i) + leading(part, .whitespaces)
        }
        return (selector, label, offset(inner.startIndex, skippingSpaceIn: inner[..<split]), offset(inner.index(after: split), skippingSpaceIn: inner[inner.index(after: split)...]))
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
                for (i, t) in (p.targets ?? []).enumerated() {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    check(e, context) { _, matcher, m, declared in
                        report.add(d.file, d.range(of: p, target: i, exprRange: matcher.range), "panel \"\(p.title ?? "")\": \(m.name) has no label \(matcher.name)",
                                   hint: Analysis.closest(matcher.name, in: declared).map { "did you mean \($0)?" } ?? "labels: \(declared.joined(separator: ", "))")
                    }
                }
            }
            for v in d.dashboard.variables ?? [] where v.type == "query" {
                // The query's text, and where it is in the variable.
                let text: String?, key: [JSONLocator.Step]
                switch v.query {
                case .string(let s): (text, key) = (s, ["query"])
                case .object(let o): if case .string(let s) = o["query"] { (text, key) = (s, ["query", "query"]) } else { (text, key) = (v.definition, ["definition"]) }
                default: (text, key) = (v.definition, ["definition"])
                }
                guard let text, let (selector, label, selectorOffset, labelOffset) = Self.labelValues(text),
                      let e = try? PromQL.parse(selector, options: grafana) else { continue }
                func at(_ offset: Int, _ r: PositionRange) -> PositionRange {
                    d.range(of: v, key: key, contentRange: PositionRange(start: offset + r.start, end: offset + r.end))
                }
                for (s, _) in Analysis.selectors(e) {
                    guard let n = s.metricName, let m = context.catalogMetric(n) else { continue }
                    let declared = m.labels.map(\.name)
                    if !Self.targetLabels.contains(label), !declared.contains(label) {
                        report.add(d.file, at(labelOffset, PositionRange(start: 0, end: label.utf8.count)), "variable \(v.name): label_values() reads label \(label), which \(m.name) does not have",
                                   hint: Analysis.closest(label, in: declared).map { "did you mean \($0)?" } ?? "labels: \(declared.joined(separator: ", "))")
                    }
                }
                check(e, context) { _, matcher, m, declared in
                    report.add(d.file, at(selectorOffset, matcher.range), "variable \(v.name): \(m.name) has no label \(matcher.name)",
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
