/// runbook_url / dashboard_url pointing into the project at nothing.
public struct AlertsLinks: LintCheck {
    public static let description = CheckDescription(
        id: "alerts/links", severity: .warning,
        summary: "A runbook_url or dashboard_url points into the project at no rendered runbook, dashboard or panel.",
        rationale: "A link that leads nowhere costs the person paged minutes they do not have. Links into the project's own dashboards (`/d/<uid>?viewPanel=<id>`) are checked against the linted dashboards.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - ↓alert: A\n        expr: up == 0\n        annotations:\n          dashboard_url: http://grafana/d/nope?viewPanel=3\n",
                             with: [Example(.dashboard, "{\"uid\": \"ops\", \"title\": \"Ops\", \"schemaVersion\": 42, \"panels\": [{\"id\": 3, \"type\": \"stat\", \"title\": \"x\"}]}")])],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          dashboard_url: http://grafana/d/ops?viewPanel=3\n",
                                with: [Example(.dashboard, "{\"uid\": \"ops\", \"title\": \"Ops\", \"schemaVersion\": 42, \"panels\": [{\"id\": 3, \"type\": \"stat\", \"title\": \"x\"}]}")])])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        if let runbooks = context.runbooks {
            for r in context.rules {
                guard let url = r.alert?.annotations.runbookURL, url.hasPrefix(runbooks.baseURL) else { continue }
                let name = String(url.dropFirst(runbooks.baseURL.count).drop { $0 == "/" }.prefix { $0 != "#" && $0 != "?" })
                if !runbooks.names.contains(name) {
                    report.add(r, "runbook_url points at \(name), which the project does not render under docs/runbooks/")
                }
            }
        }
        guard !context.dashboards.isEmpty else { return }
        var panels: [String: Set<Int>] = [:]
        for d in context.dashboards { panels[d.dashboard.uid ?? "", default: []].formUnion(d.dashboard.allPanels.compactMap(\.id) + (d.dashboard.panels ?? []).compactMap(\.id)) }
        for r in context.rules {
            guard let a = r.alert, let url = a.annotations.dashboardURL, let d = url.range(of: "/d/") else { continue }
            let tail = url[d.upperBound...]
            let uid = String(tail.prefix { $0 != "/" && $0 != "?" })
            guard let ids = panels[uid] else {
                report.add(r, "dashboard_url points at dashboard \(uid), which is not among the linted dashboards")
                continue
            }
            if let p = url.range(of: "viewPanel=") {
                let id = Int(url[p.upperBound...].prefix { $0.isNumber }) ?? -1
                if !ids.contains(id) { report.add(r, "dashboard_url points at panel \(id) of \(uid), which has no such panel") }
            }
        }
    }
}
