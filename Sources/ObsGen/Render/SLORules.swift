/// Sloth's Prometheus rules for an SLO, generated as Sloth generates them: the same rule
/// names, labels, groups and expressions (the text of each expression as Sloth writes it, so
/// that numbers print alike: `0.9990000000000001`, `14.4 * 0.0009999999999999432`).
public enum SLORules {
    public static let sliErrorMetric = "slo:sli_error:ratio_rate"
    public static let objectiveMetric = "slo:objective:ratio"
    public static let errorBudgetMetric = "slo:error_budget:ratio"
    public static let periodDaysMetric = "slo:time_period:days"
    public static let currentBurnRateMetric = "slo:current_burn_rate:ratio"
    public static let periodBurnRateMetric = "slo:period_burn_rate:ratio"
    public static let budgetRemainingMetric = "slo:period_error_budget_remaining:ratio"
    public static let infoMetric = "sloth_slo_info"

    public static let idLabel = "sloth_id"
    public static let serviceLabel = "sloth_service"
    public static let sloLabel = "sloth_slo"
    public static let windowLabel = "sloth_window"
    public static let severityLabel = "sloth_severity"

    /// What `sloth_slo_info` says about the generation (its `sloth_spec` and `sloth_mode` come
    /// from the SLO's source).
    public struct Info: Sendable, Hashable {
        /// `sloth_version`.
        public var version: String

        public init(version: String = "obsgen") {
            self.version = version
        }
    }

    /// The recording series of one SLI window: `slo:sli_error:ratio_rate5m`.
    public static func sliErrorRecord(_ window: PromDuration) -> String { sliErrorMetric + durationText(window) }

    /// A duration as Prometheus' `model.Duration.String()` writes it, which Sloth's names and
    /// windows use: years and weeks only when they divide it (`30d`, `4w`, `1w`, `1h30m`).
    public static func durationText(_ d: PromDuration) -> String { formatDuration(milliseconds: d.milliseconds) }

    /// The three groups of an SLO (SLI recordings, metadata recordings, alerts), the alert group
    /// left out when both alerts are disabled. `extraLabels` join every rule's labels (and win).
    /// `withTests` gives the first alert promtool unit tests (see `burnTests`).
    public static func groups(for slo: SLO, info: Info = Info(), extraLabels: Labels = [:], withTests: Bool = false) -> [RuleGroup] {
        guard let windows = SLOAlertWindows.forPeriod(slo.period) else { return [] }
        var labels = slo.labels
        labels.merge(extraLabels) { _, new in new }
        let id = [idLabel: slo.id, serviceLabel: slo.service, sloLabel: slo.name]
        let filter = promFilter(id)
        let base = labels.merging(id) { _, new in new }
        let site = slo.site

        // SLI error ratios: every alert window, then the period (averaged from the shortest
        // window's ratio rather than read over 30 days of raw series).
        var sli: [Rule] = []
        for w in windows.alertWindows {
            sli.append(.recording(RecordingRule(record: sliErrorRecord(w), expr: sliExpression(slo.sli, window: w),
                                                labels: base.merging([windowLabel: durationText(w)]) { _, new in new }, site: site,
                                                referencedMetrics: slo.referencedMetrics)))
        }
        let shortest = sliErrorRecord(windows.pageQuick.short)
        let period = durationText(slo.period)
        sli.append(.recording(RecordingRule(
            record: sliErrorRecord(slo.period),
            expr: "sum_over_time(\(shortest)\(filter)[\(period)])\n/ ignoring (\(windowLabel))\ncount_over_time(\(shortest)\(filter)[\(period)])\n",
            labels: base.merging([windowLabel: period]) { _, new in new }, site: site)))

        // Metadata.
        let ratio = goFloat(slo.objective / 100)
        func burnRate(_ record: String) -> String {
            "\(record)\(filter)\n/ on(\(idLabel), \(sloLabel), \(serviceLabel)) group_left\n\(errorBudgetMetric)\(filter)\n"
        }
        var infoLabels = base
        infoLabels["sloth_version"] = info.version
        infoLabels["sloth_mode"] = slo.source.mode
        infoLabels["sloth_spec"] = slo.source.spec
        infoLabels["sloth_objective"] = GoFormat.formatFloat(slo.objective, verb: "f", prec: -1)
        let meta: [Rule] = [
            .recording(RecordingRule(record: objectiveMetric, expr: "vector(\(ratio))", labels: base, site: site)),
            .recording(RecordingRule(record: errorBudgetMetric, expr: "vector(1-\(ratio))", labels: base, site: site)),
            .recording(RecordingRule(record: periodDaysMetric, expr: "vector(\(goFloat(slo.period.goHours / 24)))", labels: base, site: site)),
            .recording(RecordingRule(record: currentBurnRateMetric, expr: burnRate(shortest), labels: base, site: site)),
            .recording(RecordingRule(record: periodBurnRateMetric, expr: burnRate(sliErrorRecord(slo.period)), labels: base, site: site)),
            .recording(RecordingRule(record: budgetRemainingMetric, expr: "1 - \(periodBurnRateMetric)\(filter)", labels: base, site: site)),
            .recording(RecordingRule(record: infoMetric, expr: "vector(1)", labels: infoLabels, site: site)),
        ]

        var alerts: [AlertRule] = []
        for severity in SLOAlertSeverity.allCases {
            guard let a = slo.alert(severity) else { continue }
            alerts.append(alertRule(a, severity: severity, slo: slo, windows: windows, filter: filter))
        }
        if withTests, let first = alerts.first { alerts[0].tests = burnTests(first, alerts: alerts, slo: slo, windows: windows, id: id) }

        var groups = [
            RuleGroup(name: "sloth-slo-sli-recordings-\(slo.id)", rules: sli, site: site),
            RuleGroup(name: "sloth-slo-meta-recordings-\(slo.id)", rules: meta, site: site),
        ]
        if !alerts.isEmpty { groups.append(RuleGroup(name: "sloth-slo-alerts-\(slo.id)", rules: alerts.map { .alert($0) }, site: site)) }
        return groups
    }

    /// A rule file with the groups of every SLO, in order.
    public static func ruleFile(named name: String, slos: [SLO], info: Info = Info(), extraLabels: Labels = [:], withTests: Bool = false,
                                site: DeclarationSite = .unknown) -> RuleFile {
        RuleFile(name: name, groups: slos.flatMap { groups(for: $0, info: info, extraLabels: extraLabels, withTests: withTests) }, site: site)
    }

    /// Unit tests proving the alerts: with every SLI window's error ratio a little over 14.4×
    /// the budget (the page alert's quick burn rate), the page alert fires (and the ticket
    /// alert, whose burn rates are lower); at exactly 1× the budget, the page alert does not
    /// (nor the ticket alert, unless a window pair of it watches a burn rate under 1×). The SLI
    /// series are given directly, so the tests hold whatever the SLI's queries read.
    static func burnTests(_ carrier: AlertRule, alerts: [AlertRule], slo: SLO, windows: SLOAlertWindows, id: Labels) -> [AlertTest] {
        let budget = (100 - slo.objective) / 100
        let pageFactor = windows.burnRateFactor(windows.pageQuick)
        func series(_ ratio: Double) -> [AlertTest.Series] {
            windows.alertWindows.map { w in
                var l = id
                l[windowLabel] = durationText(w)
                let selector = sliErrorRecord(w) + "{" + l.keys.sorted().map { "\($0)=\(goQuote(l[$0]!))" }.joined(separator: ",") + "}"
                return AlertTest.Series(selector, "\(goFloat(ratio))+0x10")
            }
        }
        // Each alert as it fires: its labels and its annotations expanded.
        var firing: [(severity: SLOAlertSeverity, expected: AlertTest.ExpectedAlert)] = []
        for a in alerts {
            var labels = id.merging(a.labels) { _, new in new }
            labels["alertname"] = a.name
            var annotations: Labels = [:]
            for (k, v) in a.annotations.all {
                guard let text = try? AlertTemplate.render(v, labels: labels) else { return [] }
                annotations[k] = text
            }
            labels["alertname"] = nil
            let severity = SLOAlertSeverity(rawValue: a.labels[severityLabel] ?? "") ?? .page
            firing.append((severity, AlertTest.ExpectedAlert(labels: labels, annotations: annotations)))
        }
        // At 1× an alert fires only if one of its window pairs watches a burn rate under 1
        // (the ticket alert's slow pair over 28 days: 0.93×; over 7 days: 0.98×).
        let atOne = firing.filter { f in
            let (quick, slow) = windows.windows(f.severity)
            return windows.burnRateFactor(quick) < 1 || windows.burnRateFactor(slow) < 1
        }
        let fast = AlertTest("burning at \(goFloat(pageFactor))x the error budget pages", series: series(pageFactor * budget * 1.05),
                             evalTime: .minutes(10), expect: firing.map(\.expected), file: slo.site.file, line: slo.site.line, column: slo.site.column)
        let slow = AlertTest("burning at 1x the error budget does not page", series: series(budget),
                             evalTime: .minutes(10), expect: atOne.map(\.expected), file: slo.site.file, line: slo.site.line, column: slo.site.column)
        return [fast, slow]
    }

    /// The SLI's error ratio over one window.
    static func sliExpression(_ sli: SLI, window: PromDuration) -> String {
        switch sli {
        case .events(let e, let t):
            "(\(SLO.query(e, window: window)))\n/\n(\(SLO.query(t, window: window)))\n"
        case .raw(let r):
            "(\(SLO.query(r, window: window)))"
        }
    }

    /// The multiwindow, multi-burn-rate alert: either window pair over its burn rate, on both
    /// its windows.
    static func alertRule(_ a: SLOAlert, severity: SLOAlertSeverity, slo: SLO, windows: SLOAlertWindows, filter: String) -> AlertRule {
        let budget = goFloat((100 - slo.objective) / 100)
        let (quick, slow) = windows.windows(severity)
        func over(_ w: PromDuration, _ pair: BurnWindow) -> String {
            "max(\(sliErrorRecord(w))\(filter) > (\(goFloat(windows.burnRateFactor(pair))) * \(budget))) without (\(windowLabel))"
        }
        let expr = """
            (
                \(over(quick.short, quick))
                and
                \(over(quick.long, quick))
            )
            or
            (
                \(over(slow.short, slow))
                and
                \(over(slow.long, slow))
            )

            """
        var annotations = [
            "title": "(\(severity.rawValue)) {{$labels.\(serviceLabel)}} {{$labels.\(sloLabel)}} SLO error budget burn rate is too fast.",
            "summary": "{{$labels.\(serviceLabel)}} {{$labels.\(sloLabel)}} SLO error budget burn rate is over expected.",
        ]
        annotations.merge(a.annotations) { _, new in new }
        var labels = [severityLabel: severity.rawValue]
        labels.merge(a.labels) { _, new in new }
        return AlertRule(name: a.name, expr: expr, labels: labels, annotations: Annotations(all: annotations), site: slo.site)
    }

    /// `{k="v", …}`, keys sorted, values quoted as Go quotes them (Prometheus' `LabelSet.String`).
    static func promFilter(_ labels: Labels) -> String {
        "{" + labels.keys.sorted().map { "\($0)=\(goQuote(labels[$0]!))" }.joined(separator: ", ") + "}"
    }

    /// A float as Go's `%v` prints it (shortest digits; `e` notation from exponent 6 or below -4).
    static func goFloat(_ v: Double) -> String { GoFormat.formatFloat(v, verb: "g", prec: -1) }
}
