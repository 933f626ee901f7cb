/// Dashboards to Grafana's classic JSON model (schemaVersion 42 for what obsgen builds), with
/// a stable key order; fields kept opaque on load are written back after the modeled ones.
public enum DashboardRenderer {
    public static let schemaVersion = 42

    public static func render(_ d: Dashboard) -> String {
        var w = DashboardStreamWriter()
        w.dashboard(d)
        w.out.append(0x0A)
        return String(decoding: w.out, as: UTF8.self)
    }

    /// The same JSON through a JSON tree (for loaded dashboards and tests).
    public static func renderTree(_ d: Dashboard) -> String {
        JSONWriter.write(.object(object(d)))
    }

    /// The import-API envelope: `{"dashboard": …, "folderUid": …, "overwrite": true}`.
    public static func importEnvelope(_ d: Dashboard, folderUID: String? = nil) -> String {
        var o = JSONObject()
        o.append("dashboard", .object(object(d)))
        if let folderUID { o.append("folderUid", .string(folderUID)) }
        o.append("overwrite", .bool(true))
        return JSONWriter.write(.object(o))
    }

    public static func object(_ d: Dashboard) -> JSONObject {
        var o = JSONObject()
        if let a = d.annotations {
            var ao = JSONObject()
            ao["list"] = .array(a.map { .object(annotation($0)) })
            for (k, v) in d.annotationsExtra.pairs { ao[k] = v }
            o.append("annotations", .object(ao))
        } else if !d.annotationsExtra.isEmpty {
            o.append("annotations", .object(d.annotationsExtra))
        }
        o.append("description", d.description.map { .string($0) })
        o.append("editable", d.editable.map { .bool($0) })
        o.append("graphTooltip", d.graphTooltip.map { .int($0) })
        o.append("links", d.links.map { .array($0.map { .object(link($0)) }) })
        o.append("panels", d.panels.map { .array($0.map { .object(panel($0)) }) })
        o.append("refresh", d.refresh.map { .string($0) })
        o.append("rows", d.rows.map { .array($0.map { .object(row($0)) }) })
        o.append("schemaVersion", d.schemaVersion.map { .int($0) })
        o.append("tags", d.tags.map { .array($0.map { .string($0) }) })
        if let v = d.variables {
            var t = JSONObject()
            t["list"] = .array(v.map { .object(variable($0)) })
            for (k, val) in d.templatingExtra.pairs { t[k] = val }
            o.append("templating", .object(t))
        } else if !d.templatingExtra.isEmpty {
            o.append("templating", .object(d.templatingExtra))
        }
        if d.timeFrom != nil || d.timeTo != nil || !d.timeExtra.isEmpty {
            var t = JSONObject()
            t.append("from", d.timeFrom.map { .string($0) })
            t.append("to", d.timeTo.map { .string($0) })
            for (k, v) in d.timeExtra.pairs { t[k] = v }
            o.append("time", .object(t))
        }
        o.append("timezone", d.timezone.map { .string($0) })
        o.append("title", .string(d.title))
        o.append("uid", d.uid.map { .string($0) })
        o.merge(missingFrom: d.extra)
        return o
    }

    public static func datasource(_ ds: DatasourceRef) -> JSONValue {
        switch ds {
        case .null: return .null
        case .name(let n): return .string(n)
        case .ref(let type, let uid):
            var o = JSONObject()
            o.append("type", type.map { .string($0) })
            o.append("uid", uid.map { .string($0) })
            return .object(o)
        }
    }

    static func thresholds(_ t: Thresholds) -> JSONValue {
        .object([
            "mode": .string(t.mode.rawValue),
            "steps": .array(t.steps.map { s in .object(["color": .string(s.color), "value": s.value.map { JSONValue.double($0) } ?? .null]) }),
        ])
    }

    static func mapping(_ m: ValueMapping) -> JSONValue {
        func result(_ text: String?, _ color: String?, index: Int? = nil) -> JSONValue {
            var r = JSONObject()
            r.append("color", color.map { .string($0) })
            r.append("index", index.map { .int($0) })
            r.append("text", text.map { .string($0) })
            return .object(r)
        }
        switch m {
        case .value(let entries):
            var opts = JSONObject()
            for (i, e) in entries.enumerated() { opts[e.match] = result(e.text, e.color, index: i) }
            return .object(["options": .object(opts), "type": .string("value")])
        case .range(let from, let to, let text, let color):
            return .object(["options": .object(["from": from.map { .double($0) } ?? .null, "result": result(text, color, index: 0), "to": to.map { .double($0) } ?? .null]), "type": .string("range")])
        case .regex(let pattern, let text, let color):
            return .object(["options": .object(["pattern": .string(pattern), "result": result(text, color, index: 0)]), "type": .string("regex")])
        case .special(let match, let text, let color):
            return .object(["options": .object(["match": .string(match), "result": result(text, color, index: 0)]), "type": .string("special")])
        case .other(let j):
            return j
        }
    }

    static func fieldDefaults(_ f: FieldDefaults) -> JSONObject {
        var o = JSONObject()
        o.append("color", f.color)
        o.append("custom", f.custom.map { .object($0) })
        o.append("decimals", f.decimals.map { .double($0) })
        o.append("displayName", f.displayName.map { .string($0) })
        o.append("links", f.links.map { .array($0) })
        o.append("mappings", f.mappings.map { .array($0.map(mapping)) })
        o.append("max", f.max.map { .double($0) })
        o.append("min", f.min.map { .double($0) })
        o.append("noValue", f.noValue.map { .string($0) })
        o.append("thresholds", f.thresholds.map(thresholds))
        o.append("unit", f.unit.map { .string($0) })
        o.merge(missingFrom: f.extra)
        return o
    }

    public static func panel(_ p: Panel) -> JSONObject {
        var o = JSONObject()
        o.append("collapsed", p.collapsed.map { .bool($0) })
        o.append("datasource", p.datasource.map(datasource))
        o.append("description", p.description.map { .string($0) })
        if p.fieldDefaults != nil || p.overrides != nil || !p.fieldConfigExtra.isEmpty {
            var fc = JSONObject()
            fc.append("defaults", p.fieldDefaults.map { .object(fieldDefaults($0)) })
            fc.append("overrides", p.overrides.map { .array($0) })
            fc.merge(missingFrom: p.fieldConfigExtra)
            o.append("fieldConfig", .object(fc))
        }
        if let g = p.gridPos { o.append("gridPos", .object(["h": .int(g.h), "w": .int(g.w), "x": .int(g.x), "y": .int(g.y)])) }
        o.append("id", p.id.map { .int($0) })
        o.append("interval", p.interval.map { .string($0) })
        o.append("libraryPanel", p.libraryPanel.map { .object($0) })
        o.append("links", p.links.map { .array($0.map { l in
            var lo = JSONObject()
            if let tb = l.targetBlank { lo.append("targetBlank", .bool(tb)) }
            lo.append("title", .string(l.title))
            lo.append("url", .string(l.url))
            lo.merge(missingFrom: l.extra)
            return .object(lo)
        } ) })
        o.append("options", p.options.map { .object($0) })
        o.append("panels", p.panels.map { .array($0.map { .object(panel($0)) }) })
        o.append("targets", p.targets.map { .array($0.map { .object(target($0)) }) })
        o.append("title", p.title.map { .string($0) })
        if !p.type.isEmpty { o.append("type", .string(p.type)) }
        o.merge(missingFrom: p.extra)
        return o
    }

    static func target(_ t: Target) -> JSONObject {
        var o = JSONObject()
        o.append("datasource", t.datasource.map(datasource))
        switch t.kind {
        case .prometheus(let expr, let legend, let instant, let range):
            o.append("expr", .string(expr))
            o.append("instant", instant.map { .bool($0) })
            o.append("legendFormat", legend.map { .string($0) })
            o.append("range", range.map { .bool($0) })
        case .loki(let expr, let legend):
            o.append("expr", .string(expr))
            o.append("legendFormat", legend.map { .string($0) })
        case .tempo(let q):
            o.append("query", .string(q))
        case .other:
            break
        }
        o.append("format", t.format.map { .string($0) })
        o.append("hide", t.hide.map { .bool($0) })
        o.append("interval", t.interval.map { .string($0) })
        o.append("refId", t.refId.map { .string($0) })
        o.merge(missingFrom: t.extra)
        return o
    }

    static func row(_ r: LegacyRow) -> JSONObject {
        var o = JSONObject()
        o.append("collapse", r.collapse.map { .bool($0) })
        o.append("panels", .array(r.panels.map { .object(panel($0)) }))
        o.append("title", r.title.map { .string($0) })
        o.merge(missingFrom: r.extra)
        return o
    }

    static func variable(_ v: Variable) -> JSONObject {
        var o = JSONObject()
        o.append("allValue", v.allValue.map { .string($0) })
        o.append("current", v.current)
        o.append("datasource", v.datasource.map(datasource))
        o.append("definition", v.definition.map { .string($0) })
        o.append("description", v.description.map { .string($0) })
        o.append("hide", v.hide.map { .int($0) })
        o.append("includeAll", v.includeAll.map { .bool($0) })
        o.append("label", v.label.map { .string($0) })
        o.append("multi", v.multi.map { .bool($0) })
        o.append("name", .string(v.name))
        o.append("options", v.options.map { .array($0) })
        o.append("query", v.query)
        o.append("refresh", v.refresh.map { .int($0) })
        o.append("regex", v.regex.map { .string($0) })
        o.append("sort", v.sort.map { .int($0) })
        o.append("type", .string(v.type))
        o.merge(missingFrom: v.extra)
        return o
    }

    static func annotation(_ a: AnnotationQuery) -> JSONObject {
        var o = JSONObject()
        o.append("builtIn", a.builtIn.map { .int($0) })
        o.append("datasource", a.datasource.map(datasource))
        o.append("enable", a.enable.map { .bool($0) })
        o.append("expr", a.expr.map { .string($0) })
        o.append("hide", a.hide.map { .bool($0) })
        o.append("iconColor", a.iconColor.map { .string($0) })
        o.append("name", .string(a.name))
        o.append("step", a.step.map { .string($0) })
        o.append("tagKeys", a.tagKeys.map { .string($0) })
        o.append("textFormat", a.textFormat.map { .string($0) })
        o.append("titleFormat", a.titleFormat.map { .string($0) })
        o.append("type", a.type.map { .string($0) })
        o.merge(missingFrom: a.extra)
        return o
    }

    static func link(_ l: DashboardLink) -> JSONObject {
        var o = JSONObject()
        o.append("asDropdown", l.asDropdown.map { .bool($0) })
        o.append("icon", l.icon.map { .string($0) })
        o.append("includeVars", l.includeVars.map { .bool($0) })
        o.append("keepTime", l.keepTime.map { .bool($0) })
        o.append("tags", l.tags.map { .array($0.map { .string($0) }) })
        o.append("targetBlank", l.targetBlank.map { .bool($0) })
        o.append("title", .string(l.title))
        o.append("tooltip", l.tooltip.map { .string($0) })
        o.append("type", .string(l.type))
        o.append("url", l.url.map { .string($0) })
        o.merge(missingFrom: l.extra)
        return o
    }
}
