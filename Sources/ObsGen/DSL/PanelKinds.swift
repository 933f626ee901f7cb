/// The panel kinds, each its own type so that only the options it has can be set:
///
///     TimeSeries("Errors", Query("…")).unit(.percentunit).legend(.table)   // compiles
///     Stat("Errors", Query("…")).legend(.table)                             // does not: a stat has no legend
///     Text("About", markdown: "…").unit(.seconds)                           // does not: text has no fields
///
/// | kind | queries | field options | legend | tooltip |
/// |---|---|---|---|---|
/// | `TimeSeries`, `HistogramPanel`, `StateTimeline` | yes | yes | yes | yes |
/// | `BarGauge` | yes | yes | yes | |
/// | `Stat`, `Gauge`, `Table`, `Heatmap` | yes | yes | | |
/// | `Logs`, `Traces` | yes | | | |
/// | `Text`, `AlertList` | | | | |

/// Panel visualisations (their defaults: Render/PanelDefaults.swift).
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
}

public struct TimeSeriesPanel: LegendPanel, TooltipPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .timeseries, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct StatPanel: FieldConfigPanel {
    public var spec: PanelSpec
    /// `graph`: the sparkline under the value.
    public init(_ title: String, _ queries: Query..., graph: Bool = true, file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .stat(graph: graph), title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct GaugePanel: FieldConfigPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .gauge, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct BarGaugePanel: LegendPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .barGauge, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct TablePanel: FieldConfigPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .table, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

/// A heatmap. Queries that read classic histogram buckets (`…_bucket`) get `format: heatmap`
/// and the `{{le}}` legend, so Grafana draws the buckets as they are instead of re-bucketing
/// the series; `Heatmap(_:buckets:)` writes that query for a histogram.
public struct HeatmapPanel: FieldConfigPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .heatmap, title: title, queries: queries.map(Self.bucketsAsHeatmap),
                         site: DeclarationSite(file: file, line: line, column: column))
    }

    /// The rate of each bucket of a histogram, by `le`: `sum by (le) (rate(<h>_bucket{<filter>}[<interval>]))`.
    public init(_ title: String, buckets histogram: Metric, filter: PromQLText = "", interval: String = "$__rate_interval",
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        let selector: PromQLText = filter.text.isEmpty ? "\(histogram.bucket)" : "\(histogram.bucket){\(filter)}"
        let query = Query("sum by (le) (rate(\(selector)[\(interval)]))", legend: "{{le}}", format: .heatmap)
        spec = PanelSpec(kind: .heatmap, title: title, queries: [query], site: DeclarationSite(file: file, line: line, column: column))
        spec.unit = GrafanaUnit(histogram.unit)
    }

    /// A PromQL query reading `…_bucket` series, without a format: `format: heatmap`, legend `{{le}}`.
    static func bucketsAsHeatmap(_ q: Query) -> Query {
        guard q.language == .promQL, q.format == nil, readsClassicBuckets(q) else { return q }
        var c = q
        c.format = .heatmap
        if c.legend == nil { c.legend = "{{le}}" }
        return c
    }

    static func readsClassicBuckets(_ q: Query) -> Bool {
        if q.referencedMetrics.contains(where: { $0.kind == .histogram && q.expr.contains($0.name + "_bucket") }) { return true }
        guard q.expr.contains("_bucket"), let e = try? PromQL.parse(q.expr, options: ParseOptions(features: .all, grafana: true)) else { return false }
        var found = false
        e.walk { node in
            switch node {
            case .vectorSelector(let v): if v.metricName?.hasSuffix("_bucket") == true { found = true }
            case .matrixSelector(let m): if m.selector.metricName?.hasSuffix("_bucket") == true { found = true }
            default: break
            }
        }
        return found
    }
}

public struct HistogramPanel: LegendPanel, TooltipPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .histogram, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct StateTimelinePanel: LegendPanel, TooltipPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .stateTimeline, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct TextPanel: PanelDeclaration {
    public var spec: PanelSpec
    public init(_ title: String, markdown: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .text(markdown: markdown), title: title, queries: [], site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct LogsPanel: QueryPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .logs, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct TracesPanel: QueryPanel {
    public var spec: PanelSpec
    public init(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .traces, title: title, queries: queries, site: DeclarationSite(file: file, line: line, column: column))
    }
}

public struct AlertListPanel: PanelDeclaration {
    public var spec: PanelSpec
    public init(_ title: String, file: String = #filePath, line: Int = #line, column: Int = #column) {
        spec = PanelSpec(kind: .alertList, title: title, queries: [], site: DeclarationSite(file: file, line: line, column: column))
    }
}

// MARK: - Constructors, named as Grafana names the visualisations

public func TimeSeries(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> TimeSeriesPanel {
    var p = TimeSeriesPanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func Stat(_ title: String, _ queries: Query..., graph: Bool = true, file: String = #filePath, line: Int = #line, column: Int = #column) -> StatPanel {
    var p = StatPanel(title, graph: graph, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func Gauge(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> GaugePanel {
    var p = GaugePanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func BarGauge(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> BarGaugePanel {
    var p = BarGaugePanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func Table(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> TablePanel {
    var p = TablePanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func Heatmap(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> HeatmapPanel {
    var p = HeatmapPanel(title, file: file, line: line, column: column)
    p.spec.queries = queries.map(HeatmapPanel.bucketsAsHeatmap)
    return p
}
public func Heatmap(_ title: String, buckets histogram: Metric, filter: PromQLText = "", interval: String = "$__rate_interval",
                    file: String = #filePath, line: Int = #line, column: Int = #column) -> HeatmapPanel {
    HeatmapPanel(title, buckets: histogram, filter: filter, interval: interval, file: file, line: line, column: column)
}
public func StateTimeline(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> StateTimelinePanel {
    var p = StateTimelinePanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func Text(_ title: String, markdown: String, file: String = #filePath, line: Int = #line, column: Int = #column) -> TextPanel {
    TextPanel(title, markdown: markdown, file: file, line: line, column: column)
}
public func Logs(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> LogsPanel {
    var p = LogsPanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func Traces(_ title: String, _ queries: Query..., file: String = #filePath, line: Int = #line, column: Int = #column) -> TracesPanel {
    var p = TracesPanel(title, file: file, line: line, column: column)
    p.spec.queries = queries
    return p
}
public func AlertList(_ title: String, file: String = #filePath, line: Int = #line, column: Int = #column) -> AlertListPanel {
    AlertListPanel(title, file: file, line: line, column: column)
}
