/// Panel thresholds that differ from the alert they mirror.
public struct ThresholdsDashboard: LintCheck {
    public static let description = CheckDescription(
        id: "thresholds/dashboard", severity: .warning,
        summary: "A panel's thresholds differ from the alert whose expression it graphs.",
        rationale: "When the red line on the graph is not where the alert fires, people argue with the page instead of acting on it. A panel that graphs an alert's expression should show the alert's thresholds.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Errors\", \"targets\": [{\"expr\": \"job:errors:ratio5m\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}, {\"color\": \"red\", \"value\": 0.1}]}}, \"overrides\": []}}]}",
                             with: [.alert("job:errors:ratio5m > 0.05", name: "HighErrors")])],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Errors\", \"targets\": [{\"expr\": \"job:errors:ratio5m\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}, {\"color\": \"red\", \"value\": 0.05}]}}, \"overrides\": []}}]}",
                                with: [.alert("job:errors:ratio5m > 0.05", name: "HighErrors")]),
                        // A subquery over Grafana's interval is not the alert's 5m increase (it matched while
                        // `[$__interval:]` was misread as a range).
                        Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Sessions\", \"targets\": [{\"expr\": \"increase(x_total{job=~\\\"$job\\\"}[$__interval:] offset -$__interval)\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}]}}, \"overrides\": []}}]}",
                                with: [.alert("increase(x_total[5m]) > 0", name: "SessionsDropping")])])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        guard !context.dashboards.isEmpty else { return }
        // Alert thresholds by the canonical text of what they compare.
        var alertThresholds: [String: [(String, Double)]] = [:]
        for r in context.rules {
            guard let a = r.alert, let e = r.expr, case .binary(let b) = e.unparenthesized, b.op.isComparison, case .number(let n) = b.rhs.unparenthesized else { continue }
            alertThresholds[Self.key(b.lhs), default: []].append((a.name, n.value))
        }
        guard !alertThresholds.isEmpty else { return }
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                guard let steps = p.fieldDefaults?.thresholds?.steps, p.fieldDefaults?.thresholds?.mode == .absolute else { continue }
                let values = Set(steps.compactMap(\.value))
                for t in p.targets ?? [] {
                    guard let q = t.promQL, let e = try? PromQL.parse(q, options: ParseOptions(features: .all, grafana: true)) else { continue }
                    for (alert, threshold) in alertThresholds[Self.key(e)] ?? [] where !values.contains(threshold) {
                        let shown = values.isEmpty ? "no threshold but the base colour" : "thresholds \(values.sorted().map(formatNumber).joined(separator: ", "))"
                        report.add(d.file, d.range(of: p), "panel \"\(p.title ?? "")\" graphs the expression of alert \(alert), which fires at \(formatNumber(threshold)), but shows \(shown)",
                                   hint: "add a threshold step at \(formatNumber(threshold))")
                    }
                }
            }
        }
    }

    /// Compares expressions without their Grafana filters on environment variables.
    static func key(_ e: Expr) -> String {
        var names: [String] = []
        for (v, _) in Analysis.selectors(e) { names.append(v.metricName ?? "?") }
        var text = e.description
        if let i = text.firstIndex(of: "{") { text = String(text[..<i]) }
        return names.joined(separator: ",") + "|" + (e.unparenthesized.structure.components(separatedBy: "{").first ?? text)
    }
}
