import Foundation

/// The questions the online checks need answered, found from what is linted: the text of
/// every query, so that gathering and checking agree on it.
public enum SeriesQuestions {
    /// A selector as the series check reads it: the metric, and the matchers whose values are
    /// known (a Grafana variable's value is not).
    public struct Selector: Sendable, Hashable {
        public var metric: String
        public var matchers: [LabelMatcher]
    }

    /// The selector to ask about, or nil where it cannot be asked: no metric name, a
    /// templated name.
    public static func selector(_ v: VectorSelector) -> Selector? {
        guard !v.nameIsTemplated, let name = v.metricName, !name.contains("$") else { return nil }
        let ms = v.matchers.filter { m in
            !(m.name == "__name__" && m.op == .equal) && !m.nameIsTemplated && !m.name.contains("$") && !m.value.contains("$")
        }.map { LabelMatcher(name: $0.name, op: $0.op, value: $0.value) }
        return Selector(metric: name, matchers: ms)
    }

    static func text(_ m: LabelMatcher) -> String {
        "\(m.name)\(m.op.rawValue)\(goQuote(m.value))"
    }

    /// `count(metric{…})`.
    public static func count(_ metric: String, _ matchers: [LabelMatcher] = []) -> String {
        matchers.isEmpty ? "count(\(metric))" : "count(\(metric){\(matchers.map(text).joined(separator: ", "))})"
    }

    /// `count(metric{label!=""})`: series that carry the label.
    public static func count(_ metric: String, carrying label: String) -> String {
        count(metric, [LabelMatcher(name: label, op: .notEqual, value: "")])
    }

    public static func key(metric: String, label: String) -> String { metric + "\u{0}" + label }

    /// Whether a matcher needs the label to be set (`l="x"`, `l=~".+"`), where its absence
    /// alone makes the selector empty.
    public static func needsLabel(_ m: LabelMatcher) -> Bool {
        switch m.op {
        case .equal: !m.value.isEmpty
        case .regexMatch: RegexSupport.matchesEmpty(m.value) == false
        case .notEqual: m.value.isEmpty
        case .regexNoMatch: RegexSupport.matchesEmpty(m.value) == true
        }
    }

    /// The selectors of an expression that the series check asks about: not those whose
    /// absence the expression expects — inside absent()/absent_over_time(), on the right of
    /// `unless`, or in an `or` whose other side is a fallback without selectors (`or vector(0)`).
    public static func checkedSelectors(_ e: Expr) -> [VectorSelector] {
        var out: [VectorSelector] = []
        func visit(_ e: Expr) {
            switch e {
            case .vectorSelector(let v): out.append(v)
            case .matrixSelector(let m): out.append(m.selector)
            case .call(let c) where c.function.name == "absent" || c.function.name == "absent_over_time": return
            case .binary(let b) where b.op == .unless: visit(b.lhs)
            case .binary(let b) where b.op == .or && (Analysis.selectors(b.lhs).isEmpty || Analysis.selectors(b.rhs).isEmpty): return
            default: e.children.forEach(visit)
            }
        }
        visit(e)
        return out
    }

    /// Every expression linted: the rules' and the dashboards' queries.
    static func expressions(_ context: LintContext) -> [Expr] {
        var out = context.rules.compactMap(\.expr)
        for d in context.dashboards { for q in d.queries(context) { out.append(q.expr) } }
        return out
    }

    /// The distinct selectors the series check reads, in a stable order.
    public static func selectors(_ context: LintContext) -> [Selector] {
        var seen: Set<Selector> = []
        var out: [Selector] = []
        for e in expressions(context) {
            for v in checkedSelectors(e) {
                if let s = selector(v), seen.insert(s).inserted { out.append(s) }
            }
        }
        return out
    }
}
