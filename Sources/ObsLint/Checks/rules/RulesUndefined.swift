/// Queries of series nothing provides.
public struct RulesUndefined: LintCheck {
    public static let description = CheckDescription(
        id: "rules/undefined", severity: .error,
        summary: "A query reads a series that no catalog metric, scrape job or recording rule provides.",
        rationale: "A query of a series that does not exist returns nothing: the alert never fires and the panel stays empty. Recording-rule names (with colons) are checked against the linted rules; other names against the metric catalog when there is one. Without a catalog, obsgen cannot know the linted files are the whole project, and reports a warning. A few applications put colons in their own metric names, against Prometheus' advice (Spinnaker's `clouddriver:google:api__count_total`, TensorFlow Serving's `:tensorflow:serving:request_count`): a colon name whose last part reads like a metric's (ending in `_total`, `_count`, `_sum` or `_bucket`, or camelCase) where a recording rule's names its operations (`rate5m`, `sum`) is taken for such a metric, and so are the other names under its first two parts.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Success\", \"targets\": [{\"expr\": \"deployment:success_rate:1h\"}]}]}",
                                 with: [.record("sum(rate(deployment_total[1h]))", name: "deployment:total:rate1h")])],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Success\", \"targets\": [{\"expr\": \"deployment:total:rate1h\"}]}]}",
                                    with: [.record("sum(rate(deployment_total[1h]))", name: "deployment:total:rate1h")]),
                        // TensorFlow Serving's and Spinnaker's own metrics, colons and all (the TensorFlow mixin's
                        // dashboard and alert, the Spinnaker mixin's dashboard).
                        Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Graph runs\", \"targets\": [{\"expr\": \"rate(:tensorflow:core:graph_runs[$__rate_interval])\"}, {\"expr\": \"rate(:tensorflow:serving:request_count[$__rate_interval])\"}]}, {\"id\": 2, \"type\": \"timeseries\", \"title\": \"Batch size\", \"targets\": [{\"expr\": \"clouddriver:google:batchSize\"}, {\"expr\": \"rate(clouddriver:google:api__count_total[$__rate_interval])\"}]}]}",
                                with: [.alert("sum(rate(:tensorflow:serving:request_count{status!=\"OK\"}[5m])) by (instance) > 30", name: "TensorFlowModelRequestHighErrorRate")],
                                withoutCatalog: true)])

    public init() {}

    /// The selectors of series nothing provides, and whether each is read as a recording rule.
    func undefined(_ selectors: [(selector: VectorSelector, inRange: Bool)], _ context: LintContext, recorded: Set<String>, applicationPrefixes: Set<Substring>) -> [(selector: VectorSelector, recording: Bool)] {
        selectors.compactMap { s in
            guard let n = s.selector.metricName, !s.selector.nameIsTemplated else { return nil }
            // An application's own metric with colons (declared by the catalog, or known by its
            // form) is checked as a metric.
            if Self.isRecordingName(n), recorded.contains(n) || !(context.catalogMetric(n) != nil || applicationPrefixes.contains(Self.prefix(n))) {
                // Only flag recording-rule names when rules were linted at all.
                return (context.rules.isEmpty && context.scrapeConfigs.isEmpty && !context.isWholeProject) || recorded.contains(n) ? nil : (s.selector, true)
            }
            guard !context.catalog.isEmpty else { return nil }
            if context.catalogMetric(n) != nil || recorded.contains(n) || Self.builtin(n) { return nil }
            return (s.selector, false)
        }
    }

    /// Recording-rule names have a colon (`level:metric:operations`).
    static func isRecordingName(_ n: String) -> Bool { n.containsByte(UInt8(ascii: ":")) }

    /// A name's first two colon-separated parts: `clouddriver:google`, `:tensorflow`.
    static func prefix(_ n: String) -> Substring {
        let u = n.utf8
        guard let first = u.firstIndex(of: UInt8(ascii: ":")) else { return Substring(n) }
        let end = u[u.index(after: first)...].firstIndex(of: UInt8(ascii: ":")) ?? u.endIndex
        return n[n.startIndex..<end]
    }

    /// Whether a colon name's last part reads like a metric's own (a counter, histogram or
    /// summary suffix, or camelCase) rather than a recording rule's operations.
    static func looksLikeApplicationMetric(_ n: String) -> Bool {
        guard let last = n.split(separator: ":", omittingEmptySubsequences: false).last else { return false }
        return ["_total", "_count", "_sum", "_bucket"].contains { last.hasSuffix($0) } || last.contains { $0.isUppercase }
    }

    /// The prefixes (first two parts) of the colon names some application uses for its own
    /// metrics, from the names read by the linted rules and dashboards that nothing records.
    static func applicationPrefixes(_ names: [String], recorded: Set<String>) -> Set<Substring> {
        Set(names.filter { isRecordingName($0) && !recorded.contains($0) && looksLikeApplicationMetric($0) }.map(prefix))
    }

    static func builtin(_ n: String) -> Bool {
        n == "up" || n.hasPrefix("scrape_") || n == "ALERTS" || n == "ALERTS_FOR_STATE" || n.hasPrefix("prometheus_") || n.hasPrefix("alertmanager_") || n.hasPrefix("pushgateway_") || n.hasPrefix("push_time_seconds") || n.hasPrefix("push_failure_time_seconds")
    }

    public func run(_ context: LintContext, report: inout Findings) {
        let recorded = context.recordedNames
        // Sorted: the hint must not depend on hash order when two names are equally near.
        let candidates = Analysis.NameIndex((Array(recorded) + Array(context.catalog.keys)).sorted())
        let panelQueries = context.dashboards.map { $0.queries(context) }
        var read: [String] = []
        for r in context.rules { for s in r.selectors { if let n = s.selector.metricName { read.append(n) } } }
        for q in panelQueries { for (_, _, e) in q { for s in Analysis.selectors(e) { if let n = s.selector.metricName { read.append(n) } } } }
        let applications = Self.applicationPrefixes(read, recorded: recorded)
        for r in context.rules {
            guard r.expr != nil else { continue }
            for (v, recording) in undefined(r.selectors, context, recorded: recorded, applicationPrefixes: applications) {
                report.add(r, exprRange: v.range, "\(v.metricName!) is not provided by any \(recording ? "recording rule" : "catalog metric or recording rule")",
                           hint: candidates.closest(v.metricName!).map { "did you mean \($0)?" },
                           severity: context.catalog.isEmpty ? .warning : nil)
            }
        }
        let recordedNames = recorded.sorted()
        for (d, queries) in zip(context.dashboards, panelQueries) {
            for (p, target, e) in queries {
                for (v, recording) in undefined(Analysis.selectors(e), context, recorded: recorded, applicationPrefixes: applications) {
                    report.add(d.file, d.range(of: p, target: target, exprRange: v.range), "panel \"\(p.title ?? "")\" reads \(v.metricName!), which no \(recording ? "recording rule defines" : "catalog metric or rule provides")",
                               hint: Analysis.closest(v.metricName!, in: recordedNames).map { "did you mean \($0)?" },
                               severity: context.catalog.isEmpty ? .warning : nil)
                }
            }
        }
    }
}
