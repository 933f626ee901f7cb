/// Queries of series nothing provides.
public struct RulesUndefined: LintCheck {
    public static let description = CheckDescription(
        id: "rules/undefined", severity: .error,
        summary: "A query reads a series that no catalog metric, scrape job or recording rule provides.",
        rationale: "A query of a series that does not exist returns nothing: the alert never fires and the panel stays empty. Recording-rule names (with colons) are checked against the linted rules; other names against the metric catalog when there is one. Without a catalog, obsgen cannot know the linted files are the whole project, and reports a warning.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Success\", \"targets\": [{\"expr\": \"deployment:success_rate:1h\"}]}]}",
                                 with: [.record("sum(rate(deployment_total[1h]))", name: "deployment:total:rate1h")])],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Success\", \"targets\": [{\"expr\": \"deployment:total:rate1h\"}]}]}",
                                    with: [.record("sum(rate(deployment_total[1h]))", name: "deployment:total:rate1h")])])

    public init() {}

    func undefined(_ e: Expr, _ context: LintContext, recorded: Set<String>) -> [VectorSelector] {
        Analysis.selectors(e).compactMap { s in
            guard let n = s.selector.metricName, !s.selector.nameIsTemplated else { return nil }
            if n.contains(":") {
                // Only flag recording-rule names when rules were linted at all.
                return (context.rules.isEmpty && context.scrapeConfigs.isEmpty) || recorded.contains(n) ? nil : s.selector
            }
            guard !context.catalog.isEmpty else { return nil }
            if context.catalogMetric(n) != nil || recorded.contains(n) || Self.builtin(n) { return nil }
            return s.selector
        }
    }

    static func builtin(_ n: String) -> Bool {
        n == "up" || n.hasPrefix("scrape_") || n == "ALERTS" || n == "ALERTS_FOR_STATE" || n.hasPrefix("prometheus_") || n.hasPrefix("alertmanager_") || n.hasPrefix("pushgateway_") || n.hasPrefix("push_time_seconds") || n.hasPrefix("push_failure_time_seconds")
    }

    public func run(_ context: LintContext, report: inout Findings) {
        let recorded = context.recordedNames
        for r in context.rules {
            guard let e = r.expr else { continue }
            for v in undefined(e, context, recorded: recorded) {
                report.add(r, exprRange: v.range, "\(v.metricName!) is not provided by any \(v.metricName!.contains(":") ? "recording rule" : "catalog metric or recording rule")",
                           hint: Analysis.closest(v.metricName!, in: Array(recorded) + Array(context.catalog.keys)).map { "did you mean \($0)?" },
                           severity: context.catalog.isEmpty ? .warning : nil)
            }
        }
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                for t in p.targets ?? [] {
                    guard let q = t.promQL, let e = try? PromQL.parse(q, options: ParseOptions(features: .all, grafana: true)) else { continue }
                    for v in undefined(e, context, recorded: recorded) {
                        report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" reads \(v.metricName!), which no \(v.metricName!.contains(":") ? "recording rule defines" : "catalog metric or rule provides")",
                                   hint: Analysis.closest(v.metricName!, in: Array(recorded)).map { "did you mean \($0)?" },
                                   severity: context.catalog.isEmpty ? .warning : nil)
                    }
                }
            }
        }
    }
}
