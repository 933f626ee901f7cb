/// Missing or over-long titles and uids.
public struct DashboardsTitle: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/title", severity: .warning,
        summary: "A dashboard without a title or uid, a uid over 40 characters or with characters Grafana refuses, or a panel without a title.",
        rationale: "Without a stable uid every import creates a new dashboard and breaks links; Grafana rejects uids over 40 characters; untitled panels are unreadable in alert links and search.",
        triggering: [Example(.dashboard, "{\"title\": \"D\", \"schemaVersion\": 42, \"panels\": []}"),
                     Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [↓{\"id\": 1, \"type\": \"stat\"}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"deployments\", \"title\": \"Deployments\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Up\"}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            let top = PositionRange(start: 0, end: 1)
            if d.dashboard.title.isEmpty { report.add(d.file, top, "dashboard has no title") }
            if let uid = d.dashboard.uid {
                if uid.count > 40 { report.add(d.file, top, "uid \"\(uid)\" is longer than Grafana's 40 characters") }
                if !uid.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) { report.add(d.file, top, "uid \"\(uid)\" has characters Grafana refuses") }
            } else {
                report.add(d.file, top, "dashboard \"\(d.dashboard.title)\" has no uid; every import creates a new one", hint: "set a stable uid")
            }
            for p in d.dashboard.allPanels where (p.title ?? "").trimmingCharacters(in: .whitespaces).isEmpty && !["text", "row"].contains(p.type) && p.libraryPanel == nil {
                // At an empty title when there is one, else at the panel.
                report.add(d.file, d.range(of: p, key: ["title"]), "a \(p.type) panel has no title")
            }
        }
    }
}

import Foundation
