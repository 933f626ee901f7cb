@_exported import ObsGen

/// An input of a check's example: what kind of file, and its text. A `↓` in the text marks
/// where a triggering example's finding must point (it is removed before linting).
public struct Example: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A rule file (YAML).
        case rules
        /// A prometheus.yml.
        case prometheusConfig
        /// A Grafana dashboard (JSON).
        case dashboard
        /// An SLO spec (Sloth's `prometheus/v1`, YAML).
        case sloSpec
    }
    public var kind: Kind
    public var text: String
    /// Extra files linted together with this one (for cross-file checks).
    public var companions: [Example]
    /// Linted without the example catalog, as `obsgen lint` runs where no obsgen.yml declares
    /// metrics (the built-in catalog of well-known metrics still applies).
    public var withoutCatalog: Bool
    /// An obsgen.yml whose `metrics:` are the catalog instead of the example catalog.
    public var obsgenConfig: String?
    /// For the online checks: the running server's state the example is linted against.
    public var server: ServerFixture?

    public init(_ kind: Kind, _ text: String, with companions: [Example] = [], withoutCatalog: Bool = false, obsgenConfig: String? = nil, server: ServerFixture? = nil) {
        self.kind = kind
        self.text = text
        self.companions = companions
        self.withoutCatalog = withoutCatalog
        self.obsgenConfig = obsgenConfig
        self.server = server
    }

    /// The metric catalog every example is linted with (the docs say so).
    public static let catalog: [Metric] = [
        Metric(name: "deployment_total", kind: .counter, help: "Deployments by outcome.",
               labels: [.oneOf("environment", ["staging", "production"]), LabelSpec("service"), .oneOf("status", ["success", "failed", "rolled_back"])]),
        Metric(name: "node_memory_free_bytes", kind: .gauge, help: "Free memory.", unit: .bytes),
        Metric(name: "http_requests_total", kind: .counter, help: "Requests.", labels: ["code", "method"]),
        Metric(name: "http_request_duration_seconds", kind: .histogram, help: "Latency.", unit: .seconds, buckets: [0.1, 1]),
        Metric(name: "latency_seconds", kind: .histogram, help: "Latency.", unit: .seconds, buckets: [0.1, 1]),
        Metric(name: "requests_total", kind: .counter, help: "Requests."),
        Metric(name: "errors_total", kind: .counter, help: "Errors."),
        Metric(name: "x_total", kind: .counter, help: "Things."),
        Metric(name: "a_total", kind: .counter, help: "Things."),
        Metric(name: "b_total", kind: .counter, help: "Things."),
        Metric(name: "cpu_usage_percent", kind: .gauge, help: "CPU use.", unit: .percent),
        Metric(name: "error_ratio", kind: .gauge, help: "Error ratio.", unit: .ratio),
        Metric(name: "up", kind: .gauge, help: "Target up."),
    ]

    /// A rule file with one alert.
    public static func alert(_ expr: String, name: String = "Example", for duration: String? = nil, labels: String = "severity: warning",
                             annotations: String = "summary: s\n          description: d\n          runbook_url: https://example.org/r") -> Example {
        var t = "groups:\n  - name: example\n    rules:\n      - alert: \(name)\n        expr: \(expr)\n"
        if let duration { t += "        for: \(duration)\n" }
        if !labels.isEmpty { t += "        labels:\n          \(labels)\n" }
        if !annotations.isEmpty { t += "        annotations:\n          \(annotations)\n" }
        return Example(.rules, t)
    }

    /// A Sloth spec (`prometheus/v1`) with one SLO of service `api`: its objective and its
    /// `sli:` mapping (YAML lines, indented under `sli:`), with page and ticket alerts.
    public static func slo(objective: String = "99.9", sli: String) -> Example {
        Example(.sloSpec, """
            version: "prometheus/v1"
            service: "api"
            slos:
              - name: "requests-availability"
                objective: \(objective)
                sli:
            \(sli.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
                alerting:
                  name: APIHighErrorRate
                  annotations:
                    summary: "{{$labels.sloth_service}} burns its error budget too fast"
                    runbook_url: https://example.org/r
                  page_alert:
                    labels: {severity: critical}
                  ticket_alert:
                    labels: {severity: warning}

            """)
    }

    /// A rule file with one recording rule.
    public static func record(_ expr: String, name: String = "job:example:rate5m") -> Example {
        Example(.rules, "groups:\n  - name: example\n    rules:\n      - record: \(name)\n        expr: \(expr)\n")
    }
}

/// A check's self-description: id, rationale and examples. The generic test runs the
/// examples; the docs under docs/checks/ are generated from the same description.
public struct CheckDescription: Sendable, Hashable {
    /// `area/name`, also the docs path `docs/checks/<area>/<name>.md`.
    public var id: String
    public var severity: Severity
    public var summary: String
    public var rationale: String
    public var triggering: [Example]
    public var nonTriggering: [Example]
    /// Options the check reads from obsgen.yml, typed, with their defaults, for the docs and
    /// for validating obsgen.yml.
    public var options: [CheckOption]

    public init(id: String, severity: Severity, summary: String, rationale: String, triggering: [Example], nonTriggering: [Example],
                options: [CheckOption] = []) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.options = options
    }

    public static func == (a: CheckDescription, b: CheckDescription) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// An option of a check in obsgen.yml, with its type: a value of the wrong type is a located
/// error when obsgen.yml is read, never a silent fallback to the default.
public struct CheckOption: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A list of label names (a YAML list, or one comma-separated string).
        case labelNames
        /// A list of non-empty values.
        case values
        /// A number at least this large.
        case number(atLeast: Double)

        public struct Invalid: Error { public var why: String }

        /// The value, normalised (lists comma-joined), or why it is not one.
        func validate(_ items: [String]) -> Result<String, Invalid> {
            switch self {
            case .labelNames:
                let names = items.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                if let bad = names.first(where: { !isLegacyLabelName($0) }) { return .failure(Invalid(why: "\"\(bad)\" is not a label name")) }
                return .success(names.joined(separator: ","))
            case .values:
                let values = items.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { $0.trimmingCharacters(in: .whitespaces) }
                if values.contains(where: \.isEmpty) { return .failure(Invalid(why: "an empty value in the list")) }
                return .success(values.joined(separator: ","))
            case .number(let min):
                guard items.count == 1, let n = Double(items[0]), n.isFinite else { return .failure(Invalid(why: "expected a number, got \"\(items.joined(separator: ", "))\"")) }
                guard n >= min else { return .failure(Invalid(why: "must be at least \(formatNumber(min)), got \(items[0])")) }
                return .success(items[0])
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var `default`: String
    public var meaning: String

    public init(_ name: String, _ kind: Kind, default value: String, _ meaning: String) {
        self.name = name
        self.kind = kind
        self.default = value
        self.meaning = meaning
    }
}

/// A lint check: one concern, one type, one file under Checks/<area>/.
public protocol LintCheck: Sendable {
    static var description: CheckDescription { get }
    init()
    func run(_ context: LintContext, report: inout Findings)
}

/// A problem found by a check, located in a file.
public struct Finding: Sendable, Hashable {
    public var check: String
    public var severity: Severity
    public var file: String
    public var range: PositionRange
    public var line: Int
    public var column: Int
    public var message: String
    public var hint: String?
}

extension Finding {
    /// The order reports list findings in: by file, line, column, then check.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        (a.file, a.line, a.column, a.check) < (b.file, b.line, b.column, b.check)
    }
}

/// Collects findings for one check; one-line helpers keep checks short.
public struct Findings {
    let id: String
    let severity: Severity
    var items: [(file: LintFile, range: PositionRange, message: String, hint: String?, severity: Severity?)] = []

    /// Reports at a byte range of a file (optionally at another severity than the check's).
    public mutating func add(_ file: LintFile, _ range: PositionRange, _ message: String, hint: String? = nil, severity: Severity? = nil) {
        items.append((file, range, message, hint, severity))
    }

    /// Reports at a range inside a rule's expression.
    public mutating func add(_ rule: LintRule, exprRange: PositionRange, _ message: String, hint: String? = nil, severity: Severity? = nil) {
        items.append((rule.file, rule.fileRange(exprRange), message, hint, severity))
    }

    /// Reports at a location (`LintContext.location(of:)`, `LintDashboard.location(of:)`).
    public mutating func add(_ location: (LintFile, PositionRange), _ message: String, hint: String? = nil, severity: Severity? = nil) {
        items.append((location.0, location.1, message, hint, severity))
    }

    /// Reports at the start of a rule.
    public mutating func add(_ rule: LintRule, _ message: String, hint: String? = nil) {
        items.append((rule.file, rule.siteRange, message, hint, nil))
    }
}
