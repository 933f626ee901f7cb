/// Dashboards without a datasource variable, or with hard-coded datasource uids.
public struct DashboardsDatasource: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/datasource", severity: .warning,
        summary: "A dashboard has no datasource variable, or a panel or variable names a datasource by a fixed uid.",
        rationale: "A fixed datasource uid only exists on the Grafana the dashboard was exported from; imported elsewhere, every panel says \"datasource not found\". A `$datasource` variable lets each Grafana pick its own.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": []}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"datasource\": ↓{\"type\": \"prometheus\", \"uid\": \"P1809F7CD0C75ACF3\"}, \"targets\": [{\"expr\": \"up\"}]}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"datasource\", \"type\": \"datasource\", \"query\": \"prometheus\"}]}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"datasource\": {\"type\": \"prometheus\", \"uid\": \"${datasource}\"}, \"targets\": [{\"expr\": \"up\"}]}]}")])

    public init() {}

    static func fixed(_ ds: DatasourceRef?) -> String? {
        guard let ds, !ds.isVariable else { return nil }
        switch ds {
        case .ref(let type, let uid):
            guard let uid, !uid.isEmpty, type != "grafana", type != "datasource", uid != "-- Grafana --", uid != "-- Mixed --", uid != "-- Dashboard --" else { return nil }
            return uid
        case .name(let n):
            return ["-- Grafana --", "-- Mixed --", "-- Dashboard --", "default", ""].contains(n) ? nil : n
        case .null:
            return nil
        }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            let panels = d.dashboard.allPanels.filter { !($0.targets ?? []).isEmpty }
            let hasVariable = (d.dashboard.variables ?? []).contains { $0.type == "datasource" }
            if !hasVariable && !panels.isEmpty {
                report.add(d.file, PositionRange(start: 0, end: 1), "dashboard \"\(d.dashboard.title)\" has no datasource variable", hint: "add a variable of type datasource and read panels through ${datasource}")
            }
            for p in panels {
                // The panel's datasource, else the first target's that is fixed, where it is written.
                var fixed: (uid: String, key: [JSONLocator.Step])?
                if let uid = Self.fixed(p.datasource) {
                    fixed = (uid, ["datasource"])
                } else if let (i, uid) = (p.targets ?? []).enumerated().lazy.compactMap({ i, t in Self.fixed(t.datasource).map { (i, $0) } }).first {
                    fixed = (uid, ["targets", .index(i), "datasource"])
                }
                if let (uid, key) = fixed {
                    report.add(d.file, d.range(of: p, key: key), "panel \"\(p.title ?? "")\" uses the fixed datasource \"\(uid)\"", hint: "use ${datasource}")
                }
            }
            for v in d.dashboard.variables ?? [] where v.type == "query" {
                if let uid = Self.fixed(v.datasource) {
                    report.add(d.file, d.range(of: v, key: "datasource"), "variable \(v.name) uses the fixed datasource \"\(uid)\"", hint: "use ${datasource}")
                }
            }
        }
    }
}
