/// Duplicate panel ids.
public struct DashboardsPanelID: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/panel-id", severity: .error,
        summary: "Two panels of a dashboard share an id.",
        rationale: "Grafana addresses panels by id (links with `viewPanel=`, alert annotations, library panels); with duplicates, links open the wrong panel and edits overwrite each other.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\"}, {\"id\": ↓1, \"type\": \"stat\", \"title\": \"b\"}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\"}, {\"id\": 2, \"type\": \"stat\", \"title\": \"b\"}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            var seen: [Int: String] = [:]
            let all = (d.dashboard.panels ?? []) + (d.dashboard.panels ?? []).flatMap { $0.panels ?? [] } + (d.dashboard.rows ?? []).flatMap(\.panels)
            for p in all {
                guard let id = p.id else { continue }
                if let first = seen[id] {
                    report.add(d.file, d.range(of: p, key: ["id"]), "panel \"\(p.title ?? "")\" has id \(id), like panel \"\(first)\"")
                } else {
                    seen[id] = p.title ?? ""
                }
            }
        }
    }
}
