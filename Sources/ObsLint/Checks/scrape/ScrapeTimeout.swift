public struct ScrapeTimeout: LintCheck {
    public static let description = CheckDescription(
        id: "scrape/timeout", severity: .error,
        summary: "scrape_timeout is longer than scrape_interval.",
        rationale: "Prometheus refuses a scrape timeout longer than the interval: scrapes would overlap. It refuses only what is written: a timeout a job inherits (the global one, 10s by default) is lowered to the job's interval, as Prometheus does, so a job scraped every 5s without a timeout of its own is fine.",
        triggering: [
            Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: ↓30s\n    static_configs: [{targets: ['a:1']}]\n"),
            Example(.prometheusConfig, "global:\n  scrape_interval: 15s\n  scrape_timeout: ↓20s\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n"),
        ],
        nonTriggering: [
            Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    scrape_interval: 30s\n    scrape_timeout: 10s\n    static_configs: [{targets: ['a:1']}]\n"),
            // Prometheus' default interval is 1m.
            Example(.prometheusConfig, "global:\n  scrape_timeout: 20s\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n"),
            // The inherited 10s timeout is lowered to the 1s interval.
            Example(.prometheusConfig, "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n    scrape_interval: 1s\n    static_configs: [{targets: ['a:1']}]\n"),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for c in context.scrapeConfigs {
            let settings = c.loaded.settings
            // A prometheus.yml without a global scrape_interval runs with Prometheus' 1m.
            let globalInterval = c.file.kind == .prometheusConfig && c.loaded.globalSpans.values["scrape_interval"] == nil ? PromDuration.minutes(1) : settings.scrapeInterval
            // Only a timeout written longer than its interval is refused (Prometheus' rules).
            if let global = settings.scrapeTimeout, global > globalInterval {
                let at = c.loaded.globalSpans.values["scrape_timeout"] ?? PositionRange(start: 0, end: 1)
                report.add(c.file, at, "global scrape_timeout \(global) is longer than scrape_interval \(globalInterval)")
            }
            for (i, j) in c.loaded.scrapeJobs.enumerated() {
                let interval = j.scrapeInterval ?? globalInterval
                if let timeout = j.scrapeTimeout, timeout > interval {
                    report.add(c.location(job: i, key: "scrape_timeout", in: context), "job \(j.name): scrape_timeout \(timeout) is longer than scrape_interval \(interval)")
                }
            }
        }
    }
}
