/// Grafana dashboards as plain values. Fields the model names are typed; everything else a
/// loaded dashboard holds stays in `extra` (opaque JSON) and is written back unchanged.

/// How a panel or variable names its datasource.
public enum DatasourceRef: Sendable, Hashable {
    /// `{"type": "prometheus", "uid": "${datasource}"}` (uid may be a variable or a fixed uid).
    case ref(type: String?, uid: String?)
    /// Old dashboards: the datasource's name, or a variable such as `$datasource`.
    case name(String)
    /// An explicit `null` (the default datasource).
    case null

    /// Through the dashboard's datasource variable (the default obsgen renders).
    public static func variable(_ name: String = "datasource", type: String = "prometheus") -> DatasourceRef {
        .ref(type: type, uid: "${\(name)}")
    }

    public var uid: String? {
        switch self {
        case .ref(_, let uid): uid
        case .name(let n): n
        case .null: nil
        }
    }

    public var type: String? {
        if case .ref(let t, _) = self { return t }
        return nil
    }

    /// Refers to a dashboard variable (`${ds}`, `$ds`) rather than a fixed datasource.
    public var isVariable: Bool {
        guard let uid else { return false }
        return uid.hasPrefix("$") || uid.hasPrefix("[[")
    }
}

public struct GridPos: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var w: Int
    public var h: Int
    public init(x: Int, y: Int, w: Int, h: Int) {
        self.x = x
        self.y = y
        self.w = w
        self.h = h
    }

    public func overlaps(_ o: GridPos) -> Bool {
        x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h
    }
}

public struct ThresholdStep: Sendable, Hashable {
    /// nil is the base step (-Infinity).
    public var value: Double?
    public var color: String
    public init(_ value: Double?, _ color: String) {
        self.value = value
        self.color = color
    }
}

public struct Thresholds: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable { case absolute, percentage }
    public var mode: Mode
    public var steps: [ThresholdStep]
    public init(mode: Mode = .absolute, steps: [ThresholdStep]) {
        self.mode = mode
        self.steps = steps
    }
}

/// A value mapping: a value, a range, a regex or a special value shown as text or colour.
public enum ValueMapping: Sendable, Hashable {
    case value([(match: String, text: String?, color: String?)])
    case range(from: Double?, to: Double?, text: String?, color: String?)
    case regex(pattern: String, text: String?, color: String?)
    case special(match: String, text: String?, color: String?)
    /// A mapping in a shape the model does not cover (kept as it is).
    case other(JSONValue)

    public static func == (a: ValueMapping, b: ValueMapping) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.match == $1.match && $0.text == $1.text && $0.color == $1.color }
        case (.range(let a1, let a2, let a3, let a4), .range(let b1, let b2, let b3, let b4)): a1 == b1 && a2 == b2 && a3 == b3 && a4 == b4
        case (.regex(let a1, let a2, let a3), .regex(let b1, let b2, let b3)): a1 == b1 && a2 == b2 && a3 == b3
        case (.special(let a1, let a2, let a3), .special(let b1, let b2, let b3)): a1 == b1 && a2 == b2 && a3 == b3
        case (.other(let x), .other(let y)): x == y
        default: false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .value(let v): for e in v { h.combine(e.match); h.combine(e.text); h.combine(e.color) }
        case .range(let a, let b, let c, let d): h.combine(a); h.combine(b); h.combine(c); h.combine(d)
        case .regex(let a, let b, let c), .special(let a, let b, let c): h.combine(a); h.combine(b); h.combine(c)
        case .other(let j): h.combine(j)
        }
    }
}

/// A query of a panel.
public struct Target: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// PromQL, with its legend and whether it is an instant or range query.
        case prometheus(expr: String, legend: String?, instant: Bool?, range: Bool?)
        /// LogQL.
        case loki(expr: String, legend: String?)
        /// TraceQL.
        case tempo(query: String)
        /// A query of a datasource the model does not cover.
        case other
    }

    public var refId: String?
    public var datasource: DatasourceRef?
    public var kind: Kind
    public var interval: String?
    public var format: String?
    public var hide: Bool?
    public var extra: JSONObject

    public init(refId: String? = nil, datasource: DatasourceRef? = nil, kind: Kind, interval: String? = nil, format: String? = nil, hide: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.refId = refId
        self.datasource = datasource
        self.kind = kind
        self.interval = interval
        self.format = format
        self.hide = hide
        self.extra = extra
    }

    /// The PromQL expression, for Prometheus targets.
    public var promQL: String? {
        if case .prometheus(let e, _, _, _) = kind { return e }
        return nil
    }
}

/// `fieldConfig.defaults`: the field options the model names.
public struct FieldDefaults: Sendable, Hashable {
    public var unit: String?
    public var decimals: Double?
    public var min: Double?
    public var max: Double?
    public var thresholds: Thresholds?
    public var mappings: [ValueMapping]?
    public var color: JSONValue?
    public var custom: JSONObject?
    public var displayName: String?
    public var noValue: String?
    public var links: [JSONValue]?
    public var extra: JSONObject

    public init(unit: String? = nil, decimals: Double? = nil, min: Double? = nil, max: Double? = nil, thresholds: Thresholds? = nil,
                mappings: [ValueMapping]? = nil, color: JSONValue? = nil, custom: JSONObject? = nil, displayName: String? = nil,
                noValue: String? = nil, links: [JSONValue]? = nil, extra: JSONObject = JSONObject()) {
        self.unit = unit
        self.decimals = decimals
        self.min = min
        self.max = max
        self.thresholds = thresholds
        self.mappings = mappings
        self.color = color
        self.custom = custom
        self.displayName = displayName
        self.noValue = noValue
        self.links = links
        self.extra = extra
    }
}

/// A link from a panel (to a runbook, another dashboard).
public struct PanelLink: Sendable, Hashable {
    public var title: String
    public var url: String
    public var targetBlank: Bool?
    public var extra: JSONObject
    public init(title: String, url: String, targetBlank: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.title = title
        self.url = url
        self.targetBlank = targetBlank
        self.extra = extra
    }
}

/// A panel. Row panels (`type: row`) hold their collapsed children in `panels`.
///
/// Its fields live in one shared, copy-on-write storage: a dashboard of many panels is read by
/// every check, and copying a panel (twenty fields, most of them strings, arrays and tables)
/// was much of the time of linting a large dashboard; a copy now costs one reference count.
public struct Panel: Sendable, Hashable {
    final class Storage: @unchecked Sendable {
        var id: Int?
        var type: String
        var title: String?
        var description: String?
        var datasource: DatasourceRef?
        var targets: [Target]?
        var gridPos: GridPos?
        var fieldDefaults: FieldDefaults?
        var overrides: [JSONValue]?
        var fieldConfigExtra: JSONObject
        var options: JSONObject?
        var links: [PanelLink]?
        var interval: String?
        var libraryPanel: JSONObject?
        var collapsed: Bool?
        var panels: [Panel]?
        var extra: JSONObject
        var offset: Int?
        var mirrorsAlert: String?
        var site: DeclarationSite?

        init(id: Int?, type: String, title: String?, description: String?, datasource: DatasourceRef?, targets: [Target]?, gridPos: GridPos?, fieldDefaults: FieldDefaults?, overrides: [JSONValue]?, fieldConfigExtra: JSONObject, options: JSONObject?, links: [PanelLink]?, interval: String?, libraryPanel: JSONObject?, collapsed: Bool?, panels: [Panel]?, extra: JSONObject, offset: Int?, mirrorsAlert: String?, site: DeclarationSite?) {
            self.id = id
            self.type = type
            self.title = title
            self.description = description
            self.datasource = datasource
            self.targets = targets
            self.gridPos = gridPos
            self.fieldDefaults = fieldDefaults
            self.overrides = overrides
            self.fieldConfigExtra = fieldConfigExtra
            self.options = options
            self.links = links
            self.interval = interval
            self.libraryPanel = libraryPanel
            self.collapsed = collapsed
            self.panels = panels
            self.extra = extra
            self.offset = offset
            self.mirrorsAlert = mirrorsAlert
            self.site = site
        }

        func copy() -> Storage { Storage(id: id, type: type, title: title, description: description, datasource: datasource, targets: targets, gridPos: gridPos, fieldDefaults: fieldDefaults, overrides: overrides, fieldConfigExtra: fieldConfigExtra, options: options, links: links, interval: interval, libraryPanel: libraryPanel, collapsed: collapsed, panels: panels, extra: extra, offset: offset, mirrorsAlert: mirrorsAlert, site: site) }
    }

    private var storage: Storage

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public var id: Int? {
        get { storage.id }
        _modify {
            makeUnique()
            yield &storage.id
        }
    }
    /// The panel plugin id (`timeseries`, `stat`, `graph`, …).
    public var type: String {
        get { storage.type }
        _modify {
            makeUnique()
            yield &storage.type
        }
    }
    public var title: String? {
        get { storage.title }
        _modify {
            makeUnique()
            yield &storage.title
        }
    }
    public var description: String? {
        get { storage.description }
        _modify {
            makeUnique()
            yield &storage.description
        }
    }
    public var datasource: DatasourceRef? {
        get { storage.datasource }
        _modify {
            makeUnique()
            yield &storage.datasource
        }
    }
    public var targets: [Target]? {
        get { storage.targets }
        _modify {
            makeUnique()
            yield &storage.targets
        }
    }
    public var gridPos: GridPos? {
        get { storage.gridPos }
        _modify {
            makeUnique()
            yield &storage.gridPos
        }
    }
    public var fieldDefaults: FieldDefaults? {
        get { storage.fieldDefaults }
        _modify {
            makeUnique()
            yield &storage.fieldDefaults
        }
    }
    /// `fieldConfig.overrides`, kept as JSON.
    public var overrides: [JSONValue]? {
        get { storage.overrides }
        _modify {
            makeUnique()
            yield &storage.overrides
        }
    }
    /// `fieldConfig` keys other than defaults and overrides.
    public var fieldConfigExtra: JSONObject {
        get { storage.fieldConfigExtra }
        _modify {
            makeUnique()
            yield &storage.fieldConfigExtra
        }
    }
    /// Panel-kind options (legend, tooltip, reduce options, …).
    public var options: JSONObject? {
        get { storage.options }
        _modify {
            makeUnique()
            yield &storage.options
        }
    }
    public var links: [PanelLink]? {
        get { storage.links }
        _modify {
            makeUnique()
            yield &storage.links
        }
    }
    public var interval: String? {
        get { storage.interval }
        _modify {
            makeUnique()
            yield &storage.interval
        }
    }
    /// Library panel reference (`uid`, `name`).
    public var libraryPanel: JSONObject? {
        get { storage.libraryPanel }
        _modify {
            makeUnique()
            yield &storage.libraryPanel
        }
    }
    /// Row panels: collapsed or not, and the panels a collapsed row holds.
    public var collapsed: Bool? {
        get { storage.collapsed }
        _modify {
            makeUnique()
            yield &storage.collapsed
        }
    }
    public var panels: [Panel]? {
        get { storage.panels }
        _modify {
            makeUnique()
            yield &storage.panels
        }
    }
    public var extra: JSONObject {
        get { storage.extra }
        _modify {
            makeUnique()
            yield &storage.extra
        }
    }
    /// Byte offset of the panel's `{` in a loaded file.
    public var offset: Int? {
        get { storage.offset }
        _modify {
            makeUnique()
            yield &storage.offset
        }
    }
    /// The alert whose thresholds this panel shows (DSL).
    public var mirrorsAlert: String? {
        get { storage.mirrorsAlert }
        _modify {
            makeUnique()
            yield &storage.mirrorsAlert
        }
    }
    /// Where the DSL declared the panel (`TimeSeries(…)` in a Swift file); nil when loaded.
    public var site: DeclarationSite? {
        get { storage.site }
        _modify {
            makeUnique()
            yield &storage.site
        }
    }

    public init(id: Int? = nil, type: String, title: String? = nil, description: String? = nil, datasource: DatasourceRef? = nil,
                targets: [Target]? = nil, gridPos: GridPos? = nil, fieldDefaults: FieldDefaults? = nil, overrides: [JSONValue]? = nil,
                fieldConfigExtra: JSONObject = JSONObject(), options: JSONObject? = nil, links: [PanelLink]? = nil, interval: String? = nil,
                libraryPanel: JSONObject? = nil, collapsed: Bool? = nil, panels: [Panel]? = nil, extra: JSONObject = JSONObject(),
                offset: Int? = nil, mirrorsAlert: String? = nil, site: DeclarationSite? = nil) {

        storage = Storage(id: id, type: type, title: title, description: description, datasource: datasource, targets: targets, gridPos: gridPos, fieldDefaults: fieldDefaults, overrides: overrides, fieldConfigExtra: fieldConfigExtra, options: options, links: links, interval: interval, libraryPanel: libraryPanel, collapsed: collapsed, panels: panels, extra: extra, offset: offset, mirrorsAlert: mirrorsAlert, site: site)
    }

    public static func == (a: Panel, b: Panel) -> Bool {
        if a.storage === b.storage { return true }
        let x = a.storage, y = b.storage
        return x.id == y.id && x.type == y.type && x.title == y.title && x.description == y.description && x.datasource == y.datasource && x.targets == y.targets && x.gridPos == y.gridPos && x.fieldDefaults == y.fieldDefaults && x.overrides == y.overrides && x.fieldConfigExtra == y.fieldConfigExtra && x.options == y.options && x.links == y.links && x.interval == y.interval && x.libraryPanel == y.libraryPanel && x.collapsed == y.collapsed && x.panels == y.panels && x.extra == y.extra && x.offset == y.offset && x.mirrorsAlert == y.mirrorsAlert && x.site == y.site
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.id)
        hasher.combine(storage.type)
        hasher.combine(storage.title)
        hasher.combine(storage.description)
        hasher.combine(storage.datasource)
        hasher.combine(storage.targets)
        hasher.combine(storage.gridPos)
        hasher.combine(storage.fieldDefaults)
        hasher.combine(storage.overrides)
        hasher.combine(storage.fieldConfigExtra)
        hasher.combine(storage.options)
        hasher.combine(storage.links)
        hasher.combine(storage.interval)
        hasher.combine(storage.libraryPanel)
        hasher.combine(storage.collapsed)
        hasher.combine(storage.panels)
        hasher.combine(storage.extra)
        hasher.combine(storage.offset)
        hasher.combine(storage.mirrorsAlert)
        hasher.combine(storage.site)
    }

    public var isRow: Bool { type == "row" }
}

/// Old dashboards (before schemaVersion 16) keep panels in `rows`.
public struct LegacyRow: Sendable, Hashable {
    public var title: String?
    public var collapse: Bool?
    public var panels: [Panel]
    public var extra: JSONObject
    public init(title: String? = nil, collapse: Bool? = nil, panels: [Panel], extra: JSONObject = JSONObject()) {
        self.title = title
        self.collapse = collapse
        self.panels = panels
        self.extra = extra
    }
}

/// A templating variable.
public struct Variable: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case query, custom, constant, datasource, interval, textbox, adhoc, groupby, system, snapshot, `switch`
    }
    public var name: String
    public var type: String
    public var label: String?
    public var description: String?
    public var datasource: DatasourceRef?
    /// `query`: a string (PromQL, `label_values(…)`), or an object for newer Grafana.
    public var query: JSONValue?
    public var definition: String?
    public var regex: String?
    public var multi: Bool?
    public var includeAll: Bool?
    public var allValue: String?
    public var refresh: Int?
    public var sort: Int?
    public var hide: Int?
    public var current: JSONValue?
    public var options: [JSONValue]?
    public var extra: JSONObject
    public var offset: Int?
    /// Where the DSL declared the variable (`QueryVariable(…)` in a Swift file); nil when loaded
    /// or added by the dashboard build.
    public var site: DeclarationSite? = nil
    /// The metrics the DSL interpolated into the query (they join the project's catalog).
    public var referencedMetrics: [Metric] = []

    public init(name: String, type: String, label: String? = nil, description: String? = nil, datasource: DatasourceRef? = nil, query: JSONValue? = nil,
                definition: String? = nil, regex: String? = nil, multi: Bool? = nil, includeAll: Bool? = nil, allValue: String? = nil,
                refresh: Int? = nil, sort: Int? = nil, hide: Int? = nil, current: JSONValue? = nil, options: [JSONValue]? = nil,
                extra: JSONObject = JSONObject(), offset: Int? = nil) {
        self.name = name
        self.type = type
        self.label = label
        self.description = description
        self.datasource = datasource
        self.query = query
        self.definition = definition
        self.regex = regex
        self.multi = multi
        self.includeAll = includeAll
        self.allValue = allValue
        self.refresh = refresh
        self.sort = sort
        self.hide = hide
        self.current = current
        self.options = options
        self.extra = extra
        self.offset = offset
    }
}

/// An annotation query (deployment markers and the like).
public struct AnnotationQuery: Sendable, Hashable {
    public var name: String
    public var datasource: DatasourceRef?
    public var enable: Bool?
    public var hide: Bool?
    public var iconColor: String?
    public var expr: String?
    public var titleFormat: String?
    public var textFormat: String?
    public var tagKeys: String?
    public var step: String?
    public var builtIn: Int?
    public var type: String?
    public var extra: JSONObject
    /// Where the DSL declared the annotation (`Markers(…)`); nil when loaded.
    public var site: DeclarationSite? = nil
    /// The metrics the DSL interpolated into the expression (they join the project's catalog).
    public var referencedMetrics: [Metric] = []

    public init(name: String, datasource: DatasourceRef? = nil, enable: Bool? = nil, hide: Bool? = nil, iconColor: String? = nil, expr: String? = nil,
                titleFormat: String? = nil, textFormat: String? = nil, tagKeys: String? = nil, step: String? = nil, builtIn: Int? = nil,
                type: String? = nil, extra: JSONObject = JSONObject()) {
        self.name = name
        self.datasource = datasource
        self.enable = enable
        self.hide = hide
        self.iconColor = iconColor
        self.expr = expr
        self.titleFormat = titleFormat
        self.textFormat = textFormat
        self.tagKeys = tagKeys
        self.step = step
        self.builtIn = builtIn
        self.type = type
        self.extra = extra
    }
}

public struct DashboardLink: Sendable, Hashable {
    public var title: String
    public var type: String
    public var url: String?
    public var tags: [String]?
    public var icon: String?
    public var tooltip: String?
    public var asDropdown: Bool?
    public var targetBlank: Bool?
    public var includeVars: Bool?
    public var keepTime: Bool?
    public var extra: JSONObject

    public init(title: String, type: String = "link", url: String? = nil, tags: [String]? = nil, icon: String? = nil, tooltip: String? = nil,
                asDropdown: Bool? = nil, targetBlank: Bool? = nil, includeVars: Bool? = nil, keepTime: Bool? = nil, extra: JSONObject = JSONObject()) {
        self.title = title
        self.type = type
        self.url = url
        self.tags = tags
        self.icon = icon
        self.tooltip = tooltip
        self.asDropdown = asDropdown
        self.targetBlank = targetBlank
        self.includeVars = includeVars
        self.keepTime = keepTime
        self.extra = extra
    }
}

public struct Dashboard: Sendable, Hashable {
    public var uid: String?
    public var title: String
    public var description: String?
    public var tags: [String]?
    public var timeFrom: String?
    public var timeTo: String?
    public var refresh: String?
    public var timezone: String?
    public var editable: Bool?
    /// 0 off, 1 shared crosshair, 2 shared tooltip.
    public var graphTooltip: Int?
    public var schemaVersion: Int?
    public var links: [DashboardLink]?
    public var annotations: [AnnotationQuery]?
    public var variables: [Variable]?
    public var panels: [Panel]?
    public var rows: [LegacyRow]?
    /// `annotations` and `templating` keys other than `list`, and every other dashboard key.
    public var annotationsExtra: JSONObject
    public var templatingExtra: JSONObject
    public var timeExtra: JSONObject
    public var extra: JSONObject
    public var site: DeclarationSite

    public init(uid: String? = nil, title: String, description: String? = nil, tags: [String]? = nil, timeFrom: String? = nil, timeTo: String? = nil,
                refresh: String? = nil, timezone: String? = nil, editable: Bool? = nil, graphTooltip: Int? = nil, schemaVersion: Int? = nil,
                links: [DashboardLink]? = nil, annotations: [AnnotationQuery]? = nil, variables: [Variable]? = nil, panels: [Panel]? = nil,
                rows: [LegacyRow]? = nil, annotationsExtra: JSONObject = JSONObject(), templatingExtra: JSONObject = JSONObject(),
                timeExtra: JSONObject = JSONObject(), extra: JSONObject = JSONObject(), site: DeclarationSite = .unknown) {
        self.uid = uid
        self.title = title
        self.description = description
        self.tags = tags
        self.timeFrom = timeFrom
        self.timeTo = timeTo
        self.refresh = refresh
        self.timezone = timezone
        self.editable = editable
        self.graphTooltip = graphTooltip
        self.schemaVersion = schemaVersion
        self.links = links
        self.annotations = annotations
        self.variables = variables
        self.panels = panels
        self.rows = rows
        self.annotationsExtra = annotationsExtra
        self.templatingExtra = templatingExtra
        self.timeExtra = timeExtra
        self.extra = extra
        self.site = site
    }

    /// Every panel, rows' children included (rows themselves excluded).
    public var allPanels: [Panel] {
        var out: [Panel] = []
        for p in panels ?? [] {
            if p.isRow { out += p.panels ?? [] } else { out.append(p) }
        }
        for r in rows ?? [] { out += r.panels }
        return out
    }

    /// A stable uid derived from the title when none is given (Grafana allows 40 characters).
    public static func derivedUID(title: String) -> String {
        var slug = ""
        for u in title.lowercased().unicodeScalars {
            if ("a"..."z").contains(u) || ("0"..."9").contains(u) { slug.unicodeScalars.append(u) } else if !slug.hasSuffix("-") { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        while slug.hasPrefix("-") { slug.removeFirst() }
        // FNV-1a of the title keeps different titles with the same slug apart.
        var h: UInt64 = 0xcbf29ce484222325
        for b in title.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let suffix = String(h & 0xFFFFFF, radix: 16)
        let head = String(slug.prefix(40 - 1 - 6))
        return (head.isEmpty ? "dashboard" : head) + "-" + String(repeating: "0", count: 6 - suffix.count) + suffix
    }
}
