/// A dashboard of a service's SLOs, one row per SLO, reading the series Sloth's rules record:
/// the SLI against the objective, the burn rate over each alert window with the alerts' burn
/// rates drawn as thresholds (the same numbers as the alerts' expressions), and the error
/// budget left over the period.
extension SLO {
    /// `{sloth_id="<id>"}`: the series of this SLO.
    var seriesFilter: String { "{\(SLORules.idLabel)=\(goQuote(id))}" }

    /// The burn-rate thresholds of the enabled alerts, ascending: a ticket pair's factor in the
    /// warning colour, a page pair's in the critical colour; nil for a period without windows.
    public var burnRateThresholds: Thresholds? {
        guard let windows = SLOAlertWindows.forPeriod(period) else { return nil }
        var steps: [Double: String] = [:]
        for severity in [SLOAlertSeverity.ticket, .page] where alert(severity) != nil {
            let (quick, slow) = windows.windows(severity)
            for pair in [quick, slow] {
                steps[windows.burnRateFactor(pair)] = severity == .page ? AlertSeverity.critical.color : AlertSeverity.warning.color
            }
        }
        return Thresholds(steps: [ThresholdStep(nil, "green")] + steps.keys.sorted().map { ThresholdStep($0, steps[$0]!) })
    }

    /// The SLO's row: SLI and objective, burn rates, budget remaining.
    public var dashboardRow: RowSpec {
        let f = seriesFilter
        let windows = SLOAlertWindows.forPeriod(period)?.alertWindows ?? []
        let site = site
        func panel(_ kind: PanelKind, _ title: String, _ queries: [Query]) -> PanelSpec {
            var p = PanelSpec(kind: kind, title: title, queries: queries, site: site)
            p.size = PanelSize(w: 8, h: 8)
            return p
        }
        var sli = panel(.timeseries, "\(name): SLI and objective", [
            Query(PromQLText("1 - \(SLORules.sliErrorRecord(windows.first ?? .minutes(5)))\(f)"), legend: "SLI (\(SLORules.durationText(windows.first ?? .minutes(5))))"),
            Query(PromQLText("1 - \(SLORules.sliErrorRecord(period))\(f)"), legend: "SLI (\(SLORules.durationText(period)))"),
            Query(PromQLText("\(SLORules.objectiveMetric)\(f)"), legend: "objective"),
        ])
        sli.unit = .percentunit
        sli.description = "Share of good events, over 5 minutes and over the period, against the objective of \(formatNumber(objective)) %."
        let burn = windows.map { w in
            Query(PromQLText("\(SLORules.sliErrorRecord(w))\(f)\n/ on(\(SLORules.idLabel), \(SLORules.sloLabel), \(SLORules.serviceLabel)) group_left\n\(SLORules.errorBudgetMetric)\(f)"),
                  legend: SLORules.durationText(w))
        }
        var burnRate = panel(.timeseries, "\(name): burn rate", burn)
        burnRate.thresholds = burnRateThresholds
        burnRate.description = "How many times faster than the objective allows the error budget burns, per window; the lines are the burn rates the page (red) and ticket (orange) alerts fire at."
        var budget = panel(.timeseries, "\(name): error budget remaining", [
            Query(PromQLText("\(SLORules.budgetRemainingMetric)\(f)"), legend: "remaining"),
        ])
        budget.unit = .percentunit
        budget.thresholds = Thresholds(steps: [ThresholdStep(nil, "red"), ThresholdStep(0, "green")])
        budget.description = "Share of the period's error budget not spent yet; below 0 the objective is missed."
        var row = RowSpec("\(service) \(name)", panels: { [sli, burnRate, budget] })
        row.site = site
        return row
    }
}

extension Project {
    /// One dashboard per service with SLOs (`slo-<service>`), a row per SLO, services in the
    /// order their first SLO is declared.
    public var sloDashboards: [DashboardSpec] {
        var services: [String] = []
        for s in slos where !services.contains(s.service) { services.append(s.service) }
        return services.map { service in
            let own = slos.filter { $0.service == service }
            let first = own[0].site
            var d = DashboardSpec("SLOs: \(service)", uid: "slo-\(service)", description: "Service level objectives of \(service), from the rules in rules/slo-\(service).yml.",
                                  tags: ["slo"], from: "now-7d", file: first.file, line: first.line, column: first.column) { }
            d.items = own.map { .row($0.dashboardRow) }
            return d
        }
    }
}
