/// What each panel kind looks like in Grafana's JSON: plugin id, default size, datasource,
/// and the options and field settings obsgen writes for it (those that differ from Grafana's
/// own defaults, and those its schema requires).
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

/// Kind-specific options and field defaults. Only what differs from what Grafana uses when a
/// field is absent is written, plus what the kind's schema requires (`legend` and `tooltip` of a
/// time series, every option of a stat, …). Grafana fills the rest in on load: a panel's options
/// and `fieldConfig.defaults` are deep-merged over its plugin's defaults
/// (`getPanelOptionsWithDefaults`: the defaults of every option and field option the plugin
/// registers, `PanelPlugin.defaults`/`fieldConfigDefaults`). Where each default comes from is
/// noted by the value; Benchmarks/README.md lists what is left out and why.
enum PanelOptions {
    /// Option objects that do not depend on the panel are built once.
    private static let defaultLegend = legend(PanelLegend(mode: .list, placement: .bottom, calcs: []))
    private static let defaultTooltip: JSONValue = .object(["mode": .string(TooltipMode.multi.rawValue), "sort": .string("desc")])

    /// Required by the kinds' schemas whatever its value, so always written.
    static func legend(_ s: PanelSpec) -> JSONValue {
        guard let l = s.legend else { return defaultLegend }
        return legend(l)
    }

    private static func legend(_ l: PanelLegend) -> JSONValue {
        return .object(["calcs": .array(l.calcs.map { .string($0) }), "displayMode": .string(l.mode.rawValue),
                        "placement": .string(l.placement.rawValue), "showLegend": .bool(l.mode != .hidden)])
    }

    /// Required by the schemas; obsgen's default (all series, sorted) is not Grafana's (single, none).
    static func tooltip(_ s: PanelSpec) -> JSONValue {
        if s.tooltip == nil { return defaultTooltip }
        return .object(["mode": .string((s.tooltip ?? .multi).rawValue), "sort": .string("desc")])
    }

    /// `calcs` is required; `values: false` and `fields: ""` are the defaults of
    /// `addStandardDataReduceOptions` (panel/stat/common.ts), which stat, gauge and bar gauge use.
    static let reduce: JSONValue = .object(["calcs": .array([.string("lastNotNull")])])

    /// `fieldConfig.defaults.color`, where obsgen's colour is not the kind's own. Time series and
    /// histograms default to `palette-classic` (their `standardOptions` colour default); stat,
    /// gauge, bar gauge and table register no colour default, and a field without a colour mode
    /// is coloured by thresholds (`getFieldColorModeForField`); heatmaps have no colour field
    /// option (`disableStandardOptions`). A state timeline defaults to `continuous-GrYlRd`: obsgen
    /// keeps the classic palette there.
    static func color(_ k: PanelKind) -> JSONValue? {
        switch k {
        case .stateTimeline: paletteClassic
        default: nil
        }
    }
    private static let paletteClassic: JSONValue = .object(["mode": .string("palette-classic")])

    static let timeseriesCustomWithThresholds = timeseriesCustom(true)
    static let timeseriesCustomPlain = timeseriesCustom(false)

    /// `fieldConfig.defaults.custom`: what obsgen sets differently from the kind's field config
    /// defaults, nil when nothing is.
    static func custom(_ k: PanelKind, showThresholds: Bool) -> JSONObject? {
        switch k {
        case .timeseries:
            return showThresholds ? timeseriesCustomWithThresholds : timeseriesCustomPlain
        default:
            // Table (`align: auto`, `inspect: false`: defaultTableFieldOptions), state timeline
            // (`fillOpacity: 70`, `lineWidth: 0`, no null spanning or inserting, nothing hidden),
            // histogram (`fillOpacity: 80`, `lineWidth: 1`, `gradientMode: none`) and heatmap
            // (linear scale) settings obsgen uses are their plugins' defaults.
            return nil
        }
    }

    /// The time series plugin's field config defaults (panel/timeseries/config.ts
    /// `defaultGraphConfig` and `getGraphFieldConfig`, the axis and hide-from builders of
    /// grafana-ui) are a 0% fill, points `auto` and thresholds not drawn; obsgen draws a 10% fill,
    /// no points, and the thresholds as lines when the panel has any. Every other setting it used
    /// to write (line style, width 1, linear interpolation, axes `auto`, linear scale, no stacking,
    /// nulls neither spanned nor inserted, nothing hidden) is the default.
    static func timeseriesCustom(_ showThresholds: Bool) -> JSONObject {
        var o: JSONObject = ["fillOpacity": .int(10), "showPoints": .string("never")]
        if showThresholds { o["thresholdsStyle"] = .object(["mode": .string("line")]) }
        return o
    }

    private static let statOptions = [false, true].map { graph -> JSONObject in
        ["colorMode": .string("value"), "graphMode": .string(graph ? "area" : "none"), "justifyMode": .string("auto"),
         "orientation": .string("auto"), "percentChangeColorMode": .string("standard"), "reduceOptions": reduce,
         "showPercentChange": .bool(false), "textMode": .string("auto"), "wideLayout": .bool(true)]
    }
    private static let gaugeOptions: JSONObject = [
        "minVizHeight": .int(75), "minVizWidth": .int(75), "orientation": .string("auto"), "reduceOptions": reduce,
        "showThresholdLabels": .bool(false), "showThresholdMarkers": .bool(true), "sizing": .string("auto")]
    /// `cellHeight: sm` is the table's default (panel/table `defaultOptions`); the footer is kept:
    /// obsgen's `fields: []` is not the default's `""`.
    private static let tableOptions: JSONObject = [
        "footer": .object(["countRows": .bool(false), "fields": .array([]), "reducer": .array([.string("sum")]), "show": .bool(false)]),
        "frameIndex": .int(0), "showHeader": .bool(true)]

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
            // `calculate: false`, `cellGap: 1` and the rows' `layout: auto` are the heatmap's
            // defaults (panel/heatmap panelcfg.cue and module.tsx).
            return ["color": .object(["exponent": .double(0.5), "fill": .string("dark-orange"), "mode": .string("scheme"), "reverse": .bool(false),
                                      "scale": .string("exponential"), "scheme": .string("Oranges"), "steps": .int(64)]),
                    "exemplars": .object(["color": .string("rgba(255,0,255,0.7)")]), "legend": .object(["show": .bool(true)]),
                    "showValue": .string("auto"),
                    "tooltip": .object(["mode": .string("single"), "showColorScale": .bool(false), "yHistogram": .bool(false)]),
                    "yAxis": .object(["axisPlacement": .string("left"), "reverse": .bool(false), "unit": .string(s.unit?.rawValue ?? "short")])]
        case .stateTimeline:
            // `alignValue: left` and `mergeValues: true` are the state timeline's defaults.
            return ["legend": legend(s), "rowHeight": .double(0.9), "showValue": .string("auto"), "tooltip": tooltip(s)]
        case .text(let markdown):
            // The code options (plaintext, no line numbers, no mini map) are the text panel's
            // `defaultCodeOptions`, and only read in code mode.
            return ["content": .string(markdown), "mode": .string("markdown")]
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
