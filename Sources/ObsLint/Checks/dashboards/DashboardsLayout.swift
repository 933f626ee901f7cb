/// Overlapping panels.
public struct DashboardsLayout: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/layout", severity: .warning,
        summary: "Two panels' gridPos overlap, or a panel is wider than Grafana's 24 columns.",
        rationale: "Grafana pushes overlapping panels around on load, so the saved layout is not what people see, and the next save rewrites it.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8}}, ↓{\"id\": 2, \"type\": \"stat\", \"title\": \"b\", \"gridPos\": {\"x\": 6, \"y\": 4, \"w\": 12, \"h\": 8}}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8}}, {\"id\": 2, \"type\": \"stat\", \"title\": \"b\", \"gridPos\": {\"x\": 12, \"y\": 0, \"w\": 12, \"h\": 8}}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            // Panels on the page: top level, and those of open rows (collapsed rows keep theirs aside).
            let placed = (d.dashboard.panels ?? []).filter { $0.gridPos != nil }
            for (i, p) in placed.enumerated() {
                let g = p.gridPos!
                if g.x + g.w > 24 { report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" spans columns \(g.x)–\(g.x + g.w), past Grafana's 24") }
                for q in placed[..<i] where q.gridPos!.overlaps(g) {
                    report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" overlaps panel \"\(q.title ?? "")\"")
                    break
                }
            }
        }
    }
}
