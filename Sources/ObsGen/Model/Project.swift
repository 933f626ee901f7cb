/// Everything a team declares once: metrics, rules, scrape jobs (and, in later parts,
/// dashboards and routing). Renderers and the linter read this plain value.
public struct Project: Sendable, Hashable {
    public var name: String
    public var metrics: [Metric]
    public var ruleFiles: [RuleFile]
    public var scrapeJobs: [ScrapeJob]
    public var prometheus: PrometheusSettings
    /// Base URL where runbooks are published (`runbook_url` values are built on it).
    public var runbookBaseURL: String?

    public init(name: String, metrics: [Metric] = [], ruleFiles: [RuleFile] = [], scrapeJobs: [ScrapeJob] = [],
                prometheus: PrometheusSettings = PrometheusSettings(), runbookBaseURL: String? = nil) {
        self.name = name
        self.metrics = metrics
        self.ruleFiles = ruleFiles
        self.scrapeJobs = scrapeJobs
        self.prometheus = prometheus
        self.runbookBaseURL = runbookBaseURL
    }

    public func metric(named name: String) -> Metric? { metrics.first { $0.name == name } }

    /// Every alert of every file, with its file and group.
    public var alerts: [(file: RuleFile, group: RuleGroup, alert: AlertRule)] {
        ruleFiles.flatMap { f in f.groups.flatMap { g in g.rules.compactMap { r -> (RuleFile, RuleGroup, AlertRule)? in
            if case .alert(let a) = r { return (f, g, a) } else { return nil }
        } } }
    }

    public var recordingRules: [(file: RuleFile, group: RuleGroup, rule: RecordingRule)] {
        ruleFiles.flatMap { f in f.groups.flatMap { g in g.rules.compactMap { r -> (RuleFile, RuleGroup, RecordingRule)? in
            if case .recording(let rr) = r { return (f, g, rr) } else { return nil }
        } } }
    }
}
