/// Dashboard declarations: panels, rows, queries and variables, built into model values by
/// `DashboardSpec.build()` (layout, ids, datasources).

/// A query of a panel.
public struct Query: Sendable, Hashable {
    public enum Language: Sendable, Hashable { case promQL, logQL, traceQL }
    public var language: Language
    public var expr: String
    public var legend: String?
    public var instant: Bool
    public var minInterval: String?

    /// A Prometheus query (range by default).
    public init(_ expr: String, legend: String? = nil, instant: Bool = false, minInterval: String? = nil) {
        self.language = .promQL
        self.expr = expr
        self.legend = legend
        self.instant = instant
        self.minInterval = minInterval
    }

    public static func logs(_ expr: String, legend: String? = nil) -> Query {
        var q = Query(expr, legend: legend)
        q.language = .logQL
        return q
    }

    public static func traces(_ query: String) -> Query {
        var q = Query(query)
        q.language = .traceQL
        return q
    }
}

/// Panel visualisations and their kind-specific options (the fields Grafana's schema requires).
public enum PanelKind: Sendable, Hashable {
    case timeseries
    case stat(graph: Bool = true)
    case gauge
    case barGauge
    case table
    case heatmap
    case histogram
    case stateTimeline
    case text(markdown: String)
    case logs
    case traces
    case alertList

    public var pluginID: String {
        switch self {
        case .timeseries: "timeseries"
        case .stat: "stat"
        case .gauge: "gauge"
        case .barGauge: "bargauge"
        case .table: "table"
        case .heatmap: "heatmap"
        case .histogram: "histogram"
        case .stateTimeline: "state-timeline"
        case .text: "text"
        case .logs: "logs"
        case .traces: "traces"
        case .alertList: "alertlist"
        }
    }

    /// Sensible default size on the 24-column grid.
    public var defaultSize: (w: Int, h: Int) {
        switch self {
        case .timeseries, .heatmap, .histogram, .barGauge, .alertList: (12, 8)
        case .stat: (6, 4)
        case .gauge: (6, 6)
        case .table, .logs, .traces: (24, 10)
        case .stateTimeline: (24, 6)
        case .text: (24, 3)
        }
    }

    /// The datasource plugin the kind's queries go to.
    public var datasourceType: String? {
        switch self {
        case .text, .alertList: nil
        case .logs: "loki"
        case .traces: "tempo"
        default: "prometheus"
        }
    }
}

public enum LegendMode: String, Sendable, Hashable { case list, table, hidden }
public enum LegendPlacement: String, Sendable, Hashable { case bottom, right }
public enum TooltipMode: String, Sendable, Hashable { case single, multi, none }

/// A panel being declared.
public struct PanelSpec: Sendable, Hashable {
    public var kind: PanelKind
    public var title: String
    public var queries: [Query]
    public var description: String?
    public var unit: String?
    public var decimals: Double?
    public var min: Double?
    public var max: Double?
    public var thresholds: Thresholds?
    public var mappings: [ValueMapping]?
    public var overrides: [JSONValue]?
    public var legend: (mode: LegendMode, placement: LegendPlacement, calcs: [String])?
    public var tooltip: TooltipMode?
    public var links: [PanelLink]
    public var size: (w: Int, h: Int)?
    public var gridPos: GridPos?
    public var id: Int?
    /// A fixed datasource (`type`, `uid`) instead of the dashboard's datasource variable.
    public var fixedDatasource: (type: String, uid: String)?
    /// The alert whose thresholds the panel shows, and which links back to the panel.
    public var mirrorsAlert: String?
    public var site: DeclarationSite

    public init(kind: PanelKind, title: String, queries: [Query], file: String = #filePath, line: Int = #line) {
        self.kind = kind
        self.title = title
        self.queries = queries
        self.links = []
        self.site = DeclarationSite(file: file, line: line)
    }

    public static func == (a: PanelSpec, b: PanelSpec) -> Bool {
        a.kind == b.kind && a.title == b.title && a.queries == b.queries && a.description == b.description && a.unit == b.unit
            && a.decimals == b.decimals && a.min == b.min && a.max == b.max && a.thresholds == b.thresholds && a.mappings == b.mappings
            && a.overrides == b.overrides && a.legend?.mode == b.legend?.mode && a.legend?.placement == b.legend?.placement
            && a.legend?.calcs == b.legend?.calcs && a.tooltip == b.tooltip && a.links == b.links && a.size?.w == b.size?.w
            && a.size?.h == b.size?.h && a.gridPos == b.gridPos && a.id == b.id && a.fixedDatasource?.uid == b.fixedDatasource?.uid
            && a.mirrorsAlert == b.mirrorsAlert && a.site == b.site
    }

    public func hash(into h: inout Hasher) {
        h.combine(title)
        h.combine(queries)
        h.combine(site)
    }

    // MARK: Modifiers

    public func unit(_ u: String) -> PanelSpec { var c = self; c.unit = u; return c }
    public func decimals(_ d: Double) -> PanelSpec { var c = self; c.decimals = d; return c }
    public func range(min: Double? = nil, max: Double? = nil) -> PanelSpec { var c = self; c.min = min; c.max = max; return c }
    public func description(_ d: String) -> PanelSpec { var c = self; c.description = d; return c }
    public func thresholds(_ t: Thresholds) -> PanelSpec { var c = self; c.thresholds = t; return c }
    public func mappings(_ m: [ValueMapping]) -> PanelSpec { var c = self; c.mappings = m; return c }
    public func overrides(_ o: [JSONValue]) -> PanelSpec { var c = self; c.overrides = o; return c }
    public func legend(_ mode: LegendMode, placement: LegendPlacement = .bottom, calcs: [String] = []) -> PanelSpec {
        var c = self; c.legend = (mode, placement, calcs); return c
    }
    public func tooltip(_ m: TooltipMode) -> PanelSpec { var c = self; c.tooltip = m; return c }
    public func link(_ title: String, url: String) -> PanelSpec {
        var c = self
        c.links.append(PanelLink(title: title, url: url, targetBlank: true,
                                 extra: ["asDropdown": .bool(false), "icon": .string("doc"), "includeVars": .bool(false), "keepTime": .bool(false),
                                         "tags": .array([]), "tooltip": .string(title), "type": .string("link")]))
        return c
    }
    public func size(w: Int, h: Int) -> PanelSpec { var c = self; c.size = (w, h); return c }
    public func gridPos(x: Int, y: Int, w: Int, h: Int) -> PanelSpec { var c = self; c.gridPos = GridPos(x: x, y: y, w: w, h: h); return c }
    public func id(_ id: Int) -> PanelSpec { var c = self; c.id = id; return c }
    public func datasource(uid: String, type: String = "prometheus") -> PanelSpec { var c = self; c.fixedDatasource = (type, uid); return c }

    /// Shows the alert's thresholds (the same numbers as the alert's severity ladder, or its
    /// comparison threshold), and makes the alert's `dashboard_url` point at this panel.
    public func thresholds(from alert: AlertRule) -> PanelSpec {
        var c = self
        c.mirrorsAlert = alert.name
        c.thresholds = PanelSpec.thresholds(for: alert)
        return c
    }

    static func color(for severity: String) -> String {
        switch severity {
        case "critical", "page": "red"
        case "warning": "orange"
        case "info": "blue"
        default: "yellow"
        }
    }

    /// Threshold steps from an alert: its ladder, or the number its expression compares with.
    public static func thresholds(for alert: AlertRule) -> Thresholds? {
        if !alert.severities.isEmpty {
            let above = alert.severities.filter { $0.comparison == .above || $0.comparison == .aboveOrEqual }.sorted { $0.threshold < $1.threshold }
            if !above.isEmpty {
                return Thresholds(steps: [ThresholdStep(nil, "green")] + above.map { ThresholdStep($0.threshold, color(for: $0.severity)) })
            }
            let below = alert.severities.sorted { $0.threshold < $1.threshold }
            return Thresholds(steps: [ThresholdStep(nil, color(for: below.first!.severity))] + below.dropFirst().map { ThresholdStep($0.threshold, "orange") } + [ThresholdStep(below.last!.threshold, "green")])
        }
        guard let e = try? PromQL.parse(alert.expr, options: .allFeatures), case .binary(let b) = e.unparenthesized,
              b.op.isComparison, case .number(let n) = b.rhs.unparenthesized else { return nil }
        let sev = alert.labels["severity"] ?? "critical"
        switch b.op {
        case .gtr, .gte: return Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(n.value, color(for: sev))])
        case .lss, .lte: return Thresholds(steps: [ThresholdStep(nil, color(for: sev)), ThresholdStep(n.value, "green")])
        default: return nil
        }
    }
}

// MARK: - Panel constructors

public func TimeSeries(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .timeseries, title: title, queries: queries, file: file, line: line)
}
public func Stat(_ title: String, _ queries: Query..., graph: Bool = true, file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .stat(graph: graph), title: title, queries: queries, file: file, line: line)
}
public func Gauge(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .gauge, title: title, queries: queries, file: file, line: line)
}
public func BarGauge(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .barGauge, title: title, queries: queries, file: file, line: line)
}
public func Table(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .table, title: title, queries: queries, file: file, line: line)
}
public func Heatmap(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .heatmap, title: title, queries: queries, file: file, line: line)
}
public func HistogramPanel(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .histogram, title: title, queries: queries, file: file, line: line)
}
public func StateTimeline(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .stateTimeline, title: title, queries: queries, file: file, line: line)
}
public func Text(_ title: String, markdown: String, file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .text(markdown: markdown), title: title, queries: [], file: file, line: line)
}
public func Logs(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .logs, title: title, queries: queries, file: file, line: line)
}
public func Traces(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .traces, title: title, queries: queries, file: file, line: line)
}
public func AlertList(_ title: String, file: String = #filePath, line: Int = #line) -> PanelSpec {
    PanelSpec(kind: .alertList, title: title, queries: [], file: file, line: line)
}

/// A row of panels, open or collapsed.
public struct RowSpec: Sendable, Hashable {
    public var title: String
    public var collapsed: Bool
    public var panels: [PanelSpec]
    public init(_ title: String, collapsed: Bool = false, @PanelBuilder panels: () -> [PanelSpec]) {
        self.title = title
        self.collapsed = collapsed
        self.panels = panels()
    }
}

public typealias Row = RowSpec

@resultBuilder
public enum PanelBuilder {
    public static func buildExpression(_ p: PanelSpec) -> [PanelSpec] { [p] }
    public static func buildBlock(_ parts: [PanelSpec]...) -> [PanelSpec] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [PanelSpec]?) -> [PanelSpec] { parts ?? [] }
    public static func buildEither(first: [PanelSpec]) -> [PanelSpec] { first }
    public static func buildEither(second: [PanelSpec]) -> [PanelSpec] { second }
    public static func buildArray(_ parts: [[PanelSpec]]) -> [PanelSpec] { parts.flatMap { $0 } }
}

// MARK: - Variables and annotations

/// A datasource variable (`$datasource`) every panel reads through.
public func DatasourceVariable(_ name: String = "datasource", type: String = "prometheus", label: String = "Data source") -> Variable {
    Variable(name: name, type: "datasource", label: label, query: .string(type), refresh: 1, hide: 0,
             current: .object(["selected": .bool(false), "text": .string(type == "prometheus" ? "Prometheus" : type.capitalized), "value": .string(type)]),
             options: [], extra: ["regex": .string("")])
}

/// A variable from a query (`label_values(deployment_total, environment)`).
public func QueryVariable(_ name: String, query: String, label: String? = nil, multi: Bool = false, includeAll: Bool = false,
                          allValue: String? = nil, datasource: String = "datasource") -> Variable {
    Variable(name: name, type: "query", label: label ?? name.capitalized, datasource: .variable(datasource),
             query: .string(query), definition: query, regex: "", multi: multi, includeAll: includeAll, allValue: allValue, refresh: 2, sort: 1, hide: 0,
             current: includeAll
                ? .object(["selected": .bool(true), "text": multi ? .array([.string("All")]) : .string("All"), "value": multi ? .array([.string("$__all")]) : .string("$__all")])
                : .object(["selected": .bool(false), "text": .string(""), "value": .string("")]),
             options: [])
}

public func CustomVariable(_ name: String, values: [String], label: String? = nil, multi: Bool = false, includeAll: Bool = false) -> Variable {
    Variable(name: name, type: "custom", label: label ?? name.capitalized, query: .string(values.joined(separator: ",")), multi: multi,
             includeAll: includeAll, hide: 0,
             current: .object(["selected": .bool(true), "text": .string(values.first ?? ""), "value": .string(values.first ?? "")]),
             options: values.enumerated().map { i, v in .object(["selected": .bool(i == 0), "text": .string(v), "value": .string(v)]) })
}

public func IntervalVariable(_ name: String, values: [String] = ["1m", "5m", "15m", "1h"], label: String? = nil) -> Variable {
    Variable(name: name, type: "interval", label: label ?? name.capitalized, query: .string(values.joined(separator: ",")), refresh: 2, hide: 0,
             current: .object(["selected": .bool(true), "text": .string(values.first ?? "5m"), "value": .string(values.first ?? "5m")]),
             options: values.enumerated().map { i, v in .object(["selected": .bool(i == 0), "text": .string(v), "value": .string(v)]) })
}

public func ConstantVariable(_ name: String, value: String) -> Variable {
    Variable(name: name, type: "constant", query: .string(value), hide: 2)
}

public func TextboxVariable(_ name: String, default value: String = "", label: String? = nil) -> Variable {
    Variable(name: name, type: "textbox", label: label ?? name.capitalized, query: .string(value), hide: 0,
             current: .object(["text": .string(value), "value": .string(value)]))
}

/// Deployment markers: an annotation from a PromQL query (e.g. `changes(deployment_total[1m]) > 0`).
public func Markers(_ name: String, expr: String, color: String = "#8AB8FF", title: String? = nil, text: String? = nil, tags: String? = nil) -> AnnotationQuery {
    AnnotationQuery(name: name, datasource: .variable(), enable: true, hide: false, iconColor: color, expr: expr,
                    titleFormat: title, textFormat: text, tagKeys: tags, step: "1m")
}
