/// Conditions that can never be true.
public struct PromQLImpossible: LintCheck {
    public static let description = CheckDescription(
        id: "promql/impossible", severity: .error,
        summary: "A condition that can never be true or a selector that can never match: a rate below zero, a count equal to a fraction, a comparison with NaN, `job=\"\"`, `!~\".*\"`, `vector(0) > 0`, `unless on() vector(1)`.",
        rationale: "rate(), increase() and counts are never negative; counts are whole numbers; NaN equals nothing; every scraped series has a job label; a negated regex that matches everything keeps nothing; a comparison of constants is decided before any data arrives; `unless on()` a constant drops everything. An alert with such a condition never fires, a panel stays empty. A matcher that matches everything (`=~\".*\"`) is reported as a warning: it does nothing.",
        triggering: [.alert("rate(errors_total[5m]) ↓< 0"), .alert("count(up == 0) ↓== 1.5"), .alert("up ↓== NaN"),
                     .alert("sum(rate(errors_total{↓job=\"\"}[5m])) > 1"), .alert("up{↓job!~\".*\"} == 0"),
                     .alert("vector(0) ↓> 0"), .alert("up == 0 ↓unless on() vector(1)"), .alert("up{↓instance=~\".*\"} == 0")],
        nonTriggering: [.alert("rate(errors_total[5m]) > 0"), .alert("count(up == 0) >= 2"), .alert("vector(1)"),
                        .alert("job:errors:rate5m{job=\"\"} > 1"), .alert("up{job!~\"node.*\"} == 0"),
                        .alert("up == 0 unless on(job) maintenance_active == 1"), .alert("(sum(rate(errors_total[5m])) or vector(0)) > 1")])

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

    /// The value of a constant instant vector (`vector(0)`, `(vector(1))`), if it is one.
    static func constantVector(_ e: Expr) -> Double? {
        guard case .call(let c) = e.unparenthesized, c.function.name == "vector", c.args.count == 1,
              case .number(let n) = c.args[0].unparenthesized else { return nil }
        return n.value
    }

    static func constant(_ e: Expr) -> Double? {
        if case .number(let n) = e.unparenthesized { return n.value }
        return constantVector(e)
    }

    static func compare(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Bool? {
        switch op {
        case .eql: a == b
        case .neq: a != b
        case .lss: a < b
        case .lte: a <= b
        case .gtr: a > b
        case .gte: a >= b
        default: nil
        }
    }

    /// A regex that matches every string (`.*` and its spellings).
    static func matchesEverything(_ regex: String) -> Bool {
        [".*", "^.*$", "(.*)", ".*?", "^(.*)$", "(?s:.*)", "(?s).*"].contains(regex)
    }

    /// A regex or value that matches only the empty string.
    static func matchesOnlyEmpty(_ m: LabelMatcher) -> Bool {
        (m.op == .equal && m.value.isEmpty) || (m.op == .regexMatch && ["", "^$", "()"].contains(m.value))
    }

    /// Selectors and set operations that can never return a series.
    func neverMatching(_ e: Expr, in r: LintRule, report: inout Findings) {
        for (v, _) in r.selectors {
            let recorded = v.metricName.map { $0.containsByte(UInt8(ascii: ":")) } ?? true
            for m in v.matchers {
                if m.op == .regexNoMatch && Self.matchesEverything(m.value) {
                    report.add(r, exprRange: m.range, "\(m.name)!~\"\(m.value)\" matches no series: the regex matches every value")
                } else if m.op == .regexMatch && Self.matchesEverything(m.value) && m.name != "__name__" {
                    report.add(r, exprRange: m.range, "\(m.name)=~\"\(m.value)\" matches every series; it does nothing", hint: "remove it", severity: .warning)
                } else if m.name == "job" && !recorded && Self.matchesOnlyEmpty(m) {
                    report.add(r, exprRange: m.range, "job\(m.op.rawValue)\"\(m.value)\" matches no series: every scraped series has a job label")
                }
            }
        }
        e.walk { node in
            guard case .binary(let b) = node else { return }
            if b.op.isComparison, !b.returnBool, let l = Self.constant(b.lhs), let rv = Self.constant(b.rhs),
               Self.constantVector(b.lhs) != nil || Self.constantVector(b.rhs) != nil, Self.compare(b.op, l, rv) == false {
                report.add(r, exprRange: b.operatorRange, "\(b.lhs) \(b.op.rawValue) \(b.rhs) compares constants and is never true: it returns nothing")
            }
            if b.op == .unless, let m = b.matching, m.on, m.labels.isEmpty, Self.constantVector(b.rhs) != nil {
                report.add(r, exprRange: b.operatorRange, "unless on() \(b.rhs) drops every series: the expression returns nothing")
            }
        }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let e = r.expr else { continue }
            neverMatching(e, in: r, report: &report)
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
