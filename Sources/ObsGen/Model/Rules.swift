/// The direction in which an alert's threshold fires.
public enum ThresholdComparison: String, Sendable, Hashable {
    case above = ">"
    case aboveOrEqual = ">="
    case below = "<"
    case belowOrEqual = "<="
    case equal = "=="
    case notEqual = "!="
}

/// One rung of a severity ladder: `.warning(above: 0.05)` fires at warning above 5 %.
public struct SeverityLevel: Sendable, Hashable {
    public var severity: AlertSeverity
    public var comparison: ThresholdComparison
    public var threshold: Double
    /// A `for` duration for this level only (defaults to the alert's).
    public var forDuration: PromDuration?

    public init(severity: AlertSeverity, comparison: ThresholdComparison, threshold: Double, for duration: PromDuration? = nil) {
        self.severity = severity
        self.comparison = comparison
        self.threshold = threshold
        self.forDuration = duration
    }

    public static func info(above t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: .info, comparison: .above, threshold: t, for: d) }
    public static func warning(above t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: .warning, comparison: .above, threshold: t, for: d) }
    public static func critical(above t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: .critical, comparison: .above, threshold: t, for: d) }
    public static func info(below t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: .info, comparison: .below, threshold: t, for: d) }
    public static func warning(below t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: .warning, comparison: .below, threshold: t, for: d) }
    public static func critical(below t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: .critical, comparison: .below, threshold: t, for: d) }
    /// A rung of any level, custom ones included: `.level(.custom("page"), above: 0.2)`.
    public static func level(_ s: AlertSeverity, above t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: s, comparison: .above, threshold: t, for: d) }
    public static func level(_ s: AlertSeverity, below t: Double, for d: PromDuration? = nil) -> SeverityLevel { .init(severity: s, comparison: .below, threshold: t, for: d) }
}

/// Alert annotations: the well-known ones and free ones.
public struct Annotations: Sendable, Hashable {
    public var summary: String?
    public var description: String?
    public var runbookURL: String?
    public var dashboardURL: String?
    public var extra: [String: String]

    public init(summary: String? = nil, description: String? = nil, runbookURL: String? = nil, dashboardURL: String? = nil, extra: [String: String] = [:]) {
        self.summary = summary
        self.description = description
        self.runbookURL = runbookURL
        self.dashboardURL = dashboardURL
        self.extra = extra
    }

    /// All annotations as Prometheus sees them.
    public var all: [String: String] {
        var m = extra
        if let summary { m["summary"] = summary }
        if let description { m["description"] = description }
        if let runbookURL { m["runbook_url"] = runbookURL }
        if let dashboardURL { m["dashboard_url"] = dashboardURL }
        return m
    }

    public init(all map: [String: String]) {
        var extra = map
        self.summary = extra.removeValue(forKey: "summary")
        self.description = extra.removeValue(forKey: "description")
        self.runbookURL = extra.removeValue(forKey: "runbook_url")
        self.dashboardURL = extra.removeValue(forKey: "dashboard_url")
        self.extra = extra
    }
}

/// Runbook content for an alert, rendered from the runbook template.
public struct Runbook: Sendable, Hashable {
    public var detection: String
    public var diagnosis: [String]
    public var resolution: [String]

    public init(detection: String = "", diagnosis: [String] = [], resolution: [String] = []) {
        self.detection = detection
        self.diagnosis = diagnosis
        self.resolution = resolution
    }
}

/// A promtool unit test carried by an alert.
public struct AlertTest: Sendable, Hashable {
    public struct Series: Sendable, Hashable {
        public var series: String
        public var values: String
        public init(_ series: String, _ values: String) {
            self.series = series
            self.values = values
        }
    }

    public struct ExpectedAlert: Sendable, Hashable {
        public var labels: Labels
        /// Expected annotations; nil to expect the alert's own annotations, expanded by obsgen
        /// as Prometheus would (`$labels`, `$value` with `value`, `humanize*`, `printf`, …).
        public var annotations: Labels?
        /// The alert's value at the evaluation time (`$value`), for annotations that read it.
        public var value: Double?
        public init(labels: Labels, annotations: Labels? = nil, value: Double? = nil) {
            self.labels = labels
            self.annotations = annotations
            self.value = value
        }
    }

    public var name: String
    public var interval: PromDuration
    public var series: [Series]
    public var evalTime: PromDuration
    /// The alert name to evaluate; defaults to the carrying alert's name.
    public var alertName: String?
    /// Expected firing alerts (empty: the alert must not fire).
    public var expected: [ExpectedAlert]
    /// Where the test was declared: its problems are reported there.
    public var site: DeclarationSite

    public init(_ name: String, interval: PromDuration = .minutes(1), series: [Series], evalTime: PromDuration, alertName: String? = nil,
                expect expected: [ExpectedAlert], file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.name = name
        self.interval = interval
        self.series = series
        self.evalTime = evalTime
        self.alertName = alertName
        self.expected = expected
        self.site = DeclarationSite(file: file, line: line, column: column)
    }
}

/// An alerting rule. With a severity ladder, it stands for one Prometheus rule per level.
public struct AlertRule: Sendable, Hashable {
    public var name: String
    /// The expression; with a ladder, without the threshold comparison.
    public var expr: String
    public var forDuration: PromDuration?
    public var keepFiringFor: PromDuration?
    public var labels: Labels
    public var annotations: Annotations
    public var severities: [SeverityLevel]
    public var tests: [AlertTest]
    public var runbook: Runbook?
    public var site: DeclarationSite
    /// Where the expression starts in a loaded file (for precise diagnostics), when known.
    public var exprSite: DeclarationSite?
    /// The metrics the DSL interpolated into the expression (they join the project's catalog).
    public var referencedMetrics: [Metric]

    public init(name: String, expr: String, for forDuration: PromDuration? = nil, keepFiringFor: PromDuration? = nil,
                labels: Labels = [:], annotations: Annotations = Annotations(), severities: [SeverityLevel] = [],
                tests: [AlertTest] = [], runbook: Runbook? = nil, site: DeclarationSite = .unknown, exprSite: DeclarationSite? = nil,
                referencedMetrics: [Metric] = []) {
        self.name = name
        self.expr = expr
        self.forDuration = forDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
        self.severities = severities
        self.tests = tests
        self.runbook = runbook
        self.site = site
        self.exprSite = exprSite
        self.referencedMetrics = referencedMetrics
    }
}

/// A recording rule. Interpolating it into an expression writes its name, as a metric does:
/// `"\(Rules.errorRatio) > 0.05"`.
public struct RecordingRule: Sendable, Hashable, CustomStringConvertible {
    public var record: String
    public var expr: String
    public var labels: Labels
    public var site: DeclarationSite
    public var exprSite: DeclarationSite?
    /// The metrics the DSL interpolated into the expression (they join the project's catalog).
    public var referencedMetrics: [Metric]

    public init(record: String, expr: String, labels: Labels = [:], site: DeclarationSite = .unknown, exprSite: DeclarationSite? = nil,
                referencedMetrics: [Metric] = []) {
        self.record = record
        self.expr = expr
        self.labels = labels
        self.site = site
        self.exprSite = exprSite
        self.referencedMetrics = referencedMetrics
    }

    /// The recorded series' name.
    public var description: String { record }
}

public enum Rule: Sendable, Hashable {
    case alert(AlertRule)
    case recording(RecordingRule)

    public var name: String {
        switch self {
        case .alert(let a): a.name
        case .recording(let r): r.record
        }
    }

    public var expr: String {
        switch self {
        case .alert(let a): a.expr
        case .recording(let r): r.expr
        }
    }

    public var site: DeclarationSite {
        switch self {
        case .alert(let a): a.site
        case .recording(let r): r.site
        }
    }
}

/// Thanos' partial response strategy for a rule group.
public enum PartialResponseStrategy: String, Sendable, Hashable {
    case warn, abort
}

public struct RuleGroup: Sendable, Hashable {
    public var name: String
    public var interval: PromDuration?
    public var limit: Int?
    public var queryOffset: PromDuration?
    public var partialResponseStrategy: PartialResponseStrategy?
    public var labels: Labels
    public var rules: [Rule]
    public var site: DeclarationSite

    public init(name: String, interval: PromDuration? = nil, limit: Int? = nil, queryOffset: PromDuration? = nil,
                partialResponseStrategy: PartialResponseStrategy? = nil, labels: Labels = [:], rules: [Rule], site: DeclarationSite = .unknown) {
        self.name = name
        self.interval = interval
        self.limit = limit
        self.queryOffset = queryOffset
        self.partialResponseStrategy = partialResponseStrategy
        self.labels = labels
        self.rules = rules
        self.site = site
    }
}

/// A rule file: its name (becomes `rules/<name>.yml`) and its groups.
public struct RuleFile: Sendable, Hashable {
    public var name: String
    public var groups: [RuleGroup]
    public var site: DeclarationSite

    public init(name: String, groups: [RuleGroup], site: DeclarationSite = .unknown) {
        self.name = name
        self.groups = groups
        self.site = site
    }
}
