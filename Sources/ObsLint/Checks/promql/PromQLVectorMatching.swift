/// Binary operations between vectors whose label sets can never match.
public struct PromQLVectorMatching: LintCheck {
    public static let description = CheckDescription(
        id: "promql/vector-matching", severity: .error,
        summary: "Both sides of a binary operator have different label sets and no on()/ignoring(): the result is always empty.",
        rationale: "One-to-one matching pairs series with identical label sets. When one side keeps `job` and the other `instance`, no pair ever matches and the rule or alert silently returns nothing.",
        triggering: [.alert("sum by (job) (rate(errors_total[5m])) ↓/ sum by (instance) (rate(requests_total[5m])) > 0.1")],
        nonTriggering: [
            .alert("sum by (job) (rate(errors_total[5m])) / sum by (job) (rate(requests_total[5m])) > 0.1"),
            .alert("sum by (job) (rate(errors_total[5m])) / on (job) group_left sum by (job, instance) (rate(requests_total[5m])) > 0.1"),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let e = r.expr else { continue }
            e.walk { node in
                guard case .binary(let b) = node, b.matching == nil, !b.op.isSetOperator,
                      b.lhs.type == .vector, b.rhs.type == .vector,
                      case .exactly(let l) = Analysis.labels(b.lhs), case .exactly(let rr) = Analysis.labels(b.rhs), l != rr else { return }
                report.add(r, exprRange: b.operatorRange,
                           "the left side has labels {\(l.sorted().joined(separator: ", "))} and the right {\(rr.sorted().joined(separator: ", "))}: no series ever match",
                           hint: "match on the shared labels: \(b.op.rawValue) on (\(l.intersection(rr).sorted().joined(separator: ", ")))")
            }
        }
    }
}
