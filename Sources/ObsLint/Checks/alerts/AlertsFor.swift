/// Invalid, redundant or too short `for` durations.
public struct AlertsFor: LintCheck {
    public static let description = CheckDescription(
        id: "alerts/for", severity: .warning,
        summary: "`for` is shorter than the group's evaluation interval or too short for an absent() alert; an explicit `for: 0s` is reported as info.",
        rationale: "`for: 0s` is the default and says nothing (info: it changes nothing either); a `for` shorter than the evaluation interval is rounded up to one evaluation; absent() alerts need `for` of at least two scrape intervals or a single missed scrape pages someone.",
        triggering: [
            Example(.rules, "groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: A\n        expr: up == 0\n        for: ↓30s\n        labels: {severity: warning}\n"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: ↓0s\n"),
            // Positions come from the YAML itself, whatever its layout (a flow mapping here).
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - {alert: A, expr: up == 0, for: ↓0s}\n"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - ↓alert: A\n        expr: absent(up{job=\"api\"})\n"),
        ],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    interval: 30s\n    rules:\n      - alert: A\n        expr: absent(up{job=\"api\"})\n        for: 5m\n")])

    public init() {}

    func forRange(_ r: LintRule) -> PositionRange { r.range(ofValue: "for") }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard let a = r.alert else { continue }
            let interval = r.group.interval ?? context.scrapeConfigs.first?.loaded.settings.evaluationInterval ?? .minutes(1)
            if let f = a.forDuration {
                if f.milliseconds == 0 {
                    // Redundant, not wrong: an alert meant to fire at once says so (info).
                    report.add(r.file, forRange(r), "for: 0s is the default; remove it", severity: .info)
                } else if f < interval {
                    report.add(r.file, forRange(r), "for: \(f) is shorter than the group's evaluation interval \(interval); it means one evaluation")
                }
            }
            if let e = r.expr, case .call(let c) = e.unparenthesized, c.function.name == "absent" {
                let name = Analysis.selectors(e).first?.selector.metricName
                let scrape = name.map { context.scrapeInterval(metric: $0) } ?? context.config.defaultScrapeInterval
                if (a.forDuration ?? .milliseconds(0)) < scrape * 2 {
                    report.add(r, "absent() alert \(a.name) fires after one missed scrape; use for: of at least \(scrape * 2)")
                }
            }
        }
    }
}
