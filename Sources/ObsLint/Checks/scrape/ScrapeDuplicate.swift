public struct ScrapeDuplicate: LintCheck {
    public static let description = CheckDescription(
        id: "scrape/duplicate", severity: .error,
        summary: "Two scrape configs share a job name.",
        rationale: "Prometheus refuses to start with duplicate job names.",
        triggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n  - ↓job_name: a\n    static_configs: [{targets: ['b:1']}]\n")],
        nonTriggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for (file, d) in context.loadDiagnostics where d.id == LoadIssue.duplicateJob.rawValue { report.add(file, d.range, d.message) }
    }
}
