import Foundation

/// A file being linted.
public final class LintFile: Sendable {
    public enum Kind: String, Sendable {
        case rules, prometheusConfig, dashboard
        /// An SLO spec (Sloth's `prometheus/v1` or `PrometheusServiceLevel`): its SLOs and the
        /// rules they generate are linted.
        case sloSpec
        /// Files obsgen recognises but does not lint: promtool unit tests, Alertmanager
        /// configuration, Grafana provisioning. Found in the same folders as what it lints.
        case ruleTests, alertmanagerConfig, grafanaProvisioning
        /// Swift source of a DSL project: where its declarations are.
        case swift
        case unknown

        /// What a skipped kind is, for the summary line.
        public var skippedDescription: String? {
            switch self {
            case .ruleTests: "promtool rule tests"
            case .alertmanagerConfig: "Alertmanager configuration"
            case .grafanaProvisioning: "Grafana provisioning"
            default: nil
            }
        }
    }
    public let path: String
    public let kind: Kind
    public let source: SourceText

    public init(path: String, kind: Kind, source: SourceText) {
        self.path = path
        self.kind = kind
        self.source = source
    }
}

/// A rule with where it is, and its expression parsed (when it parses). A class: checks
/// iterate over thousands of them, and a reference is cheaper to pass around than a copy.
public final class LintRule: Sendable {
    public let rule: Rule
    /// The group's settings (name, interval, labels, …), held once for all of its rules (a
    /// large file has a hundred thousand rules). Its `rules` is empty: the rules are the
    /// context's, and a second copy of every rule is what memory would peak on.
    let groupBox: GroupBox
    public var group: RuleGroup { groupBox.group }
    public let file: LintFile
    public let locator: ContentLocator
    public let expr: Expr?
    /// The expression's vector selectors, with whether each sits in a range selector
    /// (`Analysis.selectors(expr)`), found once for every check that reads them.
    public let selectors: [(selector: VectorSelector, inRange: Bool)]
    /// Byte range of the rule's first key (`- alert:` / `- record:`), or of its Swift declaration.
    public let siteRange: PositionRange
    /// For a rule rendered from a DSL severity ladder: the declaration, with its levels (held
    /// apart: most rules have none, and an alert inline would make every rule that much larger).
    let ladderBox: LadderBox?
    public var ladder: AlertRule? { ladderBox?.alert }
    /// Where the rule's keys and values are, as the loader recorded them (empty for a DSL
    /// rule, whose parts are all at its declaration).
    public let spans: RuleSpans
    /// Where the group's keys and values are.
    public let groupSpans: KeySpans

    final class GroupBox: Sendable {
        let group: RuleGroup
        init(_ group: RuleGroup) {
            var settings = group
            settings.rules = []
            self.group = settings
        }
    }

    final class LadderBox: Sendable {
        let alert: AlertRule
        init(_ alert: AlertRule) { self.alert = alert }
    }

    public convenience init(rule: Rule, group: RuleGroup, file: LintFile, locator: ContentLocator, expr: Expr?, siteRange: PositionRange, ladder: AlertRule? = nil,
                            spans: RuleSpans = RuleSpans(), groupSpans: KeySpans = KeySpans()) {
        self.init(rule: rule, groupBox: GroupBox(group), file: file, locator: locator, expr: expr, siteRange: siteRange, ladder: ladder, spans: spans, groupSpans: groupSpans)
    }

    init(rule: Rule, groupBox: GroupBox, file: LintFile, locator: ContentLocator, expr: Expr?, siteRange: PositionRange, ladder: AlertRule? = nil,
         spans: RuleSpans = RuleSpans(), groupSpans: KeySpans = KeySpans()) {
        self.rule = rule
        self.groupBox = groupBox
        self.file = file
        self.locator = locator
        self.expr = expr
        self.selectors = expr.map(Analysis.selectors) ?? []
        self.siteRange = siteRange
        self.ladderBox = ladder.map(LadderBox.init)
        self.spans = spans
        self.groupSpans = groupSpans
    }

    /// The value of one of the rule's keys (`for`, `alert`, …), else the rule's start.
    public func range(ofValue key: String) -> PositionRange { spans.fields.values[key] ?? siteRange }
    /// One of the rule's keys, else the rule's start.
    public func range(ofKey key: String) -> PositionRange { spans.fields.keys[key] ?? siteRange }
    /// A label's key (or value) in the rule's `labels:`, else the rule's start.
    public func range(ofLabel name: String, value: Bool = false) -> PositionRange {
        (value ? spans.labels.values[name] : spans.labels.keys[name]) ?? siteRange
    }
    /// An annotation's key in the rule's `annotations:`, else the rule's start.
    public func range(ofAnnotation name: String) -> PositionRange { spans.annotations.keys[name] ?? siteRange }
    /// The group's `interval:` value, else the rule's start.
    public var groupIntervalRange: PositionRange { groupSpans.values["interval"] ?? siteRange }

    public var name: String { rule.name }
    public var exprText: String { rule.expr }
    public var alert: AlertRule? { if case .alert(let a) = rule { a } else { nil } }
    public var recording: RecordingRule? { if case .recording(let r) = rule { r } else { nil } }

    /// A range inside the expression, as a range in the file.
    public func fileRange(_ r: PositionRange) -> PositionRange { locator.fileRange(r, in: rule.expr) }
}

/// A dashboard with its file.
public struct LintDashboard: Sendable {
    public var loaded: LoadedDashboard
    public var file: LintFile
    public var dashboard: Dashboard { loaded.dashboard }

    /// Where a panel starts in the file (or the file's start).
    public func range(of panel: Panel) -> PositionRange {
        let o = panel.offset ?? 0
        return PositionRange(start: o, end: o + 1)
    }

    public func range(of variable: Variable) -> PositionRange {
        let o = variable.offset ?? 0
        return PositionRange(start: o, end: o + 1)
    }

    /// The value (or, with `value: false`, the key) that `path` names in the panel's JSON
    /// (`["fieldConfig", "defaults", "unit"]`), else the panel's `{`. With `contentRange`, a
    /// range inside that string value (as decoded), located through its escapes.
    public func range(of panel: Panel, key path: [JSONLocator.Step], value: Bool = true, contentRange: PositionRange? = nil) -> PositionRange {
        locate(path, in: panel.offset, value: value, contentRange: contentRange) ?? range(of: panel)
    }

    /// A range inside the `expr` of the panel's target `index` (an `Expr` node's or a PromQL
    /// error's), else that `expr` value, else the panel's `{`.
    public func range(of panel: Panel, target index: Int, exprRange: PositionRange? = nil) -> PositionRange {
        range(of: panel, key: ["targets", .index(index), "expr"], contentRange: exprRange)
    }

    /// The value of one of the variable's keys (`query`, `datasource`, `definition`), else the
    /// variable's `{`.
    public func range(of variable: Variable, key: String) -> PositionRange {
        range(of: variable, key: [.key(key)])
    }

    /// The value `path` names in the variable's JSON (`["query", "query"]`), or a range inside
    /// that string, else the variable's `{`.
    public func range(of variable: Variable, key path: [JSONLocator.Step], contentRange: PositionRange? = nil) -> PositionRange {
        locate(path, in: variable.offset, value: true, contentRange: contentRange) ?? range(of: variable)
    }

    /// Located in the JSON text, from the `{` the loader recorded: only for a dashboard read
    /// from JSON (a DSL dashboard's panels are at their Swift declarations).
    private func locate(_ path: [JSONLocator.Step], in offset: Int?, value: Bool, contentRange: PositionRange?) -> PositionRange? {
        guard file.kind == .dashboard, let offset, let at = JSONLocator.locate(path, inObjectAt: offset, in: file.source) else { return nil }
        guard value else { return at.key ?? at.value }
        guard let r = contentRange else { return at.value }
        // A string's content lies between its quotes; a range past it (it cannot be) is kept inside.
        guard let locator = JSONLocator.contentLocator(ofStringAt: at.value.start, in: file.source) else { return at.value }
        let first = at.value.start + 1, last = Swift.max(first, at.value.end - 1)
        let mapped = locator.fileRange(r, in: "")
        return PositionRange(start: Swift.min(Swift.max(mapped.start, first), last), end: Swift.min(Swift.max(mapped.end, first), last))
    }
}

/// An SLO with where it was declared: a spec file's lines, or a DSL project's Swift line
/// (where all its parts are).
public struct LintSLO: Sendable {
    public var slo: SLO
    public var file: LintFile
    /// The SLO's start (`- name:` in a spec, its declaration in Swift).
    public var siteRange: PositionRange
    /// The objective's value, else the SLO's start.
    public var objectiveRange: PositionRange
    /// Each query's value, in `slo.sli.queries` order, else the SLO's start.
    public var queryRanges: [PositionRange]

    public init(slo: SLO, file: LintFile, siteRange: PositionRange, objectiveRange: PositionRange? = nil, queryRanges: [PositionRange] = []) {
        self.slo = slo
        self.file = file
        self.siteRange = siteRange
        self.objectiveRange = objectiveRange ?? siteRange
        self.queryRanges = slo.sli.queries.indices.map { $0 < queryRanges.count ? queryRanges[$0] : siteRange }
    }

    /// Located in a spec file at the sites the loader recorded.
    init(slo: SLO, specFile file: LintFile) {
        func at(_ site: DeclarationSite) -> PositionRange {
            let off = file.source.utf8Offset(line: site.line, scalarColumn: site.column)
            return PositionRange(start: off, end: off + 1)
        }
        self.init(slo: slo, file: file, siteRange: at(slo.site), objectiveRange: slo.objectiveSite.map(at), queryRanges: slo.querySites.map(at))
    }
}

public struct LintScrapeConfig: Sendable {
    public var loaded: LoadedPrometheusConfig
    public var file: LintFile

    /// Where job `index` sets `key` (its value, as the loader recorded it), else where the job
    /// starts (its Swift declaration for a DSL project).
    public func location(job index: Int, key: String? = nil, value: Bool = true, in context: LintContext) -> (LintFile, PositionRange) {
        if let key, let spans = loaded.jobSpans[index], let r = value ? spans.values[key] : spans.keys[key] { return (file, r) }
        let j = loaded.scrapeJobs[index]
        if let at = context.location(of: j.site) { return at }
        let off = file.source.offset(line: j.site.line, column: j.site.column)
        return (file, PositionRange(start: off, end: off + 1))
    }
}

/// Everything linted together, and what the checks know about it.
public struct LintContext: Sendable {
    public var files: [LintFile]
    /// Files recognised as something obsgen does not lint (promtool tests, Alertmanager
    /// configuration, Grafana provisioning), found in the folders given.
    public var skippedFiles: [LintFile] = []
    public var rules: [LintRule]
    public var dashboards: [LintDashboard]
    public var scrapeConfigs: [LintScrapeConfig]
    /// SLOs of the linted spec files, or of the DSL project.
    public var slos: [LintSLO] = []
    /// Metric knowledge: the DSL catalog or obsgen.yml declarations.
    public var catalog: [String: Metric] {
        // The kinds found when the context was finished read the catalog: metrics declared
        // after that (obsgen.yml's, added by the command) make them stale.
        didSet { kindFacts = [:] }
    }
    public var config: LintConfig
    /// Diagnostics from reading the files (YAML, JSON, PromQL), reported by yaml/parse and promql/*.
    public var loadDiagnostics: [(LintFile, Diagnostic)]
    public var features: Features
    /// Runbooks the project renders (file names under docs/runbooks/) and the URL they are
    /// published under, when linting a project; nil otherwise.
    public var runbooks: (baseURL: String, names: Set<String>)?

    /// Files that declarations (catalog metrics, a DSL project's rules, jobs and dashboards)
    /// point into: obsgen.yml, Swift sources, and every linted file, by path.
    public var declarationFiles: [String: LintFile] = [:]

    /// Paths of the linted rule files that are prometheus-operator `PrometheusRule` resources:
    /// the operator loads those, and nothing else, into the Prometheus servers it manages.
    public var prometheusRuleFiles: Set<String> = []

    /// True for a DSL project's model: it is the whole project, so a recording rule it does
    /// not define is undefined even when it has no rules at all.
    public var isWholeProject = false

    /// Problems found when the DSL project was built (duplicates, invalid names, PromQL that
    /// does not parse), each at the Swift line that declared it; reported as they are.
    public var buildIssues: [BuildIssue] = []

    /// The file and range of a declaration site (an obsgen.yml entry, a Swift line, a
    /// position in a linted file).
    public func location(of site: DeclarationSite) -> (LintFile, PositionRange)? {
        guard let f = declarationFiles[site.file] else { return nil }
        let off = f.source.offset(line: site.line, column: site.column)
        return (f, PositionRange(start: off, end: off + 1))
    }

    public init(files: [LintFile] = [], rules: [LintRule] = [], dashboards: [LintDashboard] = [], scrapeConfigs: [LintScrapeConfig] = [],
                catalog: [String: Metric] = [:], config: LintConfig = LintConfig(), loadDiagnostics: [(LintFile, Diagnostic)] = [], features: Features = .none) {
        self.files = files
        self.rules = rules
        self.dashboards = dashboards
        self.scrapeConfigs = scrapeConfigs
        self.catalog = catalog
        self.config = config
        self.loadDiagnostics = loadDiagnostics
        self.features = features
    }

    /// Names recorded by recording rules (computed once the rules are known).
    public var recordedNames: Set<String> = [] {
        didSet { kindFacts = [:] }
    }

    /// Computes what depends on all inputs; `Linter.context` calls it.
    public mutating func finish() {
        recordedNames = Set(rules.compactMap { $0.recording?.record })
        // Every dashboard query, parsed once (in parallel) for the checks that read them: each
        // used to parse every query again.
        var queries: [String] = []
        var seen: Set<String> = []
        func add(_ targets: [Target]?) {
            for t in targets ?? [] {
                if let q = t.promQL, seen.insert(q).inserted { queries.append(q) }
            }
        }
        // The panels of `allPanels`, read in place (a panel is large: copies of every one cost
        // more than the rest of this).
        for d in dashboards {
            let panels = d.dashboard.panels ?? []
            for i in panels.indices {
                if panels[i].isRow {
                    if let children = panels[i].panels { for j in children.indices { add(children[j].targets) } }
                } else {
                    add(panels[i].targets)
                }
            }
            for r in d.dashboard.rows ?? [] { for j in r.panels.indices { add(r.panels[j].targets) } }
        }
        // Parsed with the features the lint allows (what dashboards/query asks); a query that
        // fails is parsed again with every feature, for the checks that read it anyway.
        let options = ParseOptions(features: .all, grafana: true), allowed = ParseOptions(features: features, grafana: true)
        let parsed = parallelChunks(queries, chunk: 64) { (q: String) -> (Expr?, Bool) in
            if let e = try? PromQL.parse(q, options: allowed) { return (e, true) }
            return (try? PromQL.parse(q, options: options), false)
        }
        var byText: [String: Expr] = [:]
        var valid: Set<String> = []
        byText.reserveCapacity(queries.count)
        for (q, (e, ok)) in zip(queries, parsed) {
            if let e { byText[q] = e }
            if ok { valid.insert(q) }
        }
        dashboardQueries = DashboardQueries(parsed: byText, queries: Set(queries), valid: valid)
        refreshKindFacts()
    }

    /// The kind of every series the rules and queries read, found once: several checks ask
    /// for each selector, and the answer goes through the catalogs and the naming rules.
    public mutating func refreshKindFacts() {
        var names: Set<String> = []
        for r in rules { for s in r.selectors { if let n = s.selector.metricName { names.insert(n) } } }
        for e in dashboardQueries.parsed.values { for s in Analysis.selectors(e) { if let n = s.selector.metricName { names.insert(n) } } }
        var ctx = self
        ctx.kindView = .offline
        ctx.kindFacts = [:]
        let list = Array(names), frozen = ctx
        let found = parallelChunks(list, chunk: 64) { (n: String) -> KindFact? in frozen.computeKindFact(ofSeries: n) }
        var facts: [String: KindFact?] = [:]
        facts.reserveCapacity(list.count)
        for (n, f) in zip(list, found) { facts[n] = f }
        kindFacts = facts
    }

    /// `kindFact(ofSeries:)` of the names read by the rules and dashboard queries (see `finish`).
    var kindFacts: [String: KindFact?] = [:]

    /// What a running server said (`obsgen lint --prometheus`), for the online checks; nil
    /// for a lint without one. Setting it refreshes the kinds found (its metadata is one source).
    public var server: ServerFacts? {
        didSet { refreshKindFacts() }
    }

    /// Which kinds `kindFact(ofSeries:)` gives: the offline checks', or only those the server's
    /// metadata gives (for online/metadata, which runs the kind checks in that view).
    public enum KindView: Sendable { case offline, server }
    public var kindView: KindView = .offline

    /// Dashboard queries parsed in Grafana mode (every feature), by their text.
    public struct DashboardQueries: Sendable {
        var parsed: [String: Expr] = [:]
        var queries: Set<String> = []
        /// The queries that parse with the lint's own features (`features`, Grafana mode).
        var valid: Set<String> = []
    }

    /// Whether a dashboard query parses with the lint's features in Grafana mode, when the
    /// context parsed it (nil for a query it did not see).
    public func dashboardQueryParses(_ q: String) -> Bool? {
        dashboardQueries.queries.contains(q) ? dashboardQueries.valid.contains(q) : nil
    }
    public var dashboardQueries = DashboardQueries()

    /// A dashboard query parsed as `PromQL.parse(q, options: ParseOptions(features: .all, grafana: true))`
    /// does, nil where that throws; from the parse made once for all checks.
    public func dashboardExpr(_ q: String) -> Expr? {
        if dashboardQueries.queries.contains(q) { return dashboardQueries.parsed[q] }
        return try? PromQL.parse(q, options: ParseOptions(features: .all, grafana: true))
    }

    /// Scrape interval of a job, from the linted prometheus.yml files (or the catalog's jobs).
    public func scrapeInterval(job: String) -> PromDuration? {
        for c in scrapeConfigs {
            if let j = c.loaded.scrapeJobs.first(where: { $0.name == job }) {
                return j.scrapeInterval ?? c.loaded.settings.scrapeInterval
            }
        }
        return nil
    }

    /// The scrape interval a series is known to be collected at: its catalog job's, else the
    /// longest of the linted configs; nil when nothing linted says.
    /// With a server's facts and no linted prometheus.yml, the server's configuration says.
    public func knownScrapeInterval(metric: String) -> PromDuration? {
        scrapeIntervalFound(metric: metric)?.interval
    }

    /// `knownScrapeInterval`, and whether it is the series' own job's (else an assumption: the
    /// longest interval there is).
    public func scrapeIntervalFound(metric: String) -> (interval: PromDuration, ofItsJob: Bool)? {
        if let job = catalogMetric(metric)?.job, let i = scrapeInterval(job: job) { return (i, true) }
        let all = scrapeConfigs.flatMap { c in c.loaded.scrapeJobs.map { $0.scrapeInterval ?? c.loaded.settings.scrapeInterval } }
        if let m = all.max() { return (m, false) }
        guard let intervals = server?.scrapeIntervals else { return nil }
        if let job = catalogMetric(metric)?.job, let i = intervals.jobs[job] { return (i, true) }
        return (intervals.longest, false)
    }

    /// The scrape interval a series is collected at: its catalog job's, else the only or
    /// default interval of the linted configs, else the configured default.
    public func scrapeInterval(metric: String) -> PromDuration {
        knownScrapeInterval(metric: metric) ?? config.defaultScrapeInterval
    }

    /// The catalog metric a series name belongs to (`x_bucket` → histogram `x`).
    public func catalogMetric(_ series: String) -> Metric? {
        if catalog.isEmpty { return nil }
        if let m = catalog[series] { return m }
        for suffix in ["_bucket", "_sum", "_count", "_total", "_info"] where series.hasSuffix(suffix) {
            if let m = catalog[String(series.dropLast(suffix.count))], m.seriesNames.contains(series) || m.kind == .counter { return m }
        }
        return nil
    }
}
