/// Building a declared dashboard into the model Grafana reads: the datasource variable, stable
/// panel ids, the layout on the 24-column grid, each kind's defaults (Render/PanelDefaults.swift),
/// thresholds from the alerts panels mirror and links to their runbooks.
extension DashboardSpec {
    public struct BuildError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var site: DeclarationSite
        public var description: String { "\(site): error: \(message)" }
    }

    /// Builds the model: datasource variable, stable ids, automatic layout on Grafana's
    /// 24-column grid (explicit positions kept; overlaps are errors), kind options.
    /// `alerts`: the project's alerts by name, for `thresholds(from:)` and `runbookLink(_:)`.
    public func build(alerts: [String: AlertRule] = [:]) throws(BuildError) -> Dashboard {
        var variables: [Variable] = []
        var annotations: [AnnotationQuery] = [
            AnnotationQuery(name: "Annotations & Alerts", datasource: .ref(type: "grafana", uid: "-- Grafana --"), enable: true, hide: true,
                            iconColor: "rgba(0, 211, 255, 1)", builtIn: 1, type: "dashboard"),
        ]
        var links: [DashboardLink] = []
        // One pass over the items (by index: items are read in place, not copied): variables,
        // annotations, links, and the panels' datasource types and explicit ids (each once).
        var neededTypes: [String] = []
        var usedIDs = Set<Int>()
        func survey(_ p: borrowing PanelSpec) throws(BuildError) {
            if p.fixedDatasource == nil, let t = p.kind.datasourceType, !neededTypes.contains(t) { neededTypes.append(t) }
            if let id = p.id, !usedIDs.insert(id).inserted {
                throw BuildError(message: "panel id \(id) is used twice in dashboard \"\(title)\"", site: p.site)
            }
        }
        for i in items.indices {
            switch items[i] {
            case .panel(let p): try survey(p)
            case .row(let r): for j in r.panels.indices { try survey(r.panels[j]) }
            case .variable(let v): variables.append(v)
            case .annotation(let a): annotations.append(a)
            case .link(let l): links.append(l)
            }
        }
        // Every datasource type a panel uses gets a variable, unless one was declared.
        if annotations.count > 1, !neededTypes.contains("prometheus") { neededTypes.insert("prometheus", at: 0) }
        var dsVariables: [String: String] = [:]
        for v in variables where v.type == "datasource" { if let q = v.query?.stringValue { dsVariables[q] = v.name } }
        var added: [Variable] = []
        for t in neededTypes where dsVariables[t] == nil {
            let name = t == "prometheus" ? "datasource" : t
            added.append(datasourceVariable(name, type: t, label: t == "prometheus" ? "Data source" : "\(t.capitalized) data source"))
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

        func makePanel(_ spec: borrowing PanelSpec) throws(BuildError) -> Panel {
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
            return try panelModel(spec, id: takeID(spec.id), gridPos: pos, datasourceVariables: dsVariables, alerts: alerts)
        }

        var panels: [Panel] = []
        panels.reserveCapacity(items.count)
        for i in items.indices {
            switch items[i] {
            case .panel(let p):
                panels.append(try makePanel(p))
            case .row(let r):
                let rowPos = layout.placeRow()
                var row = Panel(id: takeID(nil), type: "row", title: r.title, gridPos: rowPos, collapsed: r.collapsed, panels: [], site: r.site)
                if r.collapsed {
                    // A collapsed row keeps its panels inside; they take no room on the page.
                    var inner = GridLayout(top: rowPos.y + 1)
                    swap(&layout, &inner)
                    var children: [Panel] = []
                    for j in r.panels.indices { children.append(try makePanel(r.panels[j])) }
                    swap(&layout, &inner)
                    row.panels = children
                    panels.append(row)
                } else {
                    panels.append(row)
                    for j in r.panels.indices { panels.append(try makePanel(r.panels[j])) }
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

    private static let codeEditor: JSONObject = ["editorMode": .string("code")]

    /// The extras every link obsgen writes carries (as Grafana's editor saves them).
    private static func linkExtra(_ title: String) -> JSONObject {
        ["asDropdown": .bool(false), "icon": .string("doc"), "includeVars": .bool(false), "keepTime": .bool(false),
         "tags": .array([]), "tooltip": .string(title), "type": .string("link")]
    }

    func panelModel(_ s: borrowing PanelSpec, id: Int, gridPos: GridPos, datasourceVariables: [String: String], alerts: [String: AlertRule]) throws(BuildError) -> Panel {
        var ds: DatasourceRef?
        if let fixed = s.fixedDatasource {
            ds = fixed
        } else if let t = s.kind.datasourceType {
            ds = .ref(type: t, uid: "${\(datasourceVariables[t] ?? "datasource")}")
        }
        // A target names no datasource: Grafana runs a target without one on the panel's
        // (PanelQueryRunner, SceneQueryRunner: `if (!query.datasource) query.datasource = ds.getRef()`),
        // and every target obsgen builds reads the panel's.
        let targets: [Target] = s.queries.enumerated().map { i, q in
            let ref = i < 26 ? Self.refIDs[i] : "Q\(i)"
            // The query editors open a target with an expression in code mode when it names no
            // mode (`getDefaultEditorMode`), so `editorMode: code` is written for an empty one only.
            let extra: JSONObject = q.expr.isEmpty ? Self.codeEditor : JSONObject()
            switch q.language {
            case .promQL:
                // Neither `instant` nor `range` is a range query (promlib's query parsing, and
                // the query editor's `getQueryWithDefaults`); one said is written as before.
                return Target(refId: ref, kind: .prometheus(expr: q.expr, legend: q.legend ?? "__auto", instant: q.instantSetting, range: q.instantSetting.map { !$0 }),
                              interval: q.minInterval, format: q.format?.rawValue, extra: extra)
            case .logQL:
                // No `queryType` is a range query for Loki (`getNormalizedLokiQuery`, `getQueryWithDefaults`).
                return Target(refId: ref, kind: .loki(expr: q.expr, legend: q.legend), extra: extra)
            case .traceQL:
                return Target(refId: ref, kind: .tempo(query: q.expr), extra: ["filters": .array([]), "limit": .int(20), "queryType": .string("traceql")])
            }
        }
        let alert = s.mirrorsAlert.flatMap { alerts[$0] }
        var thresholds = s.thresholds
        if thresholds == nil, let alert { thresholds = PanelSpec.thresholds(for: alert) }
        let hasFieldConfig = s.kind.hasFieldConfig
        var defaults: FieldDefaults?
        if hasFieldConfig {
            // Value mappings only when declared (an empty list too): Grafana's default is none.
            var f = FieldDefaults(unit: s.unit?.rawValue, decimals: s.decimals, min: s.min, max: s.max,
                                  thresholds: thresholds ?? Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(80, "red")]),
                                  mappings: s.mappings)
            f.color = PanelOptions.color(s.kind)
            f.custom = PanelOptions.custom(s.kind, showThresholds: thresholds != nil)
            defaults = f
        }
        var links: [PanelLink] = []
        if !s.links.isEmpty { links.reserveCapacity(s.links.count) }
        for l in s.links {
            switch l.target {
            case .url(let url):
                links.append(PanelLink(title: l.title, url: url, targetBlank: true, extra: Self.linkExtra(l.title)))
            case .runbook(let name):
                guard let url = alerts[name]?.annotations.runbookURL else {
                    throw BuildError(message: "panel \"\(s.title)\" links to the runbook of alert \"\(name)\", which has no runbook_url "
                                         + "(the project needs a runbookBaseURL or the alert a runbookURL)", site: s.site)
                }
                links.append(PanelLink(title: l.title, url: url, targetBlank: true, extra: Self.linkExtra(l.title)))
            }
        }
        return Panel(
            id: id, type: s.kind.pluginID, title: s.title, description: s.description, datasource: ds,
            targets: targets.isEmpty ? nil : targets, gridPos: gridPos, fieldDefaults: defaults, overrides: hasFieldConfig ? (s.overrides ?? []) : nil,
            options: PanelOptions.options(s), links: links.isEmpty ? nil : links, extra: s.fields, mirrorsAlert: s.mirrorsAlert, site: s.site)
    }
}

extension PanelSpec {
    /// Threshold steps from an alert: its ladder, or the number its expression compares with.
    public static func thresholds(for alert: AlertRule) -> Thresholds? {
        if !alert.severities.isEmpty {
            let above = alert.severities.filter { $0.comparison == .above || $0.comparison == .aboveOrEqual }.sorted { $0.threshold < $1.threshold }
            if !above.isEmpty {
                return Thresholds(steps: [ThresholdStep(nil, "green")] + above.map { ThresholdStep($0.threshold, $0.severity.color) })
            }
            let below = alert.severities.sorted { $0.threshold < $1.threshold }
            return Thresholds(steps: [ThresholdStep(nil, below.first!.severity.color)] + below.dropFirst().map { ThresholdStep($0.threshold, "orange") } + [ThresholdStep(below.last!.threshold, "green")])
        }
        guard let e = try? PromQL.parse(alert.expr, options: .allFeatures), case .binary(let b) = e.unparenthesized,
              b.op.isComparison, case .number(let n) = b.rhs.unparenthesized else { return nil }
        let sev = AlertSeverity(rawValue: alert.labels["severity"] ?? "critical")
        switch b.op {
        case .gtr, .gte: return Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(n.value, sev.color)])
        case .lss, .lte: return Thresholds(steps: [ThresholdStep(nil, sev.color), ThresholdStep(n.value, "green")])
        default: return nil
        }
    }
}
