/// Panel types Grafana has deprecated.
public struct DashboardsDeprecatedPanel: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/deprecated-panel", severity: .warning,
        summary: "A panel of a deprecated type (graph, singlestat, table-old, …).",
        rationale: "Grafana replaced `graph` with `timeseries` and `singlestat` with `stat`; it migrates them on load, differently across versions, and current releases no longer ship the old code.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 16, \"panels\": [{\"id\": 1, \"type\": ↓\"singlestat\", \"title\": \"Up\"}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Up\"}]}")])

    public init() {}

    static let replacements = ["graph": "timeseries", "singlestat": "stat", "table-old": "table", "grafana-piechart-panel": "piechart",
                               "grafana-worldmap-panel": "geomap", "natel-discrete-panel": "state-timeline", "grafana-clock-panel": "text"]

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                if let r = Self.replacements[p.type] {
                    report.add(d.file, d.range(of: p, key: ["type"]), "panel \"\(p.title ?? "")\" is a deprecated \(p.type) panel", hint: "use \(r)")
                }
            }
        }
    }
}
