public struct OnlineMetadata: LintCheck {
    static let server = ServerFixture(
        series: ["queue_depth{queue=\"deploys\"}", "jobs_processed{queue=\"deploys\"}", "build_seconds_bucket{le=\"1\"}"],
        metadata: ["queue_depth": "gauge", "jobs_processed": "counter", "build_seconds": "summary"])

    public static let description = CheckDescription(
        id: "online/metadata", severity: .error,
        summary: "An expression uses a metric against the kind the Prometheus server's metadata gives it (rate() on a gauge, a counter compared raw, histogram_quantile() on a non-histogram).",
        rationale: "The offline checks know a metric's kind from the project's catalog, the built-in catalog of well-known exporters, or its name; a metric none of them knows, or names badly (a counter without `_total`), slips through. With `--prometheus URL`, the server's `/api/v1/metadata` (what the exporters declare in `# TYPE`) is the source for every metric the project's catalog does not declare: promql/rate's, promql/counter's and promql/histogram's rules run again on what the server says, and report here. Where the server knows a metric's kind, the offline guesses from the built-in catalog and from names give way to it.",
        triggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: queue:depth:rate5m\n        expr: rate(↓queue_depth[5m])\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: TooManyJobs\n        expr: ↓jobs_processed > 1000\n        labels: {severity: warning}\n        annotations: {summary: s, description: d, runbook_url: 'https://example.org/r'}\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: build:seconds:p90\n        expr: histogram_quantile(0.9, sum by (le) (rate(↓build_seconds[5m])))\n", server: server),
        ],
        nonTriggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: jobs:processed:rate5m\n        expr: rate(jobs_processed[5m])\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: queue:depth:deriv5m\n        expr: deriv(queue_depth[5m])\n", server: server),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        guard context.server?.metadata != nil else { return }
        var serverView = context
        serverView.kindView = .server
        PromQLRate().run(serverView, report: &report)
        PromQLCounter().run(serverView, report: &report)
        PromQLHistogram().run(serverView, report: &report)
    }
}
