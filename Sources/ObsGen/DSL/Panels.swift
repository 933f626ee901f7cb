/// Panel declarations: queries, the erased `PanelSpec` a dashboard holds, and the modifiers
/// every kind shares or only some kinds have (see `PanelKinds.swift` for the kinds). Building
/// them into Grafana's model is `DashboardSpec.build()` (Project/), their per-kind JSON
/// defaults are in Render/PanelDefaults.swift.

/// How Grafana shapes a Prometheus query's result.
public enum QueryFormat: String, Sendable, Hashable {
    case timeSeries = "time_series"
    case table
    /// Classic histogram buckets (`le` series) as heatmap rows.
    case heatmap
}

/// A query of a panel.
public struct Query: Sendable, Hashable {
    public enum Language: Sendable, Hashable { case promQL, logQL, traceQL }
    public var language: Language
    public var expr: String
    public var legend: String?
    /// Instant (true) or range (false) as declared; nil when not said: a range query, which is
    /// what Grafana runs for a Prometheus target with neither `instant` nor `range`, so nothing
    /// is written. A value said is written, even `false`.
    public var instantSetting: Bool?
    /// Whether the query is an instant query (range unless said).
    public var instant: Bool {
        get { instantSetting ?? false }
        set { instantSetting = newValue }
    }
    public var minInterval: String?
    /// The target's `format`; nil leaves Grafana's default (time series), except in heatmaps
    /// of classic buckets (`heatmap`).
    public var format: QueryFormat?
    /// The metrics interpolated into the expression (they join the project's catalog).
    public var referencedMetrics: [Metric]

    /// A Prometheus query (range unless `instant: true`).
    public init(_ expr: PromQLText, legend: String? = nil, instant: Bool? = nil, minInterval: String? = nil, format: QueryFormat? = nil) {
        self.language = .promQL
        self.expr = expr.text
        self.legend = legend
        self.instantSetting = instant
        self.minInterval = minInterval
        self.format = format
        self.referencedMetrics = expr.metrics
    }

    public static func logs(_ expr: String, legend: String? = nil) -> Query {
        var q = Query(PromQLText(expr), legend: legend)
        q.language = .logQL
        return q
    }

    public static func traces(_ query: String) -> Query {
        var q = Query(PromQLText(query))
        q.language = .traceQL
        return q
    }
}

public enum LegendMode: String, Sendable, Hashable { case list, table, hidden }
public enum LegendPlacement: String, Sendable, Hashable { case bottom, right }
public enum TooltipMode: String, Sendable, Hashable { case single, multi, none }

/// A panel's legend options.
public struct PanelLegend: Sendable, Hashable {
    public var mode: LegendMode
    public var placement: LegendPlacement
    public var calcs: [String]
    public init(mode: LegendMode, placement: LegendPlacement = .bottom, calcs: [String] = []) {
        self.mode = mode
        self.placement = placement
        self.calcs = calcs
    }
}

/// A width and height on Grafana's 24-column grid.
public struct PanelSize: Sendable, Hashable {
    public var w: Int
    public var h: Int
    public init(w: Int, h: Int) {
        self.w = w
        self.h = h
    }
}

/// A link from a declared panel: a URL, or the runbook of an alert (its `runbook_url`, known
/// once the project is built).
public struct PanelLinkSpec: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        case url(String)
        case runbook(alert: String)
    }
    public var title: String
    public var target: Target
    public init(title: String, target: Target) {
        self.title = title
        self.target = target
    }
}

/// A panel as a dashboard holds it, whatever its kind: what `TimeSeries(…)`, `Stat(…)` and the
/// other kinds' declarations erase to.
public struct PanelSpec: Sendable, Hashable {
    public var kind: PanelKind
    public var title: String
    public var queries: [Query]
    public var description: String?
    public var unit: GrafanaUnit?
    public var decimals: Double?
    public var min: Double?
    public var max: Double?
    public var thresholds: Thresholds?
    public var mappings: [ValueMapping]?
    public var overrides: [JSONValue]?
    public var legend: PanelLegend?
    public var tooltip: TooltipMode?
    public var links: [PanelLinkSpec]
    public var size: PanelSize?
    public var gridPos: GridPos?
    public var id: Int?
    /// A fixed datasource (`type`, `uid`) instead of the dashboard's datasource variable.
    public var fixedDatasource: DatasourceRef?
    /// The alert whose thresholds the panel shows, and which links back to the panel.
    public var mirrorsAlert: String?
    /// Panel fields set through `PanelField` descriptors (`.set(.transparent, true)`).
    public var fields: JSONObject
    public var site: DeclarationSite

    public init(kind: PanelKind, title: String, queries: [Query], file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.init(kind: kind, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }

    public init(kind: PanelKind, title: String, queries: [Query], site: DeclarationSite) {
        self.kind = kind
        self.title = title
        self.queries = queries
        self.links = []
        self.fields = JSONObject()
        self.site = site
    }
}

// MARK: - What kinds of panel have

/// Any panel declaration: `TimeSeries(…)`, `Stat(…)`, … Modifiers return the same kind, so an
/// option a kind does not have is not there to call: `Stat(…).legend(.table)` does not compile.
public protocol PanelDeclaration: Sendable {
    /// The declaration as a dashboard holds it.
    var spec: PanelSpec { get set }
}

/// Panels that run queries (every kind but text and alert lists).
public protocol QueryPanel: PanelDeclaration {}
/// Panels with field options: unit, decimals, range, thresholds, value mappings, overrides.
public protocol FieldConfigPanel: QueryPanel {}
/// Panels with a legend.
public protocol LegendPanel: FieldConfigPanel {}
/// Panels with a tooltip mode.
public protocol TooltipPanel: FieldConfigPanel {}

extension PanelSpec: PanelDeclaration {
    public var spec: PanelSpec {
        get { self }
        set { self = newValue }
    }
}

extension PanelDeclaration {
    @inlinable @inline(__always) func with(_ change: (inout PanelSpec) -> Void) -> Self {
        var c = self
        change(&c.spec)
        return c
    }

    @inlinable public func description(_ d: String) -> Self { with { $0.description = d } }
    /// A link in the panel's header menu.
    @inlinable public func link(_ title: String, url: String) -> Self { with { $0.links.append(PanelLinkSpec(title: title, target: .url(url))) } }
    /// A link to the alert's runbook (its `runbook_url`, e.g. from the project's `runbookBaseURL`).
    @inlinable public func runbookLink(_ alert: AlertRule, title: String? = nil) -> Self {
        with { $0.links.append(PanelLinkSpec(title: title ?? "Runbook: \(alert.name)", target: .runbook(alert: alert.name))) }
    }
    @inlinable public func size(w: Int, h: Int) -> Self { with { $0.size = PanelSize(w: w, h: h) } }
    @inlinable public func gridPos(x: Int, y: Int, w: Int, h: Int) -> Self { with { $0.gridPos = GridPos(x: x, y: y, w: w, h: h) } }
    @inlinable public func id(_ id: Int) -> Self { with { $0.id = id } }
    /// Sets a panel field declared as a `PanelField` (`.set(.transparent, true)`).
    @inlinable public func set<Value>(_ field: PanelField<Value>, _ value: Value) -> Self { with { $0.fields[field.key] = field.encode(value) } }
    /// No panel background.
    @inlinable public func transparent(_ on: Bool = true) -> Self { set(.transparent, on) }
}

extension QueryPanel {
    /// A fixed datasource instead of the dashboard's datasource variable.
    @inlinable public func datasource(uid: String, type: String = "prometheus") -> Self { with { $0.fixedDatasource = .ref(type: type, uid: uid) } }
    /// Repeats the panel for each value of a dashboard variable.
    @inlinable public func `repeat`(by variable: String, direction: RepeatDirection = .horizontal, maxPerRow: Int? = nil) -> Self {
        var c = set(.repeat, variable).set(.repeatDirection, direction.rawValue)
        if let maxPerRow { c = c.set(.maxPerRow, maxPerRow) }
        return c
    }
}

public enum RepeatDirection: String, Sendable, Hashable {
    case horizontal = "h"
    case vertical = "v"
}

extension FieldConfigPanel {
    /// The unit: `.percentunit`, `.seconds`, `.reqps`, … or a string (`.unit("s")`).
    @inlinable public func unit(_ u: GrafanaUnit) -> Self { with { $0.unit = u } }
    @inlinable public func decimals(_ d: Double) -> Self { with { $0.decimals = d } }
    @inlinable public func range(min: Double? = nil, max: Double? = nil) -> Self { with { $0.min = min; $0.max = max } }
    @inlinable public func thresholds(_ t: Thresholds) -> Self { with { $0.thresholds = t } }
    @inlinable public func mappings(_ m: [ValueMapping]) -> Self { with { $0.mappings = m } }
    @inlinable public func overrides(_ o: [JSONValue]) -> Self { with { $0.overrides = o } }

    /// Shows the alert's thresholds (the same numbers as the alert's severity ladder, or its
    /// comparison threshold), and makes the alert's `dashboard_url` point at this panel.
    @inlinable public func thresholds(from alert: AlertRule) -> Self {
        with {
            $0.mirrorsAlert = alert.name
            $0.thresholds = PanelSpec.thresholds(for: alert)
        }
    }
}

extension LegendPanel {
    @inlinable public func legend(_ mode: LegendMode, placement: LegendPlacement = .bottom, calcs: [String] = []) -> Self {
        with { $0.legend = PanelLegend(mode: mode, placement: placement, calcs: calcs) }
    }
}

extension TooltipPanel {
    @inlinable public func tooltip(_ m: TooltipMode) -> Self { with { $0.tooltip = m } }
}

// MARK: - Rows

/// A row of panels, open or collapsed.
public struct RowSpec: Sendable, Hashable {
    public var title: String
    public var collapsed: Bool
    public var panels: [PanelSpec]
    public var site: DeclarationSite
    public init(_ title: String, collapsed: Bool = false, file: String = #filePath, line: Int = #line, column: Int = #column,
                @PanelBuilder panels: () -> [PanelSpec]) {
        self.title = title
        self.collapsed = collapsed
        self.panels = panels()
        self.site = DeclarationSite(file: file, line: line, column: column)
    }
}

public typealias Row = RowSpec

@resultBuilder
public enum PanelBuilder {
    @inlinable public static func buildExpression(_ p: some PanelDeclaration) -> [PanelSpec] { [p.spec] }
    public static func buildExpression(_ ps: [PanelSpec]) -> [PanelSpec] { ps }
    public static func buildBlock(_ parts: [PanelSpec]...) -> [PanelSpec] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [PanelSpec]?) -> [PanelSpec] { parts ?? [] }
    public static func buildEither(first: [PanelSpec]) -> [PanelSpec] { first }
    public static func buildEither(second: [PanelSpec]) -> [PanelSpec] { second }
    public static func buildArray(_ parts: [[PanelSpec]]) -> [PanelSpec] { parts.flatMap { $0 } }
}
