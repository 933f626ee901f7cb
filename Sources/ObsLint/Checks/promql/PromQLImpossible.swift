/// Conditions that can never be true.
public struct PromQLImpossible: LintCheck {
    public static let description = CheckDescription(
        id: "promql/impossible", severity: .error,
        summary: "A comparison that can never be true: a rate below zero, a count equal to a fraction, a comparison with NaN.",
        rationale: "rate(), increase() and counts are never negative; counts are whole numbers; NaN equals nothing. An alert with such a condition never fires.",
        triggering: [.alert("rate(errors_total[5m]) ↓< 0"), .alert("count(up == 0) ↓== 1.5"), .alert("up ↓== NaN")],
        nonTriggering: [.alert("rate(errors_total[5m]) > 0"), .alert("count(up == 0) >= 2")])

    public init() {}

    static let nonNegative: Set<String> = ["rate", "irate", "increase", "resets", "changes", "count_over_time", "absent", "absent_over_time",
                                           "present_over_time", "abs", "sqrt", "histogram_count", "timestamp", "time"]
    static let integral: Set<String> = ["count_over_time", "changes", "resets", "absent", "absent_over_time", "present_over_time"]

    func classify(_ e: Expr) -> (nonNegative: Bool, integer: Bool) {
        switch e.unparenthesized {
        case .call(let c): return (Self.nonNegative.contains(c.function.name), Self.integral.contains(c.function.name))
        case .aggregation(let a):
            if a.op == .count || a.op == .countValues || a.op == .group { return (true, true) }
            if [.sum, .max, .min, .avg, .topk, .bottomk].contains(a.op) {
                let inner = classify(a.expr)
                return (inner.nonNegative, inner.integer && a.op != .avg)
            }
            return (false, false)
        default: return (false, false)
        }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let e = r.expr else { continue }
            for b in Analysis.comparisons(e) {
                guard case .number(let n) = b.rhs.unparenthesized else { continue }
                if n.value.isNaN {
                    report.add(r, exprRange: b.operatorRange, "comparison with NaN is never true", hint: "use x != x to find NaN samples")
                    continue
                }
                let c = classify(b.lhs)
                if c.nonNegative && ((b.op == .lss && n.value <= 0) || (b.op == .lte && n.value < 0) || (b.op == .eql && n.value < 0)) {
                    report.add(r, exprRange: b.operatorRange, "the left side is never negative, so \(b.op.rawValue) \(formatNumber(n.value)) is never true")
                }
                if c.integer && b.op == .eql && n.value != n.value.rounded() {
                    report.add(r, exprRange: b.operatorRange, "a count is a whole number, so == \(formatNumber(n.value)) is never true")
                }
            }
        }
    }
}
