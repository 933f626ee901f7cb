/// Service level objectives in the DSL. An SLO in a `Project { … }` renders Sloth's rules
/// (`rules/slo-<service>.yml`): SLI error ratios, metadata and burn-rate alerts.
///
///     SLO("requests-availability", service: "api", objective: 99.9,
///         sli: .events(errors: "sum(rate(\(requests){code=~\"5..\"}[{{.window}}]))",
///                      total: "sum(rate(\(requests)[{{.window}}]))"),
///         alerting: SLOAlerting(name: "APIHighErrorRate", page: .labels(["severity": "critical"]), ticket: .disabled))

/// An SLO's indicator as the DSL writes it: its queries may interpolate metrics.
public struct SLOIndicator: Sendable, Hashable {
    public var sli: SLI
    public var metrics: [Metric]

    /// Bad events over all events; both queries read `[{{.window}}]`.
    public static func events(errors: PromQLText, total: PromQLText) -> SLOIndicator {
        SLOIndicator(sli: .events(errorQuery: errors.text, totalQuery: total.text), metrics: errors.metrics + total.metrics.filter { !errors.metrics.contains($0) })
    }

    /// An error ratio (0–1) computed by the query, which reads `[{{.window}}]`.
    public static func errorRatio(_ query: PromQLText) -> SLOIndicator {
        SLOIndicator(sli: .raw(errorRatioQuery: query.text), metrics: query.metrics)
    }
}

/// One of the two alerts of an SLO, as Sloth's `page_alert` / `ticket_alert`: on (with labels
/// and annotations of its own) or disabled.
public struct SLOAlertOptions: Sendable, Hashable {
    public var isDisabled: Bool
    public var labels: Labels
    public var annotations: Labels

    public init(labels: Labels = [:], annotations: Labels = [:]) {
        self.isDisabled = false
        self.labels = labels
        self.annotations = annotations
    }

    public static let enabled = SLOAlertOptions()
    public static let disabled: SLOAlertOptions = { var o = SLOAlertOptions(); o.isDisabled = true; return o }()
    public static func labels(_ labels: Labels, annotations: Labels = [:]) -> SLOAlertOptions { SLOAlertOptions(labels: labels, annotations: annotations) }
}

/// Sloth's `alerting` section: the alerts' name, shared labels and annotations, and each alert's own.
public struct SLOAlerting: Sendable, Hashable {
    public var name: String
    public var labels: Labels
    public var annotations: Labels
    public var page: SLOAlertOptions
    public var ticket: SLOAlertOptions

    public init(name: String, labels: Labels = [:], annotations: Labels = [:], page: SLOAlertOptions = .enabled, ticket: SLOAlertOptions = .enabled) {
        self.name = name
        self.labels = labels
        self.annotations = annotations
        self.page = page
        self.ticket = ticket
    }

    /// The alert of one severity, nil when disabled.
    func alert(_ options: SLOAlertOptions) -> SLOAlert? {
        if options.isDisabled { return nil }
        return SLOAlert(name: name, labels: labels.merging(options.labels) { _, new in new },
                        annotations: annotations.merging(options.annotations) { _, new in new })
    }
}

extension SLO {
    /// An SLO of `service`: `objective` percent of events good over `period` (30d, 28d or 7d).
    /// Without `alerting`, only the recording rules are generated.
    public init(_ name: String, service: String, objective: Double, period: PromDuration = .days(30), description: String? = nil,
                sli: SLOIndicator, labels: Labels = [:], alerting: SLOAlerting? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.init(service: service, name: name, description: description, objective: objective, period: period, sli: sli.sli, labels: labels,
                  pageAlert: alerting?.alert(alerting!.page), ticketAlert: alerting?.alert(alerting!.ticket),
                  site: DeclarationSite(file: file, line: line, column: column), source: .dsl)
        self.referencedMetrics = sli.metrics
    }
}
