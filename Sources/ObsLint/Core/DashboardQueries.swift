extension LintDashboard {
    /// The Prometheus queries of the dashboard's panels (of the given types, or all), parsed
    /// as Grafana sends them (template variables accepted); queries that do not parse are left
    /// to dashboards/query.
    public func queries(panelTypes: Set<String>? = nil) -> [(panel: Panel, expr: Expr)] {
        var out: [(panel: Panel, expr: Expr)] = []
        let options = ParseOptions(features: .all, grafana: true)
        for p in dashboard.allPanels where panelTypes.map({ $0.contains(p.type) }) ?? true {
            for t in p.targets ?? [] {
                guard let q = t.promQL, let e = try? PromQL.parse(q, options: options) else { continue }
                out.append((p, e))
            }
        }
        return out
    }
}
