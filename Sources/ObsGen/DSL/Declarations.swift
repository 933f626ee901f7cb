/// The DSL's declarations. Every initializer records the Swift file and line it was written
/// on, so that problems found when the project is built point at the user's source.

// MARK: - Metrics

/// A counter (`_total`).
public func Counter(_ name: String, help: String, unit: MetricUnit = .count, labels: [LabelSpec] = [], job: String? = nil,
                    file: String = #filePath, line: Int = #line, column: Int = #column) -> Metric {
    Metric(name: name, kind: .counter, help: help, unit: unit, labels: labels, job: job, site: DeclarationSite(file: file, line: line, column: column))
}

public func Gauge(_ name: String, help: String, unit: MetricUnit = .count, labels: [LabelSpec] = [], job: String? = nil,
                  file: String = #filePath, line: Int = #line, column: Int = #column) -> Metric {
    Metric(name: name, kind: .gauge, help: help, unit: unit, labels: labels, job: job, site: DeclarationSite(file: file, line: line, column: column))
}

public func Histogram(_ name: String, help: String, unit: MetricUnit = .seconds, labels: [LabelSpec] = [], buckets: [Double], job: String? = nil,
                      file: String = #filePath, line: Int = #line, column: Int = #column) -> Metric {
    Metric(name: name, kind: .histogram, help: help, unit: unit, labels: labels, buckets: buckets, job: job, site: DeclarationSite(file: file, line: line, column: column))
}

public func Summary(_ name: String, help: String, unit: MetricUnit = .seconds, labels: [LabelSpec] = [], job: String? = nil,
                    file: String = #filePath, line: Int = #line, column: Int = #column) -> Metric {
    Metric(name: name, kind: .summary, help: help, unit: unit, labels: labels, job: job, site: DeclarationSite(file: file, line: line, column: column))
}

/// An info metric (`_info`, value 1): where high-cardinality facts such as a commit SHA belong.
public func Info(_ name: String, help: String, labels: [LabelSpec] = [], job: String? = nil,
                 file: String = #filePath, line: Int = #line, column: Int = #column) -> Metric {
    Metric(name: name, kind: .info, help: help, labels: labels, job: job, site: DeclarationSite(file: file, line: line, column: column))
}

extension LabelSpec {
    /// A label with a closed set of values.
    public static func oneOf(_ name: String, _ values: [String], _ description: String = "") -> LabelSpec {
        LabelSpec(name, description: description, values: values)
    }

    /// A label whose values are unbounded (ids, SHAs); declared so the linter can flag it.
    public static func unbounded(_ name: String, _ description: String = "") -> LabelSpec {
        LabelSpec(name, description: description, bounded: false)
    }
}

// MARK: - Rules

public typealias Alert = AlertRule
public typealias Record = RecordingRule

extension AlertRule {
    /// An alert. With severity levels (`.warning(above: 0.05), .critical(above: 0.10)`), the
    /// expression is the measured value and one rule is rendered per level; without, `severity`
    /// sets the level. Metrics interpolated into `expr` join the project's catalog. With the
    /// project's `runbookBaseURL`, `runbook_url` is built for the alert (`runbookURL` overrides).
    public init(_ name: String, expr: PromQLText, severities: SeverityLevel..., severity: AlertSeverity? = nil,
                for forDuration: PromDuration? = nil, keepFiringFor: PromDuration? = nil,
                labels: Labels = [:], summary: String? = nil, description: String? = nil,
                runbookURL: String? = nil, dashboardURL: String? = nil, annotations: [String: String] = [:],
                runbook: Runbook? = nil, tests: [AlertTest] = [],
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        var l = labels
        if let severity { l["severity"] = severity.rawValue }
        self.init(name: name, expr: expr.text, for: forDuration, keepFiringFor: keepFiringFor, labels: l,
                  annotations: Annotations(summary: summary, description: description, runbookURL: runbookURL, dashboardURL: dashboardURL, extra: annotations),
                  severities: severities, tests: tests, runbook: runbook, site: DeclarationSite(file: file, line: line, column: column),
                  referencedMetrics: expr.metrics)
    }
}

extension RecordingRule {
    /// A recording rule. Interpolating it elsewhere (`"\(rule) > 0.05"`) writes `record`.
    public init(_ record: String, expr: PromQLText, labels: Labels = [:], file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.init(record: record, expr: expr.text, labels: labels, site: DeclarationSite(file: file, line: line, column: column),
                  referencedMetrics: expr.metrics)
    }
}

extension RuleGroup {
    public init(_ name: String, interval: PromDuration? = nil, limit: Int? = nil, queryOffset: PromDuration? = nil,
                labels: Labels = [:], file: String = #filePath, line: Int = #line, column: Int = #column, @RuleGroupBuilder rules: () -> [Rule]) {
        self.init(name: name, interval: interval, limit: limit, queryOffset: queryOffset, labels: labels, rules: rules(),
                  site: DeclarationSite(file: file, line: line, column: column))
    }
}

extension RuleFile {
    public init(_ name: String, file: String = #filePath, line: Int = #line, column: Int = #column, @RuleFileBuilder groups: () -> [RuleGroup]) {
        self.init(name: name, groups: groups(), site: DeclarationSite(file: file, line: line, column: column))
    }
}

// MARK: - Scrape jobs

extension ScrapeJob {
    public init(_ name: String, targets: [String] = [], labels: Labels = [:], metricsPath: String? = nil, scheme: String? = nil,
                interval: PromDuration? = nil, timeout: PromDuration? = nil, honorLabels: Bool? = nil, auth: ScrapeAuth? = nil,
                fileDiscovery: [FileDiscovery] = [], kubernetes: [KubernetesDiscovery] = [],
                relabel: [RelabelRule] = [], metricRelabel: [RelabelRule] = [], pushgateway: Bool = false,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.init(name: name, staticTargets: targets.isEmpty ? [] : [StaticTargets(targets, labels: labels)],
                  fileDiscovery: fileDiscovery, kubernetesDiscovery: kubernetes, metricsPath: metricsPath, scheme: scheme,
                  scrapeInterval: interval, scrapeTimeout: timeout, honorLabels: honorLabels, auth: auth,
                  relabel: relabel, metricRelabel: metricRelabel, isPushgateway: pushgateway,
                  site: DeclarationSite(file: file, line: line, column: column))
    }
}

// MARK: - Project

extension Project {
    /// A project from its parts. Metrics interpolated into its rules, panels, variables and
    /// annotations join `metrics` without being listed; with `runbookBaseURL`, every alert
    /// without its own `runbookURL` gets `runbook_url` = `<base>/<alert>.md` (where
    /// `obsgen render` writes its runbook).
    public init(_ name: String, prometheus: PrometheusSettings = PrometheusSettings(), runbookBaseURL: String? = nil,
                grafana: GrafanaSettings = GrafanaSettings(), @ProjectBuilder content: () -> [ProjectPart]) {
        self.init(name: name, prometheus: prometheus, runbookBaseURL: runbookBaseURL, grafana: grafana)
        for part in content() {
            switch part {
            case .metric(let m): metrics.append(m)
            case .ruleFile(let f): ruleFiles.append(f)
            case .scrapeJob(let j): scrapeJobs.append(j)
            case .dashboard(let d): dashboards.append(d)
            case .alertmanager(let a): alertmanager = a
            case .slo(let s): slos.append(s)
            }
        }
        ruleFiles += sloRuleFiles
        dashboards += sloDashboards
        self = includingInterpolatedMetrics().resolvingRunbookURLs()
    }
}

public typealias Dashboards = DashboardSpec
