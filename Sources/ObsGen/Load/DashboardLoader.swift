import Foundation

/// A dashboard read from JSON, with where its panels are in the file.
public struct LoadedDashboard: Sendable {
    public var path: String
    public var dashboard: Dashboard
    /// The JSON as read (an import envelope's `dashboard` when wrapped).
    public var original: JSONValue
    /// Whether the file was an import envelope (`{"dashboard": …}`).
    public var wasEnvelope: Bool
    public var source: SourceText
    public var diagnostics: [Diagnostic]
    /// Keys the model could not hold in typed form and kept opaque (for coverage reports).
    public var opaqueFields: [String]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public init(path: String, dashboard: Dashboard, original: JSONValue, wasEnvelope: Bool, source: SourceText,
                diagnostics: [Diagnostic], opaqueFields: [String]) {
        self.path = path
        self.dashboard = dashboard
        self.original = original
        self.wasEnvelope = wasEnvelope
        self.source = source
        self.diagnostics = diagnostics
        self.opaqueFields = opaqueFields
    }
}

/// Reads Grafana dashboard JSON, old and new (schemaVersion 14 upwards, `rows`, `graph` and
/// `singlestat` panels, library panels). A field is moved into the typed model only when the
/// model writes it back identically; otherwise it stays opaque, so loading then rendering never
/// loses or changes a field.
public enum DashboardLoader {
    public static func load(path: String) -> LoadedDashboard {
        switch YAMLSource.readInput(path) {
        case .success(let input):
            var l = load(text: input.text, path: path)
            l.diagnostics = input.problems.map { var d = $0; d.id = "dashboards/parse"; return d } + l.diagnostics
            return l
        case .failure(let d):
            return LoadedDashboard(path: path, dashboard: Dashboard(title: ""), original: .null, wasEnvelope: false, source: SourceText(name: path, text: ""),
                                   diagnostics: [d], opaqueFields: [])
        }
    }

    public static func load(text: String, path: String) -> LoadedDashboard {
        load(source: SourceText(name: path, text: text))
    }

    /// Reads a dashboard from a source text already made (the linter's: the line table of a
    /// large file is made once).
    public static func load(source: SourceText) -> LoadedDashboard {
        let text = source.text, path = source.name
        var result = LoadedDashboard(path: path, dashboard: Dashboard(title: ""), original: .null, wasEnvelope: false, source: source, diagnostics: [], opaqueFields: [])
        let value: JSONValue
        let offsets: [String: Int]
        if text.hasPrefix("\u{FEFF}") {
            result.diagnostics.append(Diagnostic(id: LoadIssue.dashboardParse.rawValue, message: "a byte order mark (U+FEFF) before the JSON: Grafana's JSON reader rejects it", range: PositionRange(start: 0, end: 3)))
            return result
        }
        do {
            (value, offsets) = try JSONParser.parse(text)
        } catch {
            result.diagnostics.append(Diagnostic(id: LoadIssue.dashboardParse.rawValue, message: "malformed JSON: \(error.message)", range: PositionRange(start: error.offset, end: error.offset + 1)))
            return result
        }
        guard var object = value.objectValue else {
            result.diagnostics.append(Diagnostic(id: LoadIssue.dashboardParse.rawValue, message: "not a Grafana dashboard: expected a JSON object", range: PositionRange(start: 0, end: 1)))
            return result
        }
        var prefix = ""
        if object["panels"] == nil, object["rows"] == nil, let inner = object["dashboard"]?.objectValue {
            object = inner
            prefix = "dashboard."
            result.wasEnvelope = true
        }
        // A dashboard with no panels yet has a title (Grafana requires one) or a uid.
        guard object["panels"] != nil || object["rows"] != nil || object["schemaVersion"] != nil || object["templating"] != nil
                || object["title"]?.stringValue != nil || object["uid"]?.stringValue != nil else {
            result.diagnostics.append(Diagnostic(id: LoadIssue.dashboardParse.rawValue, message: "not a Grafana dashboard: no title, panels, rows or schemaVersion", range: PositionRange(start: 0, end: 1)))
            return result
        }
        result.original = .object(object)
        var ctx = Context(offsets: offsets)
        result.dashboard = dashboard(object, path: prefix.isEmpty ? "" : "dashboard", ctx: &ctx)
        result.dashboard.site = DeclarationSite(file: path, line: 1, column: 1)
        result.opaqueFields = ctx.opaque
        result.diagnostics += ctx.diagnostics
        resolveDatasourceTypes(&result.dashboard, inputs: object["__inputs"])
        return result
    }

    struct Context {
        var offsets: [String: Int]
        var opaque: [String] = []
        var diagnostics: [Diagnostic] = []

        /// `key` of the object at `path` must be a list (Grafana drops what is not): an error
        /// at the value when it is an object, else at the object holding it.
        mutating func requireList(_ o: JSONObject, _ key: String, path: String) {
            guard let v = o[key], v != .null, v.arrayValue == nil else { return }
            let at = path.isEmpty ? key : "\(path).\(key)"
            let offset = offsets[at] ?? offsets[path] ?? 0
            let kind = switch v {
            case .object: "an object"
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            default: "something else"
            }
            diagnostics.append(Diagnostic(id: LoadIssue.dashboardParse.rawValue, message: "\"\(key)\" must be a list, got \(kind) (\(at))", range: PositionRange(start: offset, end: offset + 1)))
        }
    }

    /// Reads typed fields out of an object; what is not read stays in `rest`.
    struct Reader {
        var object: JSONObject
        /// Keys taken (a list: an object has a few, and a set made per object cost more).
        var consumed: [String] = []
        let path: String

        /// Takes `key` when `parse` reads it and `render` writes it back the same.
        mutating func take<T>(_ key: String, _ ctx: inout Context, _ parse: (JSONValue) -> T?, _ render: (T) -> JSONValue) -> T? {
            guard let v = object[key] else { return nil }
            guard let t = parse(v), render(t).semanticallyEquals(v) else {
                ctx.opaque.append(key)
                return nil
            }
            consumed.append(key)
            return t
        }

        mutating func string(_ key: String, _ ctx: inout Context) -> String? { take(key, &ctx, { $0.stringValue }, { .string($0) }) }
        mutating func bool(_ key: String, _ ctx: inout Context) -> Bool? { take(key, &ctx, { $0.boolValue }, { .bool($0) }) }
        mutating func int(_ key: String, _ ctx: inout Context) -> Int? { take(key, &ctx, { $0.intValue }, { .int($0) }) }
        mutating func double(_ key: String, _ ctx: inout Context) -> Double? { take(key, &ctx, { $0.doubleValue }, { .double($0) }) }
        mutating func raw(_ key: String) -> JSONValue? {
            guard let v = object[key] else { return nil }
            consumed.append(key)
            return v
        }
        /// Marks a key handled (its content is read by the caller).
        mutating func consume(_ key: String) { consumed.append(key) }

        var rest: JSONObject { object.removing(consumed) }
    }

    /// Targets whose datasource is a variable (`${DS_LOKI}`, `$loki`) take the type of the
    /// variable (or of the import input) it names, so LogQL is not read as PromQL.
    static func resolveDatasourceTypes(_ d: inout Dashboard, inputs: JSONValue?) {
        var types: [String: String] = [:]
        for v in d.variables ?? [] where v.type == "datasource" {
            if let q = v.query?.stringValue { types[v.name] = q }
        }
        for i in inputs?.arrayValue ?? [] {
            if let name = i["name"]?.stringValue, let plugin = i["pluginId"]?.stringValue { types[name] = plugin }
        }
        func typeOf(_ ds: DatasourceRef?) -> String? {
            guard let ds else { return nil }
            if let t = ds.type { return t }
            guard let uid = ds.uid else { return nil }
            let names = Placeholder.variableNames(in: uid)
            if let n = names.first, let t = types[n] { return t }
            let lower = uid.lowercased()
            if lower.contains("loki") { return "loki" }
            if lower.contains("tempo") { return "tempo" }
            return nil
        }
        func fix(_ p: inout Panel) {
            let panelType = typeOf(p.datasource)
            if var targets = p.targets {
                for i in targets.indices {
                    guard case .prometheus(let expr, let legend, let instant, let range) = targets[i].kind else { continue }
                    let t = typeOf(targets[i].datasource) ?? panelType
                    if t == "loki" {
                        targets[i].kind = .loki(expr: expr, legend: legend)
                        if let instant { targets[i].extra["instant"] = .bool(instant) }
                        if let range { targets[i].extra["range"] = .bool(range) }
                    }
                }
                p.targets = targets
            }
            if var children = p.panels {
                for i in children.indices { fix(&children[i]) }
                p.panels = children
            }
        }
        if var panels = d.panels {
            for i in panels.indices { fix(&panels[i]) }
            d.panels = panels
        }
        if var rows = d.rows {
            for r in rows.indices { for i in rows[r].panels.indices { fix(&rows[r].panels[i]) } }
            d.rows = rows
        }
    }

    static func datasourceRef(_ v: JSONValue) -> DatasourceRef? {
        switch v {
        case .null: return .null
        case .string(let s): return .name(s)
        case .object(let o):
            guard o.keys.allSatisfy({ $0 == "type" || $0 == "uid" }) else { return nil }
            if let t = o["type"], t.stringValue == nil { return nil }
            if let u = o["uid"], u.stringValue == nil { return nil }
            return .ref(type: o["type"]?.stringValue, uid: o["uid"]?.stringValue)
        default: return nil
        }
    }

    static func dashboard(_ o: JSONObject, path: String, ctx: inout Context) -> Dashboard {
        var r = Reader(object: o, path: path)
        var d = Dashboard(title: r.string("title", &ctx) ?? "")
        d.uid = r.string("uid", &ctx)
        d.description = r.string("description", &ctx)
        d.tags = r.take("tags", &ctx, { v in v.arrayValue?.compactMap(\.stringValue).count == v.arrayValue?.count ? v.arrayValue!.compactMap(\.stringValue) : nil }, { .array($0.map { .string($0) }) })
        d.refresh = r.take("refresh", &ctx, { $0.stringValue }, { .string($0) })
        d.timezone = r.string("timezone", &ctx)
        d.editable = r.bool("editable", &ctx)
        d.graphTooltip = r.int("graphTooltip", &ctx)
        d.schemaVersion = r.int("schemaVersion", &ctx)
        if let t = o["time"]?.objectValue {
            r.consume("time")
            var tr = Reader(object: t, path: "time")
            d.timeFrom = tr.string("from", &ctx)
            d.timeTo = tr.string("to", &ctx)
            d.timeExtra = tr.rest
        }
        if let links = o["links"]?.arrayValue {
            let parsed = links.map { link($0, &ctx) }
            if parsed.allSatisfy({ $0 != nil }) {
                r.consume("links")
                d.links = parsed.map { $0! }
            }
        }
        if let a = o["annotations"]?.objectValue {
            r.consume("annotations")
            var ar = Reader(object: a, path: "annotations")
            if let list = a["list"]?.arrayValue {
                let parsed = list.map { annotation($0, &ctx) }
                if parsed.allSatisfy({ $0 != nil }) {
                    ar.consume("list")
                    d.annotations = parsed.map { $0! }
                }
            }
            d.annotationsExtra = ar.rest
        }
        if let t = o["templating"]?.objectValue {
            r.consume("templating")
            var tr = Reader(object: t, path: "templating")
            if let list = t["list"]?.arrayValue {
                let parsed = list.enumerated().map { variable($1, path: "\(path.isEmpty ? "" : path + ".")templating.list[\($0)]", &ctx) }
                if parsed.allSatisfy({ $0 != nil }) {
                    tr.consume("list")
                    d.variables = parsed.map { $0! }
                }
            }
            d.templatingExtra = tr.rest
        }
        let base = path.isEmpty ? "" : path + "."
        ctx.requireList(o, "panels", path: path)
        ctx.requireList(o, "rows", path: path)
        if let panels = o["panels"]?.arrayValue {
            r.consume("panels")
            d.panels = panels.enumerated().map { panel($1, path: "\(base)panels[\($0)]", &ctx) }
        }
        if let rows = o["rows"]?.arrayValue {
            let parsed = rows.enumerated().map { i, v -> LegacyRow? in
                guard let ro = v.objectValue else { return nil }
                var rr = Reader(object: ro, path: "\(base)rows[\(i)]")
                var row = LegacyRow(title: rr.string("title", &ctx), collapse: rr.bool("collapse", &ctx), panels: [])
                ctx.requireList(ro, "panels", path: "\(base)rows[\(i)]")
                if let ps = ro["panels"]?.arrayValue {
                    rr.consume("panels")
                    row.panels = ps.enumerated().map { panel($1, path: "\(base)rows[\(i)].panels[\($0)]", &ctx) }
                } else {
                    rr.consume("panels")
                }
                row.extra = rr.rest
                return row
            }
            if parsed.allSatisfy({ $0 != nil }) {
                r.consume("rows")
                d.rows = parsed.map { $0! }
            }
        }
        d.extra = r.rest
        return d
    }

    static func link(_ v: JSONValue, _ ctx: inout Context) -> DashboardLink? {
        guard let o = v.objectValue, let title = o["title"]?.stringValue else { return nil }
        var r = Reader(object: o, path: "")
        r.consume("title")
        var l = DashboardLink(title: title)
        guard let type = r.string("type", &ctx) else { return nil }
        l.type = type
        l.url = r.string("url", &ctx)
        l.tags = r.take("tags", &ctx, { v in v.arrayValue.flatMap { a in a.allSatisfy { $0.stringValue != nil } ? a.map { $0.stringValue! } : nil } }, { .array($0.map { .string($0) }) })
        l.icon = r.string("icon", &ctx)
        l.tooltip = r.string("tooltip", &ctx)
        l.asDropdown = r.bool("asDropdown", &ctx)
        l.targetBlank = r.bool("targetBlank", &ctx)
        l.includeVars = r.bool("includeVars", &ctx)
        l.keepTime = r.bool("keepTime", &ctx)
        l.extra = r.rest
        return l
    }

    static func annotation(_ v: JSONValue, _ ctx: inout Context) -> AnnotationQuery? {
        guard let o = v.objectValue, let name = o["name"]?.stringValue else { return nil }
        var r = Reader(object: o, path: "")
        r.consume("name")
        var a = AnnotationQuery(name: name)
        a.datasource = r.take("datasource", &ctx, datasourceRef, DashboardRenderer.datasource)
        a.enable = r.bool("enable", &ctx)
        a.hide = r.bool("hide", &ctx)
        a.iconColor = r.string("iconColor", &ctx)
        a.expr = r.string("expr", &ctx)
        a.titleFormat = r.string("titleFormat", &ctx)
        a.textFormat = r.string("textFormat", &ctx)
        a.tagKeys = r.string("tagKeys", &ctx)
        a.step = r.string("step", &ctx)
        a.builtIn = r.int("builtIn", &ctx)
        a.type = r.string("type", &ctx)
        a.extra = r.rest
        return a
    }

    static func variable(_ v: JSONValue, path: String, _ ctx: inout Context) -> Variable? {
        guard let o = v.objectValue, let name = o["name"]?.stringValue, let type = o["type"]?.stringValue else { return nil }
        var r = Reader(object: o, path: path)
        r.consume("name")
        r.consume("type")
        var x = Variable(name: name, type: type)
        x.label = r.take("label", &ctx, { $0.stringValue }, { .string($0) })
        x.description = r.take("description", &ctx, { $0.stringValue }, { .string($0) })
        x.datasource = r.take("datasource", &ctx, datasourceRef, DashboardRenderer.datasource)
        x.query = r.raw("query")
        x.definition = r.string("definition", &ctx)
        x.regex = r.string("regex", &ctx)
        x.multi = r.bool("multi", &ctx)
        x.includeAll = r.bool("includeAll", &ctx)
        x.allValue = r.string("allValue", &ctx)
        x.refresh = r.int("refresh", &ctx)
        x.sort = r.int("sort", &ctx)
        x.hide = r.int("hide", &ctx)
        x.current = r.raw("current")
        x.options = r.take("options", &ctx, { $0.arrayValue }, { .array($0) })
        x.offset = ctx.offsets[path]
        x.extra = r.rest
        return x
    }

    static func thresholds(_ v: JSONValue) -> Thresholds? {
        guard let o = v.objectValue, o.keys.allSatisfy({ $0 == "mode" || $0 == "steps" }),
              let modeText = o["mode"]?.stringValue, let mode = Thresholds.Mode(rawValue: modeText),
              let steps = o["steps"]?.arrayValue else { return nil }
        var out: [ThresholdStep] = []
        for s in steps {
            guard let so = s.objectValue, so.keys.allSatisfy({ $0 == "color" || $0 == "value" }), let color = so["color"]?.stringValue else { return nil }
            switch so["value"] {
            case .some(.null): out.append(ThresholdStep(nil, color))
            case .some(.number(let n)): out.append(ThresholdStep(Double(n), color))
            default: return nil
            }
        }
        return Thresholds(mode: mode, steps: out)
    }

    static func mapping(_ v: JSONValue) -> ValueMapping {
        guard let o = v.objectValue, let type = o["type"]?.stringValue, let opts = o["options"]?.objectValue else { return .other(v) }
        func result(_ r: JSONValue?) -> (String?, String?)? {
            guard let ro = r?.objectValue else { return nil }
            return (ro["text"]?.stringValue, ro["color"]?.stringValue)
        }
        switch type {
        case "value":
            var entries: [(match: String, text: String?, color: String?)] = []
            for (k, rv) in opts.pairs {
                guard let (t, c) = result(rv) else { return .other(v) }
                entries.append((k, t, c))
            }
            return .value(entries)
        case "range":
            guard let (t, c) = result(opts["result"]) else { return .other(v) }
            return .range(from: opts["from"]?.doubleValue, to: opts["to"]?.doubleValue, text: t, color: c)
        case "regex":
            guard let p = opts["pattern"]?.stringValue, let (t, c) = result(opts["result"]) else { return .other(v) }
            return .regex(pattern: p, text: t, color: c)
        case "special":
            guard let m = opts["match"]?.stringValue, let (t, c) = result(opts["result"]) else { return .other(v) }
            return .special(match: m, text: t, color: c)
        default:
            return .other(v)
        }
    }

    static func fieldDefaults(_ o: JSONObject, _ ctx: inout Context) -> FieldDefaults {
        var r = Reader(object: o, path: "")
        var f = FieldDefaults()
        f.unit = r.string("unit", &ctx)
        f.decimals = r.double("decimals", &ctx)
        f.min = r.double("min", &ctx)
        f.max = r.double("max", &ctx)
        f.thresholds = r.take("thresholds", &ctx, thresholds, DashboardRenderer.thresholds)
        f.mappings = r.take("mappings", &ctx, { $0.arrayValue?.map(mapping) }, { .array($0.map(DashboardRenderer.mapping)) })
        f.color = r.raw("color")
        f.custom = r.take("custom", &ctx, { $0.objectValue }, { .object($0) })
        f.displayName = r.string("displayName", &ctx)
        f.noValue = r.string("noValue", &ctx)
        f.links = r.take("links", &ctx, { $0.arrayValue }, { .array($0) })
        f.extra = r.rest
        return f
    }

    static func target(_ v: JSONValue, panelDatasource: DatasourceRef?, _ ctx: inout Context) -> Target? {
        guard let o = v.objectValue else { return nil }
        var r = Reader(object: o, path: "")
        var t = Target(kind: .other)
        t.datasource = r.take("datasource", &ctx, datasourceRef, DashboardRenderer.datasource)
        let dsType = t.datasource?.type ?? panelDatasource?.type
        if let expr = o["expr"]?.stringValue {
            r.consume("expr")
            if dsType == "loki" {
                t.kind = .loki(expr: expr, legend: r.string("legendFormat", &ctx))
            } else {
                t.kind = .prometheus(expr: expr, legend: r.string("legendFormat", &ctx), instant: r.bool("instant", &ctx), range: r.bool("range", &ctx))
            }
        } else if dsType == "tempo", let q = o["query"]?.stringValue {
            r.consume("query")
            t.kind = .tempo(query: q)
        }
        t.refId = r.string("refId", &ctx)
        t.interval = r.string("interval", &ctx)
        t.format = r.string("format", &ctx)
        t.hide = r.bool("hide", &ctx)
        t.extra = r.rest
        return t
    }

    static func panel(_ v: JSONValue, path: String, _ ctx: inout Context) -> Panel {
        guard let o = v.objectValue, let type = o["type"]?.stringValue else {
            // Not a panel object we can read: keep all of it.
            var p = Panel(type: "", extra: v.objectValue ?? JSONObject())
            if v.objectValue == nil { p.extra = ["__opaque": v] }
            p.offset = ctx.offsets[path]
            return p
        }
        var r = Reader(object: o, path: path)
        r.consume("type")
        var p = Panel(type: type)
        p.offset = ctx.offsets[path]
        p.id = r.int("id", &ctx)
        p.title = r.string("title", &ctx)
        p.description = r.string("description", &ctx)
        p.datasource = r.take("datasource", &ctx, datasourceRef, DashboardRenderer.datasource)
        p.interval = r.string("interval", &ctx)
        p.collapsed = r.bool("collapsed", &ctx)
        p.gridPos = r.take("gridPos", &ctx, { v in
            guard let g = v.objectValue, g.count == 4, let x = g["x"]?.intValue, let y = g["y"]?.intValue, let w = g["w"]?.intValue, let h = g["h"]?.intValue else { return nil }
            return GridPos(x: x, y: y, w: w, h: h)
        }, { g in .object(["h": .int(g.h), "w": .int(g.w), "x": .int(g.x), "y": .int(g.y)]) })
        p.options = r.take("options", &ctx, { $0.objectValue }, { .object($0) })
        p.libraryPanel = r.take("libraryPanel", &ctx, { $0.objectValue }, { .object($0) })
        p.links = r.take("links", &ctx, { v -> [PanelLink]? in
            guard let a = v.arrayValue else { return nil }
            var out: [PanelLink] = []
            for e in a {
                guard let lo = e.objectValue, let title = lo["title"]?.stringValue, let url = lo["url"]?.stringValue else { return nil }
                var l = PanelLink(title: title, url: url, targetBlank: lo["targetBlank"]?.boolValue)
                l.extra = lo.removing(["title", "url", "targetBlank"])
                if lo["targetBlank"] != nil, lo["targetBlank"]?.boolValue == nil { return nil }
                out.append(l)
            }
            return out
        }, { .array($0.map { l in
            var lo = JSONObject()
            if let tb = l.targetBlank { lo["targetBlank"] = .bool(tb) }
            lo["title"] = .string(l.title)
            lo["url"] = .string(l.url)
            for (k, v) in l.extra.pairs { lo[k] = v }
            return .object(lo)
        } ) })
        if let fc = o["fieldConfig"]?.objectValue {
            r.consume("fieldConfig")
            var fr = Reader(object: fc, path: path + ".fieldConfig")
            if let defaults = fc["defaults"]?.objectValue {
                fr.consume("defaults")
                p.fieldDefaults = fieldDefaults(defaults, &ctx)
            }
            p.overrides = fr.take("overrides", &ctx, { $0.arrayValue }, { .array($0) })
            p.fieldConfigExtra = fr.rest
        }
        if let targets = o["targets"]?.arrayValue {
            let parsed = targets.map { target($0, panelDatasource: p.datasource, &ctx) }
            if parsed.allSatisfy({ $0 != nil }) {
                r.consume("targets")
                p.targets = parsed.map { $0! }
            }
        }
        ctx.requireList(o, "panels", path: path)
        ctx.requireList(o, "targets", path: path)
        if let children = o["panels"]?.arrayValue {
            r.consume("panels")
            p.panels = children.enumerated().map { panel($1, path: "\(path).panels[\($0)]", &ctx) }
        }
        p.extra = r.rest
        return p
    }
}
