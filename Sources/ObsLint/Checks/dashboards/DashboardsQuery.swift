/// Dashboard PromQL that does not parse.
public struct DashboardsQuery: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/query", severity: .error,
        summary: "A panel's PromQL target does not parse, once Grafana's variables are accounted for.",
        rationale: "Grafana shows the error only when someone opens the dashboard; obsgen reads each query with Grafana's template variables standing for values and reports it before it ships.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [↓{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Rate\", \"targets\": [{\"expr\": \"rate(x_total{job=~\\\"$job\\\"} * 8[$__rate_interval])\"}]}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Rate\", \"targets\": [{\"expr\": \"rate(x_total{job=~\\\"$job\\\"}[$__rate_interval]) * 8\"}]}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                for t in p.targets ?? [] where t.hide != true {
                    guard let q = t.promQL, !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
                    let (_, diags) = PromQL.check(q, options: ParseOptions(features: context.features, grafana: true))
                    if let first = diags.first {
                        report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" target \(t.refId ?? "?"): \(first.message)")
                    }
                }
            }
        }
    }
}

import Foundation
