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
                for (i, t) in (p.targets ?? []).enumerated() where t.hide != true {
                    guard let q = t.promQL, !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
                    let (_, diags) = PromQL.check(q, options: ParseOptions(features: context.features, grafana: true))
                    if let first = diags.first {
                        // Old dashboards have untitled panels and targets without refId: name them by position.
                        let panel: String
                        if let title = p.title, !title.isEmpty {
                            panel = "\"\(title)\""
                        } else if let id = p.id {
                            panel = "id \(id)"
                        } else {
                            panel = "(untitled \(p.type))"
                        }
                        report.add(d.file, d.range(of: p), "panel \(panel) target \(t.refId ?? "#\(i + 1)"): \(first.message)")
                    }
                }
            }
        }
    }
}

import Foundation
