public struct ScrapePushgateway: LintCheck {
    public static let description = CheckDescription(
        id: "scrape/pushgateway", severity: .error,
        summary: "A Pushgateway job without honor_labels: true.",
        rationale: "Without honor_labels, Prometheus renames the pushed `job` and `instance` labels to `exported_job`/`exported_instance` and stamps the Pushgateway's own: every pushed series appears to come from the gateway, and queries on job= find nothing.",
        triggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: ↓pushgateway\n    static_configs: [{targets: ['pushgateway:9091']}]\n")],
        nonTriggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs: [{targets: ['pushgateway:9091']}]\n")])

    public init() {}

    static func isPushgateway(_ j: ScrapeJob) -> Bool {
        j.isPushgateway || j.name.lowercased().contains("pushgateway") || j.staticTargets.flatMap(\.targets).contains { $0.contains("pushgateway") || $0.hasSuffix(":9091") }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for c in context.scrapeConfigs {
            for (i, j) in c.loaded.scrapeJobs.enumerated() where Self.isPushgateway(j) && j.honorLabels != true {
                report.add(c.location(job: i, key: j.honorLabels == false ? "honor_labels" : "job_name", in: context), "job \(j.name) scrapes a Pushgateway without honor_labels: true", hint: "add honor_labels: true")
            }
        }
    }
}
