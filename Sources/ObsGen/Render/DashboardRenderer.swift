/// Dashboards to Grafana's classic JSON model (schemaVersion 42 for what obsgen builds), with
/// a stable key order; fields kept opaque on load are written back after the modeled ones.
public enum DashboardRenderer {
    public static let schemaVersion = 42

    public static func render(_ d: Dashboard) -> String {
        JSONWriter.write(.object(object(d)))
    }

    /// The import-API envelope: `{"dashboard": …, "folderUid": …, "overwrite": true}`.
    public static func importEnvelope(_ d: Dashboard, folderUID: String? = nil) -> String {
        var o = JSONObject()
        o["dashboard"] = .object(object(d))
        if let folderUID { o["folderUid"] = .string(folderUID) }
        o["overwrite"] = .bool(true)
        return JSONWriter.write(.object(o))
    }

    public static func object(_ d: Dashboard) -> JSONObject {
        var o = JSONObject()
        if let a = d.annotations {
            var ao = JSONObject()
            ao["list"] = .array(a.map { .object(annotation($0)) })
            for (k, v) in d.annotationsExtra.pairs { ao[k] = v }
            o["annotations"] = .object(ao)
        } else if !d.annotationsExtra.isEmpty {
            o["annotations"] = .object(d.annotationsExtra)
        }
        o.set("description", d.description.map { .string($0) })
        o.set("editable", d.editable.map { .bool($0) })
        o.set("graphTooltip", d.graphTooltip.map { .int($0) })
        o.set("links", d.links.map { .array($0.map { .object(link($0)) }) })
        o.set("panels", d.panels.map { .array($0.map { .object(panel($0)) }) })
        o.set("refresh", d.refresh.map { .string($0) })
        o.set("rows", d.rows.map { .array($0.map { .object(row($0)) }) })
        o.set("schemaVersion", d.schemaVersion.map { .int($0) })
        o.set("tags", d.tags.map { .array($0.map { .string($0) }) })
        if let v = d.variables {
            var t = JSONObject()
            t["list"] = .array(v.map { .object(variable($0)) })
            for (k, val) in d.templatingExtra.pairs { t[k] = val }
            o["templating"] = .object(t)
        } else if !d.templatingExtra.isEmpty {
            o["templating"] = .object(d.templatingExtra)
        }
        if d.timeFrom != nil || d.timeTo != nil || !d.timeExtra.isEmpty {
            var t = JSONObject()
            t.set("from", d.timeFrom.map { .string($0) })
            t.set("to", d.timeTo.map { .string($0) })
            for (k, v) in d.timeExtra.pairs { t[k] = v }
            o["time"] = .object(t)
        }
        o.set("timezone", d.timezone.map { .string($0) })
        o["title"] = .string(d.title)
        o.set("uid", d.uid.map { .string($0) })
        for (k, v) in d.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }

    public static func datasource(_ ds: DatasourceRef) -> JSONValue {
        switch ds {
        case .null: return .null
        case .name(let n): return .string(n)
        case .ref(let type, let uid):
            var o = JSONObject()
            o.set("type", type.map { .string($0) })
            o.set("uid", uid.map { .string($0) })
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
            r.set("color", color.map { .string($0) })
            r.set("index", index.map { .int($0) })
            r.set("text", text.map { .string($0) })
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
        o.set("color", f.color)
        o.set("custom", f.custom.map { .object($0) })
        o.set("decimals", f.decimals.map { .double($0) })
        o.set("displayName", f.displayName.map { .string($0) })
        o.set("links", f.links.map { .array($0) })
        o.set("mappings", f.mappings.map { .array($0.map(mapping)) })
        o.set("max", f.max.map { .double($0) })
        o.set("min", f.min.map { .double($0) })
        o.set("noValue", f.noValue.map { .string($0) })
        o.set("thresholds", f.thresholds.map(thresholds))
        o.set("unit", f.unit.map { .string($0) })
        for (k, v) in f.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }

    public static func panel(_ p: Panel) -> JSONObject {
        var o = JSONObject()
        o.set("collapsed", p.collapsed.map { .bool($0) })
        o.set("datasource", p.datasource.map(datasource))
        o.set("description", p.description.map { .string($0) })
        if p.fieldDefaults != nil || p.overrides != nil || !p.fieldConfigExtra.isEmpty {
            var fc = JSONObject()
            fc.set("defaults", p.fieldDefaults.map { .object(fieldDefaults($0)) })
            fc.set("overrides", p.overrides.map { .array($0) })
            for (k, v) in p.fieldConfigExtra.pairs where fc[k] == nil { fc[k] = v }
            o["fieldConfig"] = .object(fc)
        }
        if let g = p.gridPos { o["gridPos"] = .object(["h": .int(g.h), "w": .int(g.w), "x": .int(g.x), "y": .int(g.y)]) }
        o.set("id", p.id.map { .int($0) })
        o.set("interval", p.interval.map { .string($0) })
        o.set("libraryPanel", p.libraryPanel.map { .object($0) })
        o.set("links", p.links.map { .array($0.map { l in
            var lo = JSONObject()
            if let tb = l.targetBlank { lo["targetBlank"] = .bool(tb) }
            lo["title"] = .string(l.title)
            lo["url"] = .string(l.url)
            for (k, v) in l.extra.pairs where lo[k] == nil { lo[k] = v }
            return .object(lo)
        } ) })
        o.set("options", p.options.map { .object($0) })
        o.set("panels", p.panels.map { .array($0.map { .object(panel($0)) }) })
        o.set("targets", p.targets.map { .array($0.map { .object(target($0)) }) })
        o.set("title", p.title.map { .string($0) })
        if !p.type.isEmpty { o["type"] = .string(p.type) }
        for (k, v) in p.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }

    static func target(_ t: Target) -> JSONObject {
        var o = JSONObject()
        o.set("datasource", t.datasource.map(datasource))
        switch t.kind {
        case .prometheus(let expr, let legend, let instant, let range):
            o["expr"] = .string(expr)
            o.set("instant", instant.map { .bool($0) })
            o.set("legendFormat", legend.map { .string($0) })
            o.set("range", range.map { .bool($0) })
        case .loki(let expr, let legend):
            o["expr"] = .string(expr)
            o.set("legendFormat", legend.map { .string($0) })
        case .tempo(let q):
            o["query"] = .string(q)
        case .other:
            break
        }
        o.set("format", t.format.map { .string($0) })
        o.set("hide", t.hide.map { .bool($0) })
        o.set("interval", t.interval.map { .string($0) })
        o.set("refId", t.refId.map { .string($0) })
        for (k, v) in t.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }

    static func row(_ r: LegacyRow) -> JSONObject {
        var o = JSONObject()
        o.set("collapse", r.collapse.map { .bool($0) })
        o["panels"] = .array(r.panels.map { .object(panel($0)) })
        o.set("title", r.title.map { .string($0) })
        for (k, v) in r.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }

    static func variable(_ v: Variable) -> JSONObject {
        var o = JSONObject()
        o.set("allValue", v.allValue.map { .string($0) })
        o.set("current", v.current)
        o.set("datasource", v.datasource.map(datasource))
        o.set("definition", v.definition.map { .string($0) })
        o.set("description", v.description.map { .string($0) })
        o.set("hide", v.hide.map { .int($0) })
        o.set("includeAll", v.includeAll.map { .bool($0) })
        o.set("label", v.label.map { .string($0) })
        o.set("multi", v.multi.map { .bool($0) })
        o["name"] = .string(v.name)
        o.set("options", v.options.map { .array($0) })
        o.set("query", v.query)
        o.set("refresh", v.refresh.map { .int($0) })
        o.set("regex", v.regex.map { .string($0) })
        o.set("sort", v.sort.map { .int($0) })
        o["type"] = .string(v.type)
        for (k, val) in v.extra.pairs where o[k] == nil { o[k] = val }
        return o
    }

    static func annotation(_ a: AnnotationQuery) -> JSONObject {
        var o = JSONObject()
        o.set("builtIn", a.builtIn.map { .int($0) })
        o.set("datasource", a.datasource.map(datasource))
        o.set("enable", a.enable.map { .bool($0) })
        o.set("expr", a.expr.map { .string($0) })
        o.set("hide", a.hide.map { .bool($0) })
        o.set("iconColor", a.iconColor.map { .string($0) })
        o["name"] = .string(a.name)
        o.set("step", a.step.map { .string($0) })
        o.set("tagKeys", a.tagKeys.map { .string($0) })
        o.set("textFormat", a.textFormat.map { .string($0) })
        o.set("titleFormat", a.titleFormat.map { .string($0) })
        o.set("type", a.type.map { .string($0) })
        for (k, v) in a.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }

    static func link(_ l: DashboardLink) -> JSONObject {
        var o = JSONObject()
        o.set("asDropdown", l.asDropdown.map { .bool($0) })
        o.set("icon", l.icon.map { .string($0) })
        o.set("includeVars", l.includeVars.map { .bool($0) })
        o.set("keepTime", l.keepTime.map { .bool($0) })
        o.set("tags", l.tags.map { .array($0.map { .string($0) }) })
        o.set("targetBlank", l.targetBlank.map { .bool($0) })
        o["title"] = .string(l.title)
        o.set("tooltip", l.tooltip.map { .string($0) })
        o["type"] = .string(l.type)
        o.set("url", l.url.map { .string($0) })
        for (k, v) in l.extra.pairs where o[k] == nil { o[k] = v }
        return o
    }
}
