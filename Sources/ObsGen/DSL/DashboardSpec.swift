/// What a dashboard is made of in the DSL.
public enum DashboardItem: Sendable, Hashable {
    case panel(PanelSpec)
    case row(RowSpec)
    case variable(Variable)
    case annotation(AnnotationQuery)
    case link(DashboardLink)
}

@resultBuilder
public enum DashboardBuilder {
    public static func buildExpression(_ p: PanelSpec) -> [DashboardItem] { [.panel(p)] }
    public static func buildExpression(_ r: RowSpec) -> [DashboardItem] { [.row(r)] }
    public static func buildExpression(_ v: Variable) -> [DashboardItem] { [.variable(v)] }
    public static func buildExpression(_ a: AnnotationQuery) -> [DashboardItem] { [.annotation(a)] }
    public static func buildExpression(_ l: DashboardLink) -> [DashboardItem] { [.link(l)] }
    public static func buildBlock(_ parts: [DashboardItem]...) -> [DashboardItem] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [DashboardItem]?) -> [DashboardItem] { parts ?? [] }
    public static func buildEither(first: [DashboardItem]) -> [DashboardItem] { first }
    public static func buildEither(second: [DashboardItem]) -> [DashboardItem] { second }
    public static func buildArray(_ parts: [[DashboardItem]]) -> [DashboardItem] { parts.flatMap { $0 } }
}

/// A dashboard as declared; `build()` turns it into the model Grafana reads.
public struct DashboardSpec: Sendable, Hashable {
    public var title: String
    public var uid: String?
    public var description: String?
    public var tags: [String]
    public var timeFrom: String
    public var timeTo: String
    public var refresh: String
    public var timezone: String
    public var editable: Bool
    /// 0 off, 1 shared crosshair, 2 shared tooltip.
    public var graphTooltip: Int
    public var items: [DashboardItem]
    public var site: DeclarationSite

    public init(_ title: String, uid: String? = nil, description: String? = nil, tags: [String] = [], from: String = "now-6h", to: String = "now",
                refresh: String = "30s", timezone: String = "browser", editable: Bool = true, graphTooltip: Int = 1,
                file: String = #filePath, line: Int = #line, @DashboardBuilder content: () -> [DashboardItem]) {
        self.title = title
        self.uid = uid
        self.description = description
        self.tags = tags
        self.timeFrom = from
        self.timeTo = to
        self.refresh = refresh
        self.timezone = timezone
        self.editable = editable
        self.graphTooltip = graphTooltip
        self.items = content()
        self.site = DeclarationSite(file: file, line: line)
    }

    /// The uid: given, or derived from the title deterministically.
    public var effectiveUID: String { uid ?? Dashboard.derivedUID(title: title) }

    public struct BuildError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var site: DeclarationSite
        public var description: String { "\(site): error: \(message)" }
    }

    /// Panels in declaration order, rows' panels included.
    public var allPanelSpecs: [PanelSpec] {
        var specs: [PanelSpec] = []
        specs.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .panel(let p): specs.append(p)
            case .row(let r): specs += r.panels
            default: break
            }
        }
        return specs
    }

    /// Builds the model: datasource variable, stable ids, automatic layout on Grafana's
    /// 24-column grid (explicit positions kept; overlaps are errors), kind options.
    public func build(alerts: [String: AlertRule] = [:]) throws(BuildError) -> Dashboard {
        var variables: [Variable] = []
        var annotations: [AnnotationQuery] = [
            AnnotationQuery(name: "Annotations & Alerts", datasource: .ref(type: "grafana", uid: "-- Grafana --"), enable: true, hide: true,
                            iconColor: "rgba(0, 211, 255, 1)", builtIn: 1, type: "dashboard"),
        ]
        var links: [DashboardLink] = []
        for item in items {
            switch item {
            case .variable(let v): variables.append(v)
            case .annotation(let a): annotations.append(a)
            case .link(let l): links.append(l)
            default: break
            }
        }
        // One pass over the panels: datasource types they need, explicit ids (each once).
        var neededTypes: [String] = []
        var usedIDs = Set<Int>()
        func survey(_ p: borrowing PanelSpec) throws(BuildError) {
            if p.fixedDatasource == nil, let t = p.kind.datasourceType, !neededTypes.contains(t) { neededTypes.append(t) }
            if let id = p.id, !usedIDs.insert(id).inserted {
                throw BuildError(message: "panel id \(id) is used twice in dashboard \"\(title)\"", site: p.site)
            }
        }
        for item in items {
            switch item {
            case .panel(let p): try survey(p)
            case .row(let r): for p in r.panels { try survey(p) }
            default: break
            }
        }
        // Every datasource type a panel uses gets a variable, unless one was declared.
        if annotations.count > 1, !neededTypes.contains("prometheus") { neededTypes.insert("prometheus", at: 0) }
        var dsVariables: [String: String] = [:]
        for v in variables where v.type == "datasource" { if let q = v.query?.stringValue { dsVariables[q] = v.name } }
        var added: [Variable] = []
        for t in neededTypes where dsVariables[t] == nil {
            let name = t == "prometheus" ? "datasource" : t
            added.append(DatasourceVariable(name, type: t, label: t == "prometheus" ? "Data source" : "\(t.capitalized) data source"))
            dsVariables[t] = name
        }
        variables = added + variables

        var layout = GridLayout()
        var nextID = 1
        func takeID(_ explicit: Int?) -> Int {
            if let explicit { return explicit }
            while usedIDs.contains(nextID) { nextID += 1 }
            usedIDs.insert(nextID)
            return nextID
        }

        func makePanel(_ spec: PanelSpec, collapsedRow: Bool) throws(BuildError) -> Panel {
            let size = spec.size ?? spec.kind.defaultSize
            guard size.w >= 1, size.w <= 24, size.h >= 1 else {
                throw BuildError(message: "panel \"\(spec.title)\": width must be 1…24 and height at least 1", site: spec.site)
            }
            let pos: GridPos
            if let g = spec.gridPos {
                guard g.x >= 0, g.y >= 0, g.w >= 1, g.x + g.w <= 24, g.h >= 1 else {
                    throw BuildError(message: "panel \"\(spec.title)\": gridPos \(g) does not fit the 24-column grid", site: spec.site)
                }
                if let other = layout.place(explicit: g, title: spec.title) {
                    throw BuildError(message: "panel \"\(spec.title)\" overlaps panel \"\(other)\"", site: spec.site)
                }
                pos = g
            } else {
                pos = layout.place(w: size.w, h: size.h, title: spec.title)
            }
            return panelModel(spec, id: takeID(spec.id), gridPos: pos, datasourceVariables: dsVariables, alert: spec.mirrorsAlert.flatMap { alerts[$0] })
        }

        var panels: [Panel] = []
        for item in items {
            switch item {
            case .panel(let p):
                panels.append(try makePanel(p, collapsedRow: false))
            case .row(let r):
                let rowPos = layout.placeRow()
                var row = Panel(id: takeID(nil), type: "row", title: r.title, gridPos: rowPos, collapsed: r.collapsed, panels: [])
                if r.collapsed {
                    // A collapsed row keeps its panels inside; they take no room on the page.
                    var inner = GridLayout(top: rowPos.y + 1)
                    swap(&layout, &inner)
                    var children: [Panel] = []
                    for p in r.panels { children.append(try makePanel(p, collapsedRow: true)) }
                    swap(&layout, &inner)
                    row.panels = children
                    panels.append(row)
                } else {
                    panels.append(row)
                    for p in r.panels { panels.append(try makePanel(p, collapsedRow: false)) }
                }
            default: break
            }
        }

        return Dashboard(
            uid: effectiveUID, title: title, description: description, tags: tags, timeFrom: timeFrom, timeTo: timeTo, refresh: refresh,
            timezone: timezone, editable: editable, graphTooltip: graphTooltip, schemaVersion: DashboardRenderer.schemaVersion,
            links: links, annotations: annotations, variables: variables, panels: panels,
            extra: ["fiscalYearStartMonth": .int(0), "liveNow": .bool(false), "timepicker": .object([:]), "version": .int(1), "weekStart": .string("")],
            site: site)
    }

    /// Grafana's query letters, A to Z.
    private static let refIDs = (0..<26).map { String(UnicodeScalar(UInt8(65 + $0))) }

    func panelModel(_ s: PanelSpec, id: Int, gridPos: GridPos, datasourceVariables: [String: String], alert: AlertRule?) -> Panel {
        var ds: DatasourceRef?
        if let fixed = s.fixedDatasource {
            ds = .ref(type: fixed.type, uid: fixed.uid)
        } else if let t = s.kind.datasourceType {
            ds = .ref(type: t, uid: "${\(datasourceVariables[t] ?? "datasource")}")
        }
        let targets: [Target] = s.queries.enumerated().map { i, q in
            let ref = i < 26 ? Self.refIDs[i] : "Q\(i)"
            switch q.language {
            case .promQL:
                return Target(refId: ref, datasource: ds, kind: .prometheus(expr: q.expr, legend: q.legend ?? "__auto", instant: q.instant, range: !q.instant),
                              interval: q.minInterval, extra: ["editorMode": .string("code")])
            case .logQL:
                return Target(refId: ref, datasource: ds, kind: .loki(expr: q.expr, legend: q.legend), extra: ["editorMode": .string("code"), "queryType": .string("range")])
            case .traceQL:
                return Target(refId: ref, datasource: ds, kind: .tempo(query: q.expr), extra: ["filters": .array([]), "limit": .int(20), "queryType": .string("traceql")])
            }
        }
        var thresholds = s.thresholds
        if thresholds == nil, let alert { thresholds = PanelSpec.thresholds(for: alert) }
        let hasFieldConfig: Bool
        switch s.kind {
        case .text, .alertList, .logs, .traces: hasFieldConfig = false
        default: hasFieldConfig = true
        }
        var defaults: FieldDefaults?
        if hasFieldConfig {
            var f = FieldDefaults(unit: s.unit, decimals: s.decimals, min: s.min, max: s.max,
                                  thresholds: thresholds ?? Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(80, "red")]),
                                  mappings: s.mappings ?? [])
            f.color = .object(["mode": .string(PanelOptions.colorMode(s.kind))])
            if let custom = PanelOptions.custom(s.kind, showThresholds: thresholds != nil) { f.custom = custom }
            defaults = f
        }
        return Panel(
            id: id, type: s.kind.pluginID, title: s.title, description: s.description, datasource: ds,
            targets: targets.isEmpty ? nil : targets, gridPos: gridPos, fieldDefaults: defaults, overrides: hasFieldConfig ? (s.overrides ?? []) : nil,
            options: PanelOptions.options(s), links: s.links.isEmpty ? nil : s.links, mirrorsAlert: s.mirrorsAlert)
    }
}

/// Packs panels on Grafana's 24-column grid: each panel goes to the highest free spot
/// (leftmost on ties) under everything already placed, like Grafana's own gravity.
struct GridLayout {
    private var heights = [Int](repeating: 0, count: 24)
    private var placed: [(GridPos, String)] = []

    init(top: Int = 0) {
        heights = [Int](repeating: top, count: 24)
    }

    mutating func place(w: Int, h: Int, title: String) -> GridPos {
        var best = (x: 0, y: Int.max)
        for x in 0...(24 - w) {
            var y = 0
            for c in x..<(x + w) where heights[c] > y { y = heights[c] }
            if y < best.y { best = (x, y) }
        }
        let g = GridPos(x: best.x, y: best.y, w: w, h: h)
        for c in g.x..<(g.x + w) { heights[c] = g.y + h }
        placed.append((g, title))
        return g
    }

    /// Places an explicit position; returns the title of a panel it overlaps, if any.
    mutating func place(explicit g: GridPos, title: String) -> String? {
        if let hit = placed.first(where: { $0.0.overlaps(g) }) { return hit.1 }
        for c in g.x..<(g.x + g.w) { heights[c] = max(heights[c], g.y + g.h) }
        placed.append((g, title))
        return nil
    }

    /// A row header across the full width, under everything.
    mutating func placeRow() -> GridPos {
        let y = heights.max()!
        let g = GridPos(x: 0, y: y, w: 24, h: 1)
        heights = [Int](repeating: y + 1, count: 24)
        placed.append((g, "row"))
        return g
    }
}

/// Kind-specific options, with every field Grafana's schema requires.
enum PanelOptions {
    /// Option objects that do not depend on the panel are built once.
    private static let defaultLegend = legend((.list, .bottom, []))
    private static let defaultTooltip: JSONValue = .object(["mode": .string(TooltipMode.multi.rawValue), "sort": .string("desc")])

    static func legend(_ s: PanelSpec) -> JSONValue {
        guard let l = s.legend else { return defaultLegend }
        return legend(l)
    }

    private static func legend(_ l: (mode: LegendMode, placement: LegendPlacement, calcs: [String])) -> JSONValue {
        return .object(["calcs": .array(l.calcs.map { .string($0) }), "displayMode": .string(l.mode.rawValue),
                        "placement": .string(l.placement.rawValue), "showLegend": .bool(l.mode != .hidden)])
    }

    static func tooltip(_ s: PanelSpec) -> JSONValue {
        if s.tooltip == nil { return defaultTooltip }
        return .object(["mode": .string((s.tooltip ?? .multi).rawValue), "sort": .string("desc")])
    }

    static let reduce: JSONValue = .object(["calcs": .array([.string("lastNotNull")]), "fields": .string(""), "values": .bool(false)])

    static func colorMode(_ k: PanelKind) -> String {
        switch k {
        case .stat, .gauge, .barGauge, .table: "thresholds"
        default: "palette-classic"
        }
    }

    static let timeseriesCustomWithThresholds = timeseriesCustom(true)
    static let timeseriesCustomPlain = timeseriesCustom(false)

    static func custom(_ k: PanelKind, showThresholds: Bool) -> JSONObject? {
        switch k {
        case .timeseries:
            return showThresholds ? timeseriesCustomWithThresholds : timeseriesCustomPlain
        default:
            return otherCustom(k)
        }
    }

    static func timeseriesCustom(_ showThresholds: Bool) -> JSONObject {
            return ["axisBorderShow": .bool(false), "axisCenteredZero": .bool(false), "axisColorMode": .string("text"), "axisLabel": .string(""),
                    "axisPlacement": .string("auto"), "barAlignment": .int(0), "drawStyle": .string("line"), "fillOpacity": .int(10),
                    "gradientMode": .string("none"), "hideFrom": .object(["legend": .bool(false), "tooltip": .bool(false), "viz": .bool(false)]),
                    "insertNulls": .bool(false), "lineInterpolation": .string("linear"), "lineWidth": .int(1), "pointSize": .int(5),
                    "scaleDistribution": .object(["type": .string("linear")]), "showPoints": .string("never"), "spanNulls": .bool(false),
                    "stacking": .object(["group": .string("A"), "mode": .string("none")]),
                    "thresholdsStyle": .object(["mode": .string(showThresholds ? "line" : "off")])]
    }

    private static let tableCustom: JSONObject = ["align": .string("auto"), "inspect": .bool(false)]
    private static let statOptions = [false, true].map { graph -> JSONObject in
        ["colorMode": .string("value"), "graphMode": .string(graph ? "area" : "none"), "justifyMode": .string("auto"),
         "orientation": .string("auto"), "percentChangeColorMode": .string("standard"), "reduceOptions": reduce,
         "showPercentChange": .bool(false), "textMode": .string("auto"), "wideLayout": .bool(true)]
    }
    private static let gaugeOptions: JSONObject = [
        "minVizHeight": .int(75), "minVizWidth": .int(75), "orientation": .string("auto"), "reduceOptions": reduce,
        "showThresholdLabels": .bool(false), "showThresholdMarkers": .bool(true), "sizing": .string("auto")]
    private static let tableOptions: JSONObject = [
        "cellHeight": .string("sm"), "footer": .object(["countRows": .bool(false), "fields": .array([]), "reducer": .array([.string("sum")]), "show": .bool(false)]),
        "frameIndex": .int(0), "showHeader": .bool(true)]

    static func otherCustom(_ k: PanelKind) -> JSONObject? {
        switch k {
        case .stateTimeline:
            return ["fillOpacity": .int(70), "hideFrom": .object(["legend": .bool(false), "tooltip": .bool(false), "viz": .bool(false)]),
                    "insertNulls": .bool(false), "lineWidth": .int(0), "spanNulls": .bool(false)]
        case .histogram:
            return ["fillOpacity": .int(80), "gradientMode": .string("none"), "hideFrom": .object(["legend": .bool(false), "tooltip": .bool(false), "viz": .bool(false)]),
                    "lineWidth": .int(1)]
        case .heatmap:
            return ["hideFrom": .object(["legend": .bool(false), "tooltip": .bool(false), "viz": .bool(false)]), "scaleDistribution": .object(["type": .string("linear")])]
        case .table:
            return tableCustom
        default:
            return nil
        }
    }

    static func options(_ s: PanelSpec) -> JSONObject {
        switch s.kind {
        case .timeseries, .histogram:
            return ["legend": legend(s), "tooltip": tooltip(s)]
        case .stat(let graph):
            return statOptions[graph ? 1 : 0]
        case .gauge:
            return gaugeOptions
        case .barGauge:
            return ["displayMode": .string("gradient"), "legend": legend(s), "maxVizHeight": .int(300), "minVizHeight": .int(16), "minVizWidth": .int(8),
                    "namePlacement": .string("auto"), "orientation": .string("horizontal"), "reduceOptions": reduce, "showUnfilled": .bool(true),
                    "sizing": .string("auto"), "valueMode": .string("color")]
        case .table:
            return tableOptions
        case .heatmap:
            return ["calculate": .bool(false), "cellGap": .int(1),
                    "color": .object(["exponent": .double(0.5), "fill": .string("dark-orange"), "mode": .string("scheme"), "reverse": .bool(false),
                                      "scale": .string("exponential"), "scheme": .string("Oranges"), "steps": .int(64)]),
                    "exemplars": .object(["color": .string("rgba(255,0,255,0.7)")]), "legend": .object(["show": .bool(true)]),
                    "rowsFrame": .object(["layout": .string("auto")]), "showValue": .string("auto"),
                    "tooltip": .object(["mode": .string("single"), "showColorScale": .bool(false), "yHistogram": .bool(false)]),
                    "yAxis": .object(["axisPlacement": .string("left"), "reverse": .bool(false), "unit": .string(s.unit ?? "short")])]
        case .stateTimeline:
            return ["alignValue": .string("left"), "legend": legend(s), "mergeValues": .bool(true), "rowHeight": .double(0.9),
                    "showValue": .string("auto"), "tooltip": tooltip(s)]
        case .text(let markdown):
            return ["code": .object(["language": .string("plaintext"), "showLineNumbers": .bool(false), "showMiniMap": .bool(false)]),
                    "content": .string(markdown), "mode": .string("markdown")]
        case .logs:
            return ["dedupStrategy": .string("none"), "enableInfiniteScrolling": .bool(false), "enableLogDetails": .bool(true),
                    "prettifyLogMessage": .bool(false), "showCommonLabels": .bool(false), "showLabels": .bool(false), "showLogContextToggle": .bool(true),
                    "showTime": .bool(true), "sortOrder": .string("Descending"), "wrapLogMessage": .bool(true)]
        case .traces:
            return [:]
        case .alertList:
            return ["alertInstanceLabelFilter": .string(""), "alertName": .string(""), "dashboardAlerts": .bool(false), "groupBy": .array([]),
                    "groupMode": .string("default"), "maxItems": .int(20), "sortOrder": .int(1),
                    "stateFilter": .object(["error": .bool(true), "firing": .bool(true), "noData": .bool(false), "normal": .bool(false), "pending": .bool(true)]),
                    "viewMode": .string("list")]
        }
    }
}
