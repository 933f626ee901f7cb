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
            if Self.isRecordingName(n) {
                // Only flag recording-rule names when rules were linted at all.
                return (context.rules.isEmpty && context.scrapeConfigs.isEmpty && !context.isWholeProject) || recorded.contains(n) ? nil : s.selector
            }
            guard !context.catalog.isEmpty else { return nil }
            if context.catalogMetric(n) != nil || recorded.contains(n) || Self.builtin(n) { return nil }
            return s.selector
        }
    }

    /// Recording-rule names have a colon (`level:metric:operations`).
    static func isRecordingName(_ n: String) -> Bool { n.utf8.contains(UInt8(ascii: ":")) }

    static func builtin(_ n: String) -> Bool {
        n == "up" || n.hasPrefix("scrape_") || n == "ALERTS" || n == "ALERTS_FOR_STATE" || n.hasPrefix("prometheus_") || n.hasPrefix("alertmanager_") || n.hasPrefix("pushgateway_") || n.hasPrefix("push_time_seconds") || n.hasPrefix("push_failure_time_seconds")
    }

    public func run(_ context: LintContext, report: inout Findings) {
        let recorded = context.recordedNames
        // Sorted: the hint must not depend on hash order when two names are equally near.
        let candidates = Analysis.NameIndex((Array(recorded) + Array(context.catalog.keys)).sorted())
        for r in context.rules {
            guard let e = r.expr else { continue }
            for v in undefined(e, context, recorded: recorded) {
                report.add(r, exprRange: v.range, "\(v.metricName!) is not provided by any \(Self.isRecordingName(v.metricName!) ? "recording rule" : "catalog metric or recording rule")",
                           hint: candidates.closest(v.metricName!).map { "did you mean \($0)?" },
                           severity: context.catalog.isEmpty ? .warning : nil)
            }
        }
        let recordedNames = recorded.sorted()
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                for t in p.targets ?? [] {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    for v in undefined(e, context, recorded: recorded) {
                        report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" reads \(v.metricName!), which no \(Self.isRecordingName(v.metricName!) ? "recording rule defines" : "catalog metric or rule provides")",
                                   hint: Analysis.closest(v.metricName!, in: recordedNames).map { "did you mean \($0)?" },
                                   severity: context.catalog.isEmpty ? .warning : nil)
                    }
                }
            }
        }
    }
}
