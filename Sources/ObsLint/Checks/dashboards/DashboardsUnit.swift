/// Panels without a unit, or with a unit that contradicts the metric.
public struct DashboardsUnit: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/unit", severity: .info,
        summary: "A graph or stat panel of a seconds, bytes or ratio metric without the matching unit.",
        rationale: "0.25 on an axis could be seconds, a ratio or a count. Grafana formats values when it knows the unit (`s`, `bytes`, `percentunit`); a wrong unit (`ms` on a `_seconds` metric) misleads by a factor of a thousand.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Latency\", \"targets\": [{\"expr\": \"histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))\"}], \"fieldConfig\": {\"defaults\": {\"unit\": ↓\"ms\"}, \"overrides\": []}}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Latency\", \"targets\": [{\"expr\": \"histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))\"}], \"fieldConfig\": {\"defaults\": {\"unit\": \"s\"}, \"overrides\": []}}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            for p in d.dashboard.allPanels where ["timeseries", "graph", "stat", "gauge", "bargauge"].contains(p.type) {
                let exprs = (p.targets ?? []).compactMap(\.promQL).compactMap { context.dashboardExpr($0) }
                guard !exprs.isEmpty else { continue }
                let units = Set(exprs.map { ThresholdsUnits.unit($0, context) })
                guard units.count == 1, let u = units.first else { continue }
                let unit = p.fieldDefaults?.unit ?? p.extra["format"]?.stringValue
                // A unit set is reported where it is written; a missing one at the panel.
                func at() -> PositionRange { d.range(of: p, key: p.fieldDefaults?.unit != nil ? ["fieldConfig", "defaults", "unit"] : ["format"]) }
                switch u {
                case .seconds:
                    if unit == nil { report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" shows seconds without a unit", hint: "unit: s") }
                    else if let unit, ["ms", "µs", "ns"].contains(unit) { report.add(d.file, at(), "panel \"\(p.title ?? "")\" shows a seconds metric with unit \(unit)", hint: "unit: s") }
                case .ratio:
                    if unit == "percent" { report.add(d.file, at(), "panel \"\(p.title ?? "")\" shows a 0–1 ratio with unit percent (0–100)", hint: "unit: percentunit") }
                default: break
                }
            }
        }
    }
}
