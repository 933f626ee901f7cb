/// Panel thresholds that differ from the alert they mirror.
public struct ThresholdsDashboard: LintCheck {
    public static let description = CheckDescription(
        id: "thresholds/dashboard", severity: .warning,
        summary: "A panel's thresholds differ from the alert whose expression it graphs.",
        rationale: "When the red line on the graph is not where the alert fires, people argue with the page instead of acting on it. A panel that graphs an alert's expression should show the alert's thresholds. The panel graphs the alert's expression when it reads the same metrics the same way and keeps every label matcher the alert has (it may add its own, on dashboard variables or not): `up{job=\"vault\"}` does not graph `up{job=\"gitlab\"} == 0`. Only alerts with a threshold (`>`, `>=`, `<`, `<=` a number) count: `== 0` picks a state, which a panel shows with value mappings, not with a threshold step.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Errors\", \"targets\": [{\"expr\": ↓\"job:errors:ratio5m\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}, {\"color\": \"red\", \"value\": 0.1}]}}, \"overrides\": []}}]}",
                             with: [.alert("job:errors:ratio5m > 0.05", name: "HighErrors")])],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Errors\", \"targets\": [{\"expr\": \"job:errors:ratio5m\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}, {\"color\": \"red\", \"value\": 0.05}]}}, \"overrides\": []}}]}",
                                with: [.alert("job:errors:ratio5m > 0.05", name: "HighErrors")]),
                        // A subquery over Grafana's interval is not the alert's 5m increase (it matched while
                        // `[$__interval:]` was misread as a range).
                        Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Sessions\", \"targets\": [{\"expr\": \"increase(x_total{job=~\\\"$job\\\"}[$__interval:] offset -$__interval)\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}]}}, \"overrides\": []}}]}",
                                with: [.alert("increase(x_total[5m]) > 0", name: "SessionsDropping")]),
                        // The alert selects another service's series (the GitLab alert and a CoreDNS panel
                        // both read process_resident_memory_bytes).
                        Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"CoreDNS memory\", \"targets\": [{\"expr\": \"process_resident_memory_bytes{job=~\\\"$job\\\", instance=~\\\"$instance\\\"}\"}], \"fieldConfig\": {\"defaults\": {\"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}, {\"color\": \"red\", \"value\": 80}]}}, \"overrides\": []}}]}",
                                with: [.alert("'process_resident_memory_bytes{job=~\".*gitlab.*\"} > 2e+9'", name: "GitlabHighMemoryUsage")]),
                        // An up/down state: the alert fires at == 0, the panel maps 0 and 1 to words.
                        Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"Apache up\", \"targets\": [{\"expr\": \"apache_up{job=~\\\"$job\\\"}\"}], \"fieldConfig\": {\"defaults\": {\"mappings\": [{\"type\": \"value\", \"options\": {\"0\": {\"text\": \"Down\"}, \"1\": {\"text\": \"Up\"}}}], \"thresholds\": {\"mode\": \"absolute\", \"steps\": [{\"color\": \"green\", \"value\": null}]}}, \"overrides\": []}}]}",
                                with: [.alert("apache_up == 0", name: "ApacheDown")])])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        guard !context.dashboards.isEmpty else { return }
        // Alert thresholds by the canonical text of what they compare.
        var alertThresholds: [String: [(alert: String, threshold: Double, matchers: [Set<String>])]] = [:]
        for r in context.rules {
            guard let a = r.alert, let e = r.expr, case .binary(let b) = e.unparenthesized, Self.thresholdOperators.contains(b.op),
                  case .number(let n) = b.rhs.unparenthesized else { continue }
            alertThresholds[Self.key(b.lhs), default: []].append((a.name, n.value, Self.literalMatchers(b.lhs)))
        }
        guard !alertThresholds.isEmpty else { return }
        for d in context.dashboards {
            for p in d.dashboard.allPanels {
                guard let steps = p.fieldDefaults?.thresholds?.steps, p.fieldDefaults?.thresholds?.mode == .absolute else { continue }
                let values = Set(steps.compactMap(\.value))
                for (i, t) in (p.targets ?? []).enumerated() {
                    guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                    let shownMatchers = Self.literalMatchers(e)
                    for (alert, threshold, matchers) in alertThresholds[Self.key(e)] ?? [] where !values.contains(threshold) {
                        // The panel must select at least what the alert does: each of the alert's
                        // matchers is among the panel's, selector by selector.
                        guard matchers.count == shownMatchers.count, zip(matchers, shownMatchers).allSatisfy({ $0.isSubset(of: $1) }) else { continue }
                        let shown = values.isEmpty ? "no threshold but the base colour" : "thresholds \(values.sorted().map(formatNumber).joined(separator: ", "))"
                        report.add(d.file, d.range(of: p, target: i), "panel \"\(p.title ?? "")\" graphs the expression of alert \(alert), which fires at \(formatNumber(threshold)), but shows \(shown)",
                                   hint: "add a threshold step at \(formatNumber(threshold))")
                    }
                }
            }
        }
    }

    /// Comparisons that draw a line: `==` and `!=` pick a value, not a threshold.
    static let thresholdOperators: Set<BinaryOperator> = [.gtr, .gte, .lss, .lte]

    /// Each selector's label matchers, in order, without those on dashboard variables.
    static func literalMatchers(_ e: Expr) -> [Set<String>] {
        Analysis.selectors(e).map { s in
            Set(s.selector.matchers.filter { !$0.value.contains("$") }.map { "\($0.name)\($0.op.rawValue)\($0.value)" })
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
