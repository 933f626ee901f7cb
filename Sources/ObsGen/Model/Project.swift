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
    public var dashboards: [DashboardSpec]
    public var grafana: GrafanaSettings
    public var alertmanager: AlertmanagerConfig?
    /// Service level objectives; the DSL's `Project { … }` adds their rule files to `ruleFiles`.
    public var slos: [SLO] = []

    public init(name: String, metrics: [Metric] = [], ruleFiles: [RuleFile] = [], scrapeJobs: [ScrapeJob] = [],
                prometheus: PrometheusSettings = PrometheusSettings(), runbookBaseURL: String? = nil,
                dashboards: [DashboardSpec] = [], grafana: GrafanaSettings = GrafanaSettings()) {
        self.name = name
        self.metrics = metrics
        self.ruleFiles = ruleFiles
        self.scrapeJobs = scrapeJobs
        self.prometheus = prometheus
        self.runbookBaseURL = runbookBaseURL
        self.dashboards = dashboards
        self.grafana = grafana
    }

    public func metric(named name: String) -> Metric? { metrics.first { $0.name == name } }

    /// Sloth's rules of the SLOs, one file per service (`slo-<service>`), services in the order
    /// their first SLO is declared; each SLO's first alert carries promtool tests of its burn
    /// rates (run by `obsgen test`).
    public var sloRuleFiles: [RuleFile] {
        var services: [String] = []
        for s in slos where !services.contains(s.service) { services.append(s.service) }
        return services.map { service in
            let own = slos.filter { $0.service == service }
            return SLORules.ruleFile(named: "slo-\(service)", slos: own, withTests: true, site: own[0].site)
        }
    }

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

/// A datasource Grafana is provisioned with.
public struct GrafanaDatasource: Sendable, Hashable {
    public var name: String
    public var type: String
    public var uid: String
    public var url: String
    public var isDefault: Bool
    public init(name: String, type: String, uid: String, url: String, isDefault: Bool = false) {
        self.name = name
        self.type = type
        self.uid = uid
        self.url = url
        self.isDefault = isDefault
    }
}

public struct GrafanaSettings: Sendable, Hashable {
    /// Grafana's base URL, for `dashboard_url` annotations.
    public var url: String
    /// Folder the provisioned dashboards appear in.
    public var folder: String
    /// Where Grafana reads the rendered dashboards from (the provisioning provider's path).
    public var dashboardsPath: String
    public var datasources: [GrafanaDatasource]

    public init(url: String = "http://localhost:3000", folder: String = "obsgen", dashboardsPath: String = "/var/lib/grafana/dashboards/obsgen",
                datasources: [GrafanaDatasource] = [GrafanaDatasource(name: "Prometheus", type: "prometheus", uid: "prometheus", url: "http://prometheus:9090", isDefault: true)]) {
        self.url = url
        self.folder = folder
        self.dashboardsPath = dashboardsPath
        self.datasources = datasources
    }
}
