/// Grouping on labels the operand cannot have; required labels dropped.
public struct PromQLAggregate: LintCheck {
    public static let description = CheckDescription(
        id: "promql/aggregate", severity: .warning,
        summary: "by/without/on/ignoring/group_left/group_right name a label the operand cannot have, or an aggregation drops a label that must be kept.",
        rationale: "After `sum by (job)` only `job` is left; grouping on anything else later silently groups everything together. Teams that route alerts by a label (such as `job`) lose it in aggregations; list such labels in the check's `keep_labels` option.",
        triggering: [
            .alert("↓sum by (instance) (sum by (job) (rate(x_total[5m]))) > 1"),
            .alert("sum by (job) (rate(a_total[5m])) ↓/ on (instance) sum by (job) (rate(b_total[5m])) > 1"),
        ],
        nonTriggering: [.alert("sum by (job) (sum by (job, instance) (rate(x_total[5m]))) > 1")],
        options: [CheckOption("keep_labels", .labelNames, default: "", "labels every aggregation in a rule must keep (e.g. job)")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        let keep = (context.config.option(Self.description.id, "keep_labels") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for r in context.rules {
            guard let e = r.expr else { continue }
            e.walk { node in
                switch node {
                case .aggregation(let a):
                    let inner = Analysis.labels(a.expr)
                    if !a.without {
                        for l in a.grouping where !inner.canHave(l) {
                            report.add(r, exprRange: a.range, "by (\(l)): the operand has no \(l) label left (\(describe(inner)))")
                        }
                    }
                    for k in keep where (a.without ? a.grouping.contains(k) : !a.grouping.contains(k)) && inner.canHave(k) && ![.topk, .bottomk, .limitk, .limitRatio].contains(a.op) {
                        report.add(r, exprRange: a.range, "\(a.op.rawValue) drops the \(k) label, which must be kept", hint: "add \(k) to by (…)")
                    }
                case .binary(let b):
                    guard let m = b.matching, b.lhs.type == .vector, b.rhs.type == .vector else { return }
                    let l = Analysis.labels(b.lhs), rr = Analysis.labels(b.rhs)
                    if m.on {
                        for label in m.labels where !l.canHave(label) || !rr.canHave(label) {
                            report.add(r, exprRange: b.operatorRange, "on (\(label)): \(l.canHave(label) ? "the right" : "the left") side has no \(label) label")
                        }
                    }
                    for label in m.include where !(m.cardinality == .manyToOne ? rr : l).canHave(label) {
                        report.add(r, exprRange: b.operatorRange, "group_\(m.cardinality == .manyToOne ? "left" : "right") (\(label)): the \(m.cardinality == .manyToOne ? "right" : "left") side has no \(label) label to copy")
                    }
                default: break
                }
            }
        }
    }

    func describe(_ s: Analysis.LabelSet) -> String {
        if case .exactly(let set) = s { return set.isEmpty ? "it has no labels" : "it has only " + set.sorted().joined(separator: ", ") }
        return "dropped by an inner aggregation"
    }
}
