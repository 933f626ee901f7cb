extension LintDashboard {
    /// The Prometheus queries of the dashboard's panels (of the given types, or all), parsed
    /// as Grafana sends them (template variables accepted), with the index of their target (for
    /// `range(of:target:exprRange:)`); queries that do not parse are left to dashboards/query.
    /// Each query was parsed once for all checks (`LintContext.dashboardExpr`).
    public func queries(_ context: LintContext, panelTypes: Set<String>? = nil) -> [(panel: Panel, target: Int, expr: Expr)] {
        var out: [(panel: Panel, target: Int, expr: Expr)] = []
        for p in dashboard.allPanels where panelTypes.map({ $0.contains(p.type) }) ?? true {
            for (i, t) in (p.targets ?? []).enumerated() {
                guard let q = t.promQL, let e = context.dashboardExpr(q) else { continue }
                out.append((p, i, e))
            }
        }
        return out
    }
}
