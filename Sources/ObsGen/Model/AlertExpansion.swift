import Foundation

/// One Prometheus alerting rule as it is written to a rule file.
public struct ConcreteAlert: Sendable, Hashable {
    public var name: String
    public var expr: String
    public var forDuration: PromDuration?
    public var keepFiringFor: PromDuration?
    public var labels: Labels
    public var annotations: [String: String]
    /// The ladder level this rule stands for, if any.
    public var level: SeverityLevel?
}

extension AlertRule {
    /// The rules Prometheus sees: one per severity level (threshold in the expression,
    /// `severity` label set), or the alert itself when it has no ladder.
    public func expanded() -> [ConcreteAlert] {
        if severities.isEmpty {
            return [ConcreteAlert(name: name, expr: expr, forDuration: forDuration, keepFiringFor: keepFiringFor,
                                  labels: labels, annotations: annotations.all, level: nil)]
        }
        let base = AlertRule.thresholdOperand(expr)
        return severities.map { level in
            var l = labels
            l["severity"] = level.severity.rawValue
            return ConcreteAlert(
                name: name,
                expr: "\(base) \(level.comparison.rawValue) \(formatNumber(level.threshold))",
                forDuration: level.forDuration ?? forDuration, keepFiringFor: keepFiringFor,
                labels: l, annotations: annotations.all, level: level)
        }
    }

    /// The expression as the left operand of a comparison: parenthesised when its top-level
    /// operator binds looser than (or as loosely as) a comparison.
    static func thresholdOperand(_ expr: String) -> String {
        var trimmed = expr.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parsed = try? PromQL.parse(trimmed, options: .allFeatures) else { return "(\(trimmed))" }
        // A trailing comment would swallow the threshold: use the canonical form, which has none.
        if trimmed.contains("#") { trimmed = parsed.description }
        if case .binary(let b) = parsed, b.op.precedence <= BinaryOperator.eql.precedence {
            return "(\(trimmed))"
        }
        return trimmed
    }
}
