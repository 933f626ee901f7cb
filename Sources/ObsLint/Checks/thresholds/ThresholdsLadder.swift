/// Severity levels of one alert whose thresholds are out of order.
public struct ThresholdsLadder: LintCheck {
    public static let description = CheckDescription(
        id: "thresholds/ladder", severity: .error,
        summary: "The severity levels of one alert are not ordered in the firing direction, or two are equal.",
        rationale: "A warning at 10 % and a critical at 5 % pages before it warns; equal thresholds fire both levels at once. Alerts of the same name and expression with different `severity` labels form a ladder.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: Errors\n        expr: error_ratio > 0.10\n        labels: {severity: warning}\n      - ↓alert: Errors\n        expr: error_ratio > 0.05\n        labels: {severity: critical}\n")],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: Errors\n        expr: error_ratio > 0.05\n        labels: {severity: warning}\n      - alert: Errors\n        expr: error_ratio > 0.10\n        labels: {severity: critical}\n")])

    public init() {}

    static let rank = ["info": 0, "warning": 1, "critical": 2, "page": 3]

    public func run(_ context: LintContext, report: inout Findings) {
        var groups: [String: [(LintRule, Double, BinaryOperator, Int)]] = [:]
        for r in context.rules {
            guard let a = r.alert, let sev = a.labels["severity"], let rank = Self.rank[sev], let e = r.expr,
                  case .binary(let b) = e.unparenthesized, b.op.isComparison, case .number(let n) = b.rhs.unparenthesized else { continue }
            let key = "\(r.file.path)|\(a.name)|\(b.lhs.description)|\(b.op.rawValue)"
            groups[key, default: []].append((r, n.value, b.op, rank))
        }
        // A DSL ladder adds the comparison itself: its expression must be the measured value.
        var seenLadders: Set<String> = []
        for r in context.rules {
            guard let ladder = r.ladder, seenLadders.insert("\(r.file.path)|\(r.siteRange.start)|\(ladder.name)").inserted,
                  let e = try? PromQL.parse(ladder.expr, options: ParseOptions(features: context.features)),
                  case .binary(let b) = e.unparenthesized, b.op.isComparison, !b.returnBool else { continue }
            report.add(r, "\(ladder.name): the expression is already a condition (\(b.op.rawValue) \(b.rhs.description)); a severity ladder adds the comparison, so give the measured value",
                       hint: "remove \"\(b.op.rawValue) \(b.rhs.description)\" and put the threshold in the levels")
        }
        for (_, levels) in groups.sorted(by: { $0.key < $1.key }) where levels.count > 1 {
            let sorted = levels.sorted { $0.3 < $1.3 }
            for (lower, higher) in zip(sorted, sorted.dropFirst()) {
                let above = lower.2 == .gtr || lower.2 == .gte
                if lower.1 == higher.1 {
                    report.add(higher.0, "\(higher.0.name): \(higher.0.alert!.labels["severity"]!) and \(lower.0.alert!.labels["severity"]!) fire at the same threshold \(formatNumber(higher.1))")
                } else if above ? higher.1 < lower.1 : higher.1 > lower.1 {
                    report.add(higher.0, "\(higher.0.name): \(higher.0.alert!.labels["severity"]!) fires at \(formatNumber(higher.1)), before \(lower.0.alert!.labels["severity"]!) at \(formatNumber(lower.1))")
                }
            }
        }
    }
}
