public struct ScrapeTimeout: LintCheck {
    public static let description = CheckDescription(
        id: "scrape/timeout", severity: .error,
        summary: "scrape_timeout is longer than scrape_interval.",
        rationale: "Prometheus refuses a scrape timeout longer than the interval: scrapes would overlap.",
        triggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: ↓30s\n    static_configs: [{targets: ['a:1']}]\n")],
        nonTriggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    scrape_interval: 30s\n    scrape_timeout: 10s\n    static_configs: [{targets: ['a:1']}]\n")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for c in context.scrapeConfigs {
            for (i, j) in c.loaded.scrapeJobs.enumerated() {
                let interval = j.scrapeInterval ?? c.loaded.settings.scrapeInterval
                let timeout = j.scrapeTimeout ?? c.loaded.settings.scrapeTimeout ?? .seconds(10)
                if timeout > interval {
                    let key = j.scrapeTimeout != nil ? "scrape_timeout" : "scrape_interval"
                    report.add(c.location(job: i, key: key, in: context), "job \(j.name): scrape_timeout \(timeout) is longer than scrape_interval \(interval)")
                }
            }
        }
    }
}
