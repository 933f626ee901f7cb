extension LintDashboard {
    /// The Prometheus queries of the dashboard's panels (of the given types, or all), parsed
    /// as Grafana sends them (template variables accepted); queries that do not parse are left
    /// to dashboards/query. Each query was parsed once for all checks (`LintContext.dashboardExpr`).
    public func queries(_ context: LintContext, panelTypes: Set<String>? = nil) -> [(panel: Panel, expr: Expr)] {
        var out: [(panel: Panel, expr: Expr)] = []
        for p in dashboard.allPanels where panelTypes.map({ $0.contains(p.type) }) ?? true {
            for t in p.targets ?? [] {
                guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                out.append((p, e))
            }
        }
        return out
    }
}
