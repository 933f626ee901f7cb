/// Service level objectives, as Sloth declares them: a service, an objective over a period
/// and an indicator; from them come Sloth's recording rules and its multiwindow,
/// multi-burn-rate page and ticket alerts (Google SRE workbook, "Alerting on SLOs").

/// What an SLO measures: the ratio of bad events, over a window written `{{.window}}`.
public enum SLI: Sendable, Hashable {
    /// Bad events over all events: two queries, each with the `{{.window}}` placeholder.
    case events(errorQuery: String, totalQuery: String)
    /// An error ratio (0–1) already computed by the query, with the `{{.window}}` placeholder.
    case raw(errorRatioQuery: String)

    /// The queries, in the order a spec declares them.
    public var queries: [String] {
        switch self {
        case .events(let e, let t): [e, t]
        case .raw(let r): [r]
        }
    }
}

/// One of an SLO's two alerts (page or ticket), resolved: its name, labels and annotations.
public struct SLOAlert: Sendable, Hashable {
    public var name: String
    public var labels: Labels
    public var annotations: Labels

    public init(name: String, labels: Labels = [:], annotations: Labels = [:]) {
        self.name = name
        self.labels = labels
        self.annotations = annotations
    }
}

/// A page or a ticket alert: which windows and burn rates it watches.
public enum SLOAlertSeverity: String, Sendable, Hashable, CaseIterable {
    case page, ticket
}

/// One window pair of a multiwindow alert: the share of the period's error budget that, spent
/// within `long`, fires it; `short` stops it once the problem is gone.
public struct BurnWindow: Sendable, Hashable {
    public var errorBudgetPercent: Double
    public var short: PromDuration
    public var long: PromDuration

    public init(errorBudgetPercent: Double, short: PromDuration, long: PromDuration) {
        self.errorBudgetPercent = errorBudgetPercent
        self.short = short
        self.long = long
    }
}

/// The alert windows of one SLO period (Sloth's `AlertWindows`): a quick and a slow window pair
/// for each of page and ticket.
public struct SLOAlertWindows: Sendable, Hashable {
    public var period: PromDuration
    public var pageQuick: BurnWindow
    public var pageSlow: BurnWindow
    public var ticketQuick: BurnWindow
    public var ticketSlow: BurnWindow

    public init(period: PromDuration, pageQuick: BurnWindow, pageSlow: BurnWindow, ticketQuick: BurnWindow, ticketSlow: BurnWindow) {
        self.period = period
        self.pageQuick = pageQuick
        self.pageSlow = pageSlow
        self.ticketQuick = ticketQuick
        self.ticketSlow = ticketSlow
    }

    /// The SRE workbook's parameters for a 30-day period: 2 % of the budget in 1 h (14.4×),
    /// 5 % in 6 h (6×), 10 % in 1 d (3×) and 10 % in 3 d (1×).
    public static let days30 = google(days: 30)
    /// The same shares of the budget over 4 weeks (13.44×, 5.6×, 2.8×, 0.9333×).
    public static let days28 = google(days: 28)
    /// Sloth's example catalogue for a 7-day period (8 %, 12.5 %, 20 %, 42 % of the budget).
    public static let days7 = SLOAlertWindows(
        period: .days(7),
        pageQuick: BurnWindow(errorBudgetPercent: 8, short: .minutes(5), long: .hours(1)),
        pageSlow: BurnWindow(errorBudgetPercent: 12.5, short: .minutes(30), long: .hours(6)),
        ticketQuick: BurnWindow(errorBudgetPercent: 20, short: .hours(2), long: .days(1)),
        ticketSlow: BurnWindow(errorBudgetPercent: 42, short: .hours(6), long: .days(3)))

    static func google(days: Int64) -> SLOAlertWindows {
        SLOAlertWindows(
            period: .days(days),
            pageQuick: BurnWindow(errorBudgetPercent: 2, short: .minutes(5), long: .hours(1)),
            pageSlow: BurnWindow(errorBudgetPercent: 5, short: .minutes(30), long: .hours(6)),
            ticketQuick: BurnWindow(errorBudgetPercent: 10, short: .hours(2), long: .days(1)),
            ticketSlow: BurnWindow(errorBudgetPercent: 10, short: .hours(6), long: .days(3)))
    }

    /// The periods obsgen has windows for.
    public static let catalog: [SLOAlertWindows] = [.days30, .days28, .days7]

    /// The windows of a period, nil for a period with none.
    public static func forPeriod(_ period: PromDuration) -> SLOAlertWindows? {
        catalog.first { $0.period == period }
    }

    /// The periods with windows, as written (`30d`, `4w`, `1w`) — for error messages.
    public static var knownPeriods: String {
        catalog.map { "\($0.period.days)d" }.joined(separator: ", ")
    }

    /// The two window pairs of an alert.
    public func windows(_ severity: SLOAlertSeverity) -> (quick: BurnWindow, slow: BurnWindow) {
        switch severity {
        case .page: (pageQuick, pageSlow)
        case .ticket: (ticketQuick, ticketSlow)
        }
    }

    /// How many times faster than the budget allows errors must come for a window pair to fire:
    /// the hours in which the share of the budget is spent, over the long window's hours (Sloth
    /// computes it so, in this order, in float64; the numbers it prints are these).
    public func burnRateFactor(_ w: BurnWindow) -> Double {
        let hoursToSpend = w.errorBudgetPercent * period.goHours / 100
        return hoursToSpend / w.long.goHours
    }

    /// Every window the alerts read, once each, shortest first.
    public var alertWindows: [PromDuration] {
        Array(Set([pageQuick, pageSlow, ticketQuick, ticketSlow].flatMap { [$0.short, $0.long] })).sorted()
    }
}

extension PromDuration {
    /// Go's `time.Duration.Hours()`: whole hours plus the rest in nanoseconds over an hour's,
    /// the same float64 Sloth computes with.
    var goHours: Double {
        let ns = milliseconds * 1_000_000
        let hour: Int64 = 3_600_000_000_000
        return Double(ns / hour) + Double(ns % hour) / (60 * 60 * 1e9)
    }

    /// Whole days (for messages).
    var days: Int64 { milliseconds / 86_400_000 }
}

/// Where an SLO was declared: what Sloth's `sloth_spec` and `sloth_mode` labels say.
public enum SLOSource: String, Sendable, Hashable {
    /// The Swift DSL.
    case dsl = "obsgen"
    /// Sloth's own spec (`version: "prometheus/v1"`).
    case prometheusV1 = "prometheus/v1"
    /// Sloth's Kubernetes resource (`sloth.slok.dev/v1`, `PrometheusServiceLevel`).
    case kubernetesV1 = "sloth.slok.dev/v1"
    /// OpenSLO (`openslo/v1alpha`).
    case openSLOV1Alpha = "openslo/v1alpha"

    /// `sloth_spec`.
    public var spec: String { rawValue }
    /// `sloth_mode`, as Sloth's command line writes it for this kind of spec.
    public var mode: String {
        switch self {
        case .dsl, .prometheusV1: "cli-gen-prom"
        case .kubernetesV1: "cli-gen-k8s"
        case .openSLOV1Alpha: "cli-gen-openslo"
        }
    }
}

/// A service level objective.
public struct SLO: Sendable, Hashable {
    public var service: String
    public var name: String
    public var description: String?
    /// The objective in percent, in (0, 100]: 99.9 allows one bad event in a thousand.
    public var objective: Double
    /// The period the objective holds over (30 days unless said otherwise).
    public var period: PromDuration
    public var sli: SLI
    /// Labels of every rule generated for the SLO.
    public var labels: Labels
    /// The page alert; nil when disabled.
    public var pageAlert: SLOAlert?
    /// The ticket alert; nil when disabled.
    public var ticketAlert: SLOAlert?
    /// Where the SLO was declared: a Swift line or its place in a spec file.
    public var site: DeclarationSite
    /// The kind of declaration it came from.
    public var source: SLOSource
    /// Where each query was written, when read from a file (in `sli.queries` order).
    public var querySites: [DeclarationSite]
    /// Where the objective was written, when read from a file.
    public var objectiveSite: DeclarationSite?
    /// The metrics the DSL interpolated into the queries (they join the project's catalog).
    public var referencedMetrics: [Metric] = []

    public init(service: String, name: String, description: String? = nil, objective: Double, period: PromDuration = .days(30), sli: SLI,
                labels: Labels = [:], pageAlert: SLOAlert? = nil, ticketAlert: SLOAlert? = nil, site: DeclarationSite = .unknown,
                source: SLOSource = .dsl, querySites: [DeclarationSite] = []) {
        self.service = service
        self.name = name
        self.description = description
        self.objective = objective
        self.period = period
        self.sli = sli
        self.labels = labels
        self.pageAlert = pageAlert
        self.ticketAlert = ticketAlert
        self.site = site
        self.source = source
        self.querySites = querySites
    }

    /// Sloth's id: `<service>-<name>`.
    public var id: String { "\(service)-\(name)" }

    public func alert(_ severity: SLOAlertSeverity) -> SLOAlert? {
        switch severity {
        case .page: pageAlert
        case .ticket: ticketAlert
        }
    }

    /// What is wrong with the SLO, as Sloth validates it (names, objective, period, queries,
    /// alerts), each with the field it concerns; empty when it can be generated.
    public var problems: [SLOProblem] {
        var out: [SLOProblem] = []
        for (field, value) in [(SLOProblem.Field.service, service), (.name, name)] where !SLO.isValidName(value) {
            out.append(SLOProblem(field: field, message: value.isEmpty
                ? "\(field.rawValue) is required"
                : "invalid \(field.rawValue) \"\(value)\": it must start and end with a letter or digit and hold only letters, digits, '.', '_' and '-'"))
        }
        if !(objective > 0 && objective <= 100) {
            out.append(SLOProblem(field: .objective, message: "objective \(GoFormat.formatFloat(objective, verb: "g", prec: -1)) is not in (0, 100]: it is a percentage such as 99.9"))
        }
        if SLOAlertWindows.forPeriod(period) == nil {
            out.append(SLOProblem(field: .period, message: "no alert windows for a period of \(SLORules.durationText(period)) (known: \(SLOAlertWindows.knownPeriods))"))
        }
        switch sli {
        case .events(let e, let t):
            if e == t { out.append(SLOProblem(field: .totalQuery, message: "the error and total queries are the same")) }
            for (field, q) in [(SLOProblem.Field.errorQuery, e), (.totalQuery, t)] {
                if let m = SLO.queryProblem(q) { out.append(SLOProblem(field: field, message: m)) }
            }
        case .raw(let r):
            if let m = SLO.queryProblem(r) { out.append(SLOProblem(field: .errorRatioQuery, message: m)) }
        }
        for (field, a) in [(SLOProblem.Field.pageAlert, pageAlert), (.ticketAlert, ticketAlert)] {
            if let a, a.name.isEmpty { out.append(SLOProblem(field: field, message: "the \(field == .pageAlert ? "page" : "ticket") alert has no name")) }
        }
        return out
    }

    /// Sloth's names: a letter or digit at both ends, letters, digits, `.`, `_`, `-` between.
    public static func isValidName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 2 else { return false }
        func alnum(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) }
        return alnum(u.first!) && alnum(u.last!) && u.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// A query without the `{{.window}}` placeholder (spaces allowed inside the braces, as
    /// Sloth allows them), or empty.
    static func queryProblem(_ q: String) -> String? {
        if q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "the query is empty" }
        if windowPlaceholders(in: q).isEmpty { return "the query has no {{.window}} placeholder: the SLI is measured over several windows" }
        return nil
    }

    /// The ranges of `{{ .window }}` placeholders in a query.
    static func windowPlaceholders(in q: String) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        var i = q.startIndex
        while let open = q[i...].range(of: "{{") {
            var j = open.upperBound
            while j < q.endIndex, q[j] == " " { j = q.index(after: j) }
            guard q[j...].hasPrefix(".window") else { i = open.upperBound; continue }
            j = q.index(j, offsetBy: 7)
            while j < q.endIndex, q[j] == " " { j = q.index(after: j) }
            if q[j...].hasPrefix("}}") {
                let end = q.index(j, offsetBy: 2)
                out.append(open.lowerBound..<end)
                i = end
            } else {
                i = open.upperBound
            }
        }
        return out
    }

    /// A query with its window: every `{{.window}}` replaced by the window (Prometheus' form).
    public static func query(_ q: String, window: PromDuration) -> String {
        var out = ""
        var last = q.startIndex
        for r in windowPlaceholders(in: q) {
            out += q[last..<r.lowerBound]
            out += SLORules.durationText(window)
            last = r.upperBound
        }
        out += q[last...]
        return out
    }
}

/// A problem with an SLO, and the field it concerns (a loader points at that field).
public struct SLOProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable {
        case service, name, objective, period, errorQuery = "error_query", totalQuery = "total_query",
             errorRatioQuery = "error_ratio_query", pageAlert = "page_alert", ticketAlert = "ticket_alert"
    }

    public var field: Field
    public var message: String
    public var description: String { message }
}
