/// Queries using variables the dashboard does not define.
public struct DashboardsUndefinedVariable: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/undefined-variable", severity: .error,
        summary: "A query, title or datasource uses a template variable the dashboard does not define.",
        rationale: "Grafana leaves an undefined `$cluster` in the query as text: the selector matches nothing and the panel stays empty without an error.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"job\", \"type\": \"custom\", \"query\": \"a,b\"}]}, \"panels\": [↓{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"targets\": [{\"expr\": \"up{job=\\\"$job\\\", cluster=\\\"$cluster\\\"}\"}]}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"job\", \"type\": \"custom\", \"query\": \"a,b\"}]}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"targets\": [{\"expr\": \"up{job=\\\"$job\\\", interval=\\\"$__interval\\\"}\"}]}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            var defined = Set((d.dashboard.variables ?? []).map(\.name))
            // Import inputs (`${DS_PROMETHEUS}`) are filled in when the dashboard is imported.
            for i in d.dashboard.extra["__inputs"]?.arrayValue ?? [] { if let n = i["name"]?.stringValue { defined.insert(n) } }
            for p in d.dashboard.allPanels {
                var texts = (p.targets ?? []).compactMap { t -> String? in
                    switch t.kind {
                    case .prometheus(let e, _, _, _), .loki(let e, _): return e
                    case .tempo(let q): return q
                    case .other: return nil
                    }
                }
                if let t = p.title { texts.append(t) }
                if let uid = p.datasource?.uid { texts.append(uid) }
                let repeatVar = p.extra["repeat"]?.stringValue
                for text in texts {
                    for name in Placeholder.variableNames(in: text) where !name.hasPrefix("__") && !defined.contains(name) && name != repeatVar && !name.allSatisfy(\.isNumber) {
                        report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" uses $\(name), which the dashboard does not define")
                    }
                }
            }
        }
    }
}
