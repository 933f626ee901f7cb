/// Thresholds that do not fit the expression's unit or range.
public struct ThresholdsUnits: LintCheck {
    public static let description = CheckDescription(
        id: "thresholds/units", severity: .error,
        summary: "A threshold that does not fit the expression: a ratio compared with a number above 1, a percentage with a ratio-sized number, seconds with a millisecond-sized value, a negative bound on a non-negative value.",
        rationale: "`error_ratio > 5` never fires (ratios stay within 0–1); `latency_seconds > 500` waits for eight minutes of latency when 500 ms was meant; `_percent > 0.05` fires at a twentieth of a percent.",
        triggering: [
            .alert("sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) ↓> 5"),
            .alert("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) ↓> 500"),
            .alert("cpu_usage_percent ↓> 0.9"),
        ],
        nonTriggering: [
            .alert("sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 0.05"),
            .alert("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5"),
            .alert("cpu_usage_percent > 90"),
        ])

    public init() {}

    public enum Unit { case ratio, percent, seconds, other }

    /// What unit an expression's values are in, from names and shape.
    public static func unit(_ e: Expr, _ context: LintContext) -> Unit {
        switch e.unparenthesized {
        case .binary(let b) where b.op == .div:
            // a / b with both rates or sums of the same kind: a ratio.
            let l = unit(b.lhs, context), r = unit(b.rhs, context)
            if l == .seconds && r == .other, case .number = b.rhs.unparenthesized { return .other }
            if isCountLike(b.lhs) && isCountLike(b.rhs) && sameFamily(b.lhs, b.rhs) { return .ratio }
            return .other
        case .binary(let b) where b.op == .sub:
            if case .number(let n) = b.lhs.unparenthesized, n.value == 1, unit(b.rhs, context) == .ratio { return .ratio }
            return .other
        case .binary(let b) where b.op == .mul:
            if case .number(let n) = b.rhs.unparenthesized, n.value == 100, unit(b.lhs, context) == .ratio { return .percent }
            return .other
        case .call(let c):
            if c.function.name == "histogram_quantile", c.args.count == 2 {
                let names = Analysis.selectors(c.args[1]).compactMap(\.selector.metricName)
                if names.contains(where: { $0.contains("_seconds") }) { return .seconds }
            }
            if ["rate", "irate", "increase", "deriv", "delta"].contains(c.function.name) { return .other }
            if let a = c.args.first, ["avg_over_time", "max_over_time", "min_over_time", "last_over_time", "quantile_over_time", "clamp_min", "clamp_max", "abs"].contains(c.function.name) {
                return unit(c.args.count == 2 && c.function.name == "quantile_over_time" ? c.args[1] : a, context)
            }
            return .other
        case .aggregation(let a):
            if [.sum, .avg, .max, .min, .quantile].contains(a.op) { return unit(a.expr, context) }
            return .other
        case .vectorSelector(let v):
            return nameUnit(v.metricName ?? "", context)
        case .matrixSelector(let m):
            return nameUnit(m.selector.metricName ?? "", context)
        default:
            return .other
        }
    }

    static func nameUnit(_ n: String, _ context: LintContext) -> Unit {
        if let m = context.catalogMetric(n) {
            switch m.unit {
            case .ratio: return .ratio
            case .percent: return .percent
            case .seconds: return n.hasSuffix("_count") || n.hasSuffix("_bucket") ? .other : (n.hasSuffix("_sum") ? .other : .seconds)
            default: break
            }
        }
        if n.hasSuffix("_ratio") || n.hasSuffix(":ratio") || n.contains(":ratio_") || n.contains("success_rate") || n.contains("error_rate") || n.contains("_ratio:") { return .ratio }
        if n.hasSuffix("_percent") || n.hasSuffix("_percentage") { return .percent }
        if n.hasSuffix("_seconds") || n.contains("_seconds:") || n.hasSuffix("_seconds_p95") { return .seconds }
        return .other
    }

    /// Two counts of the same thing (the same metric with other matchers, or errors over
    /// requests of one family) make a ratio; other quotients (time per request) do not.
    static func sameFamily(_ a: Expr, _ b: Expr) -> Bool {
        let x = Analysis.selectors(a).compactMap(\.selector.metricName), y = Analysis.selectors(b).compactMap(\.selector.metricName)
        guard let n = x.first, let d = y.first else { return false }
        if n == d { return true }
        func stem(_ s: String) -> String {
            var t = s
            for suf in ["_total", "_count", "_bucket"] where t.hasSuffix(suf) { t = String(t.dropLast(suf.count)) }
            return t
        }
        let (sn, sd) = (stem(n), stem(d))
        let failure = ["error", "errors", "failed", "failures", "fail", "5xx"]
        return failure.contains { sn.contains($0) } && (sd.contains("request") || sd.contains("total") || sd.hasSuffix("s")) && (sn.split(separator: "_").first == sd.split(separator: "_").first || !sn.contains("_") || !sd.contains("_"))
    }

    /// Request latencies are sub-second; a threshold of 20 or more on them is milliseconds.
    static func isRequestLatency(_ e: Expr) -> Bool {
        Analysis.selectors(e).contains { s in
            let n = s.selector.metricName ?? ""
            return ["request", "latency", "response", "http", "rpc", "query", "health_check", "api_"].contains { n.contains($0) }
        }
    }

    static func isCountLike(_ e: Expr) -> Bool {
        switch e.unparenthesized {
        case .call(let c): return ["rate", "irate", "increase", "count_over_time"].contains(c.function.name)
        case .aggregation(let a): return a.op == .count || isCountLike(a.expr)
        default: return false
        }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let e = r.expr else { continue }
            for b in Analysis.comparisons(e) where !b.returnBool {
                guard case .number(let n) = b.rhs.unparenthesized else { continue }
                let v = n.value
                switch Self.unit(b.lhs, context) {
                case .ratio where abs(v) > 1 && (b.op == .gtr || b.op == .gte || b.op == .eql):
                    report.add(r, exprRange: b.operatorRange, "a ratio (0–1) compared with \(formatNumber(v)): it never gets there", hint: "write \(formatNumber(v / 100)) for \(formatNumber(v)) %")
                case .percent where v > 0 && v < 1:
                    report.add(r, exprRange: b.operatorRange, "a percentage compared with \(formatNumber(v)), a ratio-sized number", hint: "write \(formatNumber(v * 100)) for \(formatNumber(v * 100)) %")
                case .seconds where v >= 100 && (b.op == .gtr || b.op == .gte) && Self.isRequestLatency(b.lhs):
                    report.add(r, exprRange: b.operatorRange, "a duration in seconds compared with \(formatNumber(v)): \(formatDuration(milliseconds: Int64(v * 1000))); milliseconds meant?", hint: "write \(formatNumber(v / 1000)) for \(formatNumber(v)) ms")
                default: break
                }
                if v < 0, b.op == .lss || b.op == .lte {
                    let u = Self.unit(b.lhs, context)
                    if u == .ratio || u == .percent {
                        report.add(r, exprRange: b.operatorRange, "a non-negative value compared with \(formatNumber(v)): never true")
                    }
                }
            }
        }
    }
}
