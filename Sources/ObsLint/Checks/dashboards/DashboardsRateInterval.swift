/// rate() windows in dashboards that do not follow the zoom.
public struct DashboardsRateInterval: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/rate-interval", severity: .warning,
        summary: "A dashboard query uses a fixed range in rate(), or $__interval in rate()/irate()/increase(), instead of $__rate_interval.",
        rationale: "A fixed `[5m]` is too short when zoomed out (points skip data) and `$__interval` can be shorter than two scrapes (empty graphs); `$__rate_interval` is always at least four scrape intervals and follows the zoom. irate() reads the last two samples of its range whatever its length, so a fixed range there only bounds how far back it looks; increase() over a fixed range is a chosen window (per hour, per day).",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum(rate(http_requests_total[↓$__interval]))\"}]}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum(rate(http_requests_total[$__rate_interval]))\"}]}]}"),
                        // Node Exporter Full: irate() over [5m] shows the last two samples' rate at any zoom.
                        Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Disk IOps\", \"targets\": [{\"expr\": \"irate(node_disk_reads_completed_total{instance=\\\"$node\\\"}[5m])\"}]}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            for p in d.dashboard.allPanels where ["timeseries", "graph", "heatmap", "histogram"].contains(p.type) {
                for (i, t) in (p.targets ?? []).enumerated() {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    for c in Analysis.calls(e) where ["rate", "irate", "increase"].contains(c.function.name) {
                        guard case .matrixSelector(let m) = c.args.first else { continue }
                        // At the range in brackets, what to change.
                        func at() -> PositionRange { d.range(of: p, target: i, exprRange: m.rangeDuration.range) }
                        if case .placeholder(let text, _) = m.rangeDuration {
                            if text == "$__interval" || text == "${__interval}" {
                                report.add(d.file, at(), "panel \"\(p.title ?? "")\": \(c.function.name)() over $__interval can hold fewer than two samples", hint: "use $__rate_interval")
                            }
                        } else if m.rangeDuration.constantSeconds != nil, c.function.name == "rate" {
                            report.add(d.file, at(), "panel \"\(p.title ?? "")\": \(c.function.name)() over a fixed [\(m.rangeDuration)] does not follow the zoom", hint: "use $__rate_interval")
                        }
                    }
                }
            }
        }
    }
}
