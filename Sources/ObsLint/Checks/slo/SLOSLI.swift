/// An SLI whose error and total queries read different sets of series: grouped differently
/// (the division matches nothing), errors selected outside the totals (the ratio can exceed
/// 1), or aggregated with different operators.
public struct SLOSLI: LintCheck {
    static func events(_ errors: String, _ total: String) -> Example {
        .slo(sli: "events:\n  error_query: \(errors)\n  total_query: \(total)")
    }

    static func raw(_ query: String) -> Example {
        .slo(sli: "raw:\n  error_ratio_query: \(query)")
    }

    public static let description = CheckDescription(
        id: "slo/sli", severity: .error,
        summary: "An SLI's error and total queries (or the two sides of a raw error ratio) group their results differently, select errors outside the totals, or aggregate them with different operators.",
        rationale: "Sloth divides the error query by the total query with `/`, which pairs series with exactly the same labels: `sum by (job)` over `sum` pairs nothing, the SLI has no series and no alert ever fires. Errors must be a subset of the totals: when the total query selects `{job=\"api\"}` and the error query of the same metric has no `job` matcher, errors of every job are counted against the requests of one, and the ratio can exceed 1 (burn rates and budget are then wrong in the direction of paging); two `=` matchers with different values select disjoint series. A raw ratio of a `max` over a `sum` is not a share of events. Different metric families (errors_total over requests_total) are not compared: their labels are their own.",
        triggering: [
            events("↓sum by (job) (rate(http_requests_total{code=~\"5..\"}[{{.window}}]))", "sum(rate(http_requests_total[{{.window}}]))"),
            events("↓sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))", "sum(rate(http_requests_total{method=\"GET\"}[{{.window}}]))"),
            events("↓sum(rate(http_requests_total{method=\"POST\",code=~\"5..\"}[{{.window}}]))", "sum(rate(http_requests_total{method=\"GET\"}[{{.window}}]))"),
            raw("↓max(rate(http_requests_total{code=~\"5..\"}[{{.window}}])) / sum(rate(http_requests_total[{{.window}}]))"),
        ],
        nonTriggering: [
            events("sum(rate(http_requests_total{method=\"GET\",code=~\"5..\"}[{{.window}}]))", "sum(rate(http_requests_total{method=\"GET\"}[{{.window}}]))"),
            events("sum by (method) (rate(http_requests_total{code=~\"5..\"}[{{.window}}]))", "sum by (method) (rate(http_requests_total[{{.window}}]))"),
            events("sum(rate(errors_total[{{.window}}]))", "sum(rate(requests_total{method=\"GET\"}[{{.window}}]))"),
            raw("sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}])) / sum(rate(http_requests_total[{{.window}}]))"),
            raw("1 - (sum(rate(http_requests_total{code!~\"5..\"}[{{.window}}])) / sum(rate(http_requests_total[{{.window}}])))"),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        let options = ParseOptions(features: .all)
        func parse(_ q: String) -> Expr? { PromQL.check(SLO.query(q, window: .minutes(5)), options: options).expr }
        for s in context.slos {
            switch s.slo.sli {
            case .events(let e, let t):
                guard let errors = parse(e), let total = parse(t) else { continue }
                for (message, hint) in Self.problems(errors: errors, total: total, what: ("error query", "total query")) {
                    report.add(s.file, s.queryRanges[0], message, hint: hint)
                }
            case .raw(let r):
                guard var x = parse(r)?.unparenthesized else { continue }
                // `1 - good / total` is read as its ratio: good events are a subset of all too.
                if case .binary(let b) = x, b.op == .sub, case .number = b.lhs.unparenthesized { x = b.rhs.unparenthesized }
                guard case .binary(let b) = x, b.op == .div, b.matching == nil, !b.returnBool,
                      b.lhs.type == .vector, b.rhs.type == .vector else { continue }
                for (message, hint) in Self.problems(errors: b.lhs, total: b.rhs, what: ("ratio's numerator", "denominator")) {
                    report.add(s.file, s.queryRanges[0], message, hint: hint)
                }
            }
        }
    }

    /// What makes `errors / total` pair the wrong series.
    static func problems(errors: Expr, total: Expr, what: (errors: String, total: String)) -> [(String, String?)] {
        var out: [(String, String?)] = []
        // Grouping: `/` pairs series with the same labels.
        if case .exactly(let el) = Analysis.labels(errors), case .exactly(let tl) = Analysis.labels(total), el != tl {
            func list(_ s: Set<String>) -> String { s.isEmpty ? "no labels" : "labels (" + s.sorted().joined(separator: ", ") + ")" }
            out.append(("the \(what.errors)'s result has \(list(el)) and the \(what.total)'s \(list(tl)): `/` pairs series with the same labels, so the SLI is missing series (or has none)",
                        "aggregate both by the same labels"))
        }
        // Aggregation operators: a share of events is a sum (or count) over a sum (or count).
        if case .aggregation(let ea) = errors.unparenthesized, case .aggregation(let ta) = total.unparenthesized, ea.op != ta.op,
           !(Set([ea.op, ta.op]).isSubset(of: [.sum, .count])) {
            out.append(("the \(what.errors) aggregates with \(ea.op.rawValue) and the \(what.total) with \(ta.op.rawValue): the ratio is not a share of events and can exceed 1",
                        "aggregate both with sum"))
        }
        // Errors outside the totals, for selectors of the same metric on both sides.
        let errorSelectors = Analysis.selectors(errors).map(\.selector), totalSelectors = Analysis.selectors(total).map(\.selector)
        var reported: Set<String> = []
        for t in totalSelectors {
            guard let name = t.name else { continue }
            for e in errorSelectors where e.name == name {
                for m in t.matchers where m.name != "__name__" {
                    let onLabel = e.matchers.filter { $0.name == m.name }
                    let key = "\(name)|\(m.name)"
                    if onLabel.isEmpty, !m.matchesEmpty, reported.insert(key).inserted {
                        out.append(("the \(what.total) selects \(name){\(m.name)\(m.op.rawValue)\"\(m.value)\"} but the \(what.errors)'s \(name) has no \(m.name) matcher: it counts errors of series the total leaves out, and the ratio can exceed 1",
                                    "add \(m.name)\(m.op.rawValue)\"\(m.value)\" to the \(what.errors)"))
                    } else if m.op == .equal, let other = onLabel.first(where: { $0.op == .equal && $0.value != m.value }), reported.insert(key).inserted {
                        out.append(("the \(what.errors) selects \(name){\(m.name)=\"\(other.value)\"} and the \(what.total) \(name){\(m.name)=\"\(m.value)\"}: no error is among the totals",
                                    "select the same \(m.name) on both"))
                    }
                }
            }
        }
        return out
    }
}
