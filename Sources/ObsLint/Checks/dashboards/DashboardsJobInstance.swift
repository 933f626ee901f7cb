/// Selectors that ignore the dashboard's job/instance variables.
public struct DashboardsJobInstance: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/job-instance", severity: .info,
        summary: "A dashboard defines job or instance variables, but a query does not filter by them.",
        rationale: "When a dashboard offers a job or instance picker, a query that ignores it shows every job's data under the chosen one's name.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"job\", \"type\": \"custom\", \"query\": \"a\"}]}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"targets\": [{\"expr\": \"sum(↓up)\"}]}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"job\", \"type\": \"custom\", \"query\": \"a\"}]}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"targets\": [{\"expr\": \"sum(up{job=~\\\"$job\\\"})\"}]}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            let vars = Set((d.dashboard.variables ?? []).map(\.name)).intersection(["job", "instance"])
            guard !vars.isEmpty else { continue }
            for p in d.dashboard.allPanels {
                for (i, t) in (p.targets ?? []).enumerated() {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    for (v, _) in Analysis.selectors(e) where !(v.metricName?.contains(":") ?? false) {
                        for name in vars.sorted() where !v.matchers.contains(where: { $0.name == name && $0.value.contains("$") }) {
                            report.add(d.file, d.range(of: p, target: i, exprRange: v.range), "panel \"\(p.title ?? "")\" reads \(v.metricName ?? "a selector") without filtering by $\(name)")
                            break
                        }
                    }
                }
            }
        }
    }
}
