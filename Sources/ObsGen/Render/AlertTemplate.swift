import Foundation

/// A small reader of Prometheus alert templates: enough to fill in `{{ $labels.name }}` and
/// `{{ .Labels.name }}` references, as promtool would, for expected test annotations.
public enum AlertTemplate {
    /// Expands label references; nil when the template uses anything else (`$value`,
    /// functions, pipelines), which only Prometheus can evaluate.
    public static func expand(_ template: String, labels: Labels) -> String? {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[rest.startIndex..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            var action = rest[open.upperBound..<close.lowerBound]
            if action.hasPrefix("-") { action = action.dropFirst() }
            if action.hasSuffix("-") { action = action.dropLast() }
            let trimmed = action.trimmingCharacters(in: .whitespaces)
            var name: Substring?
            if trimmed.hasPrefix("$labels.") { name = trimmed.dropFirst(8) } else if trimmed.hasPrefix(".Labels.") { name = trimmed.dropFirst(8) }
            guard let name, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            out += labels[String(name)] ?? ""
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Every annotation that can be expanded; those that cannot are left out.
    public static func expandAll(_ annotations: [String: String], labels: Labels) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in annotations {
            if let e = expand(v, labels: labels) { out[k] = e }
        }
        return out
    }
}
