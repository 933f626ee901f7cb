/// What each panel kind looks like in Grafana's JSON: plugin id, default size, datasource,
/// and the options and field defaults Grafana's schema requires for it.
extension PanelKind {
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
    public var defaultSize: PanelSize {
        switch self {
        case .timeseries, .heatmap, .histogram, .barGauge, .alertList: PanelSize(w: 12, h: 8)
        case .stat: PanelSize(w: 6, h: 4)
        case .gauge: PanelSize(w: 6, h: 6)
        case .table, .logs, .traces: PanelSize(w: 24, h: 10)
        case .stateTimeline: PanelSize(w: 24, h: 6)
        case .text: PanelSize(w: 24, h: 3)
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

    /// Whether the kind has `fieldConfig` (unit, thresholds, mappings, …).
    public var hasFieldConfig: Bool {
        switch self {
        case .text, .alertList, .logs, .traces: false
        default: true
        }
    }
}

/// Kind-specific options, with every field Grafana's schema requires.
enum PanelOptions {
    /// Option objects that do not depend on the panel are built once.
    private static let defaultLegend = legend(PanelLegend(mode: .list, placement: .bottom, calcs: []))
    private static let defaultTooltip: JSONValue = .object(["mode": .string(TooltipMode.multi.rawValue), "sort": .string("desc")])

    static func legend(_ s: PanelSpec) -> JSONValue {
        guard let l = s.legend else { return defaultLegend }
        return legend(l)
    }

    private static func legend(_ l: PanelLegend) -> JSONValue {
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
                    "yAxis": .object(["axisPlacement": .string("left"), "reverse": .bool(false), "unit": .string(s.unit?.rawValue ?? "short")])]
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
