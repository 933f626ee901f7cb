/// A dashboard as declared: its items, from the `DashboardBuilder`. Building it into the
/// model Grafana reads (layout, ids, datasources) is `build()`, in Project/DashboardBuild.swift.

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
    @inlinable public static func buildExpression(_ p: some PanelDeclaration) -> [DashboardItem] { [.panel(p.spec)] }
    public static func buildExpression(_ r: RowSpec) -> [DashboardItem] { [.row(r)] }
    public static func buildExpression(_ v: Variable) -> [DashboardItem] { [.variable(v)] }
    public static func buildExpression(_ a: AnnotationQuery) -> [DashboardItem] { [.annotation(a)] }
    public static func buildExpression(_ l: DashboardLink) -> [DashboardItem] { [.link(l)] }
    public static func buildExpression(_ items: [DashboardItem]) -> [DashboardItem] { items }
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
                file: String = #filePath, line: Int = #line, column: Int = #column, @DashboardBuilder content: () -> [DashboardItem]) {
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
        self.site = DeclarationSite(file: file, line: line, column: column)
    }

    /// The uid: given, or derived from the title deterministically.
    public var effectiveUID: String { uid ?? Dashboard.derivedUID(title: title) }

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

    /// Metrics interpolated into the dashboard's queries, variables and annotations, in order, each once.
    public var referencedMetrics: [Metric] {
        var out: [Metric] = []
        func add(_ ms: [Metric]) { for m in ms where !out.contains(m) { out.append(m) } }
        for item in items {
            switch item {
            case .variable(let v): add(v.referencedMetrics)
            case .annotation(let a): add(a.referencedMetrics)
            default: break
            }
        }
        for p in allPanelSpecs { for q in p.queries { add(q.referencedMetrics) } }
        return out
    }
}
