import Foundation

/// Renders one Markdown runbook per alert from a user-editable template. Placeholders:
/// `{{alert}}`, `{{summary}}`, `{{description}}`, `{{severities}}`, `{{category}}`, `{{for}}`,
/// `{{dashboard}}`, `{{detection}}`, `{{expressions}}`, `{{plural}}`, `{{diagnosis}}`,
/// `{{resolution}}`. Alerts that share a name (per-environment variants) share a runbook.
public enum RunbookRenderer {
    /// The template used when the project has no `templates/runbook.md`.
    public static let defaultTemplate = """
    # {{alert}}

    > {{summary}}

    | | |
    |---|---|
    | Severity | {{severities}} |
    | Category | {{category}} |
    | Fires after | {{for}} |
    | Dashboard | {{dashboard}} |

    {{description}}

    ## Detection

    {{detection}}

    The alert's rule{{plural}}:

    {{expressions}}

    ## Diagnosis

    {{diagnosis}}

    ## Resolution

    {{resolution}}

    ---
    This runbook is rendered by `obsgen render` from the alert's declaration and from
    `templates/runbook.md`; edit those, not this file.

    """

    /// Alert name → runbook text, for every alert that has runbook content or a runbook URL.
    public static func render(_ project: Project, template: String?) -> [(name: String, text: String)] {
        var order: [String] = []
        var byName: [String: [AlertRule]] = [:]
        for (_, _, a) in project.alerts where a.runbook != nil || a.annotations.runbookURL != nil {
            if byName[a.name] == nil { order.append(a.name) }
            byName[a.name, default: []].append(a)
        }
        let t = template ?? defaultTemplate
        return order.map { name in
            let alerts = byName[name]!
            let rules = alerts.flatMap { $0.expanded() }
            let first = alerts[0]
            let runbook = alerts.compactMap(\.runbook).first
            let severities = rules.compactMap { $0.labels["severity"] }
            var uniqueSeverities: [String] = []
            for s in severities where !uniqueSeverities.contains(s) { uniqueSeverities.append(s) }
            let values: [String: String] = [
                "alert": name,
                "summary": first.annotations.summary ?? "",
                "description": first.annotations.description ?? "",
                "severities": uniqueSeverities.isEmpty ? "—" : uniqueSeverities.joined(separator: ", "),
                "category": first.labels["category"] ?? "—",
                "for": rules.compactMap { $0.forDuration?.description }.first ?? "immediately",
                "dashboard": first.annotations.dashboardURL.map { "[panel](\($0))" } ?? "—",
                "detection": runbook?.detection ?? "The alert fires when its expression returns a result.",
                "plural": rules.count == 1 ? "" : "s",
                "expressions": rules.map { r in
                    let sev = r.labels["severity"].map { " (\($0))" } ?? ""
                    return "```promql\n# \(r.name)\(sev)\n\(r.expr)\n```"
                }.joined(separator: "\n\n"),
                "diagnosis": list(runbook?.diagnosis ?? [], numbered: true),
                "resolution": list(runbook?.resolution ?? [], numbered: true),
            ]
            return (name, fill(t, values))
        }
    }

    static func list(_ items: [String], numbered: Bool) -> String {
        if items.isEmpty { return "—" }
        return items.enumerated().map { numbered ? "\($0 + 1). \($1)" : "- \($1)" }.joined(separator: "\n")
    }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[rest.startIndex..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let key = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let v = values[key] { out += v } else { out += rest[open.lowerBound..<close.upperBound] }
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }
}
