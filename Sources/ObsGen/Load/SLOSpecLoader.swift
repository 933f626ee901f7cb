import Foundation

/// SLO spec files read into the model: Sloth's `prometheus/v1` spec, its Kubernetes
/// `PrometheusServiceLevel` (`sloth.slok.dev/v1`) and OpenSLO `v1alpha` SLO documents, one or
/// more per file (`---` between documents). Everything wrong is a located diagnostic.
public struct LoadedSLOSpec: Sendable {
    public var path: String
    public var source: SourceText
    /// The SLOs of every document, in file order.
    public var slos: [SLO]
    /// `metadata.name` of a `PrometheusServiceLevel` (the PrometheusRule Sloth writes has it).
    public var resourceName: String?
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

public enum SLOSpecLoader {
    /// The key names of one spec flavour (snake case in `prometheus/v1`, camel case in the
    /// Kubernetes resource).
    struct Keys {
        var errorQuery, totalQuery, errorRatioQuery, pageAlert, ticketAlert, sloPlugins: String
        static let prometheus = Keys(errorQuery: "error_query", totalQuery: "total_query", errorRatioQuery: "error_ratio_query",
                                     pageAlert: "page_alert", ticketAlert: "ticket_alert", sloPlugins: "slo_plugins")
        static let kubernetes = Keys(errorQuery: "errorQuery", totalQuery: "totalQuery", errorRatioQuery: "errorRatioQuery",
                                     pageAlert: "pageAlert", ticketAlert: "ticketAlert", sloPlugins: "sloPlugins")
    }

    /// Reads a spec file; `period` is the SLO period (Sloth's `--default-slo-period`), which
    /// these specs do not carry.
    public static func load(path: String, period: PromDuration = .days(30)) -> LoadedSLOSpec {
        switch YAMLSource.readInput(path) {
        case .success(let input):
            var l = load(text: input.text, path: path, period: period)
            l.diagnostics = input.problems + l.diagnostics
            return l
        case .failure(let d):
            return LoadedSLOSpec(path: path, source: SourceText(name: path, text: ""), slos: [], diagnostics: [d])
        }
    }

    public static func load(text: String, path: String, period: PromDuration = .days(30)) -> LoadedSLOSpec {
        let source = SourceText(name: path, text: text)
        var result = LoadedSLOSpec(path: path, source: source, slos: [], diagnostics: [])
        let documents = documentTexts(text)
        if documents.isEmpty {
            result.diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "empty file: expected an SLO spec (version: \"prometheus/v1\")", range: .zero))
        }
        for doc in documents {
            // Each document is read on its own, the others blanked: positions stay the file's.
            var y = YAMLSource(path: path, text: doc)
            if let root = y.root {
                loadDocument(root, &y, period: period, into: &result)
            }
            result.diagnostics += y.diagnostics
        }
        var seen: [String: SLO] = [:]
        for slo in result.slos {
            if let first = seen[slo.id] {
                result.diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue,
                                                     message: "SLO \"\(slo.name)\" of service \"\(slo.service)\" is declared twice (first at line \(first.site.line))",
                                                     range: range(of: slo.site, in: source)))
            } else {
                seen[slo.id] = slo
            }
        }
        return result
    }

    /// SLOs declared in several files once each: the second declaration of an id is an error
    /// at its place (Sloth refuses them too).
    public static func checkDuplicates(_ specs: inout [LoadedSLOSpec]) {
        var seen: [String: (path: String, line: Int)] = [:]
        for k in specs.indices {
            var local: Set<String> = []
            for slo in specs[k].slos {
                if let first = seen[slo.id], !local.contains(slo.id) {
                    specs[k].diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue,
                                                           message: "SLO \"\(slo.name)\" of service \"\(slo.service)\" is already declared at \(first.path):\(first.line)",
                                                           range: range(of: slo.site, in: specs[k].source)))
                } else if seen[slo.id] == nil {
                    seen[slo.id] = (specs[k].path, slo.site.line)
                }
                local.insert(slo.id)
            }
        }
    }

    static func range(of site: DeclarationSite, in source: SourceText) -> PositionRange {
        let start = source.utf8Offset(line: site.line, scalarColumn: site.column)
        return PositionRange(start: start, end: start + 1)
    }

    /// The file's YAML documents, each as the whole file with everything outside it blanked
    /// (spaces; line breaks kept), so that a document's offsets, lines and columns are the
    /// file's. Documents holding nothing but comments and blank lines are left out.
    static func documentTexts(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var starts: [Int] = [0]   // byte offsets where documents start (after a `---` line)
        var markers: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            var e = i
            while e < bytes.count, bytes[e] != 0x0A { e += 1 }
            if e - i >= 3, bytes[i] == 0x2D, bytes[i + 1] == 0x2D, bytes[i + 2] == 0x2D, e - i == 3 || bytes[i + 3] == 0x20 || bytes[i + 3] == 0x0D || bytes[i + 3] == 0x09 {
                markers.append(i..<e)
                starts.append(min(e + 1, bytes.count))
            }
            i = e + 1
        }
        var out: [String] = []
        for (k, start) in starts.enumerated() {
            let end = k < markers.count ? markers[k].lowerBound : bytes.count
            let body = bytes[start..<max(start, end)]
            guard hasContent(body) else { continue }
            var doc = bytes
            for j in doc.indices where (j < start || j >= end) && doc[j] != 0x0A { doc[j] = 0x20 }
            out.append(String(decoding: doc, as: UTF8.self))
        }
        return out
    }

    /// Whether YAML lines hold anything but blanks and comments.
    private static func hasContent(_ b: ArraySlice<UInt8>) -> Bool {
        var atLineStart = true, inComment = false
        for c in b {
            if c == 0x0A { atLineStart = true; inComment = false; continue }
            if inComment || c == 0x20 || c == 0x09 || c == 0x0D { continue }
            if c == 0x23 && atLineStart { inComment = true; continue }
            return true
        }
        return false
    }

    private static func loadDocument(_ root: YNode, _ y: inout YAMLSource, period: PromDuration, into result: inout LoadedSLOSpec) {
        guard root.isMapping else {
            y.error(root, "not an SLO spec: expected a mapping with version: \"prometheus/v1\", got \(YAMLSource.kindName(root))")
            return
        }
        if let v = root["version"] {
            guard v.string == SLOSource.prometheusV1.spec else {
                y.error(v, "unsupported spec version \"\(v.string ?? "")\": obsgen reads \"prometheus/v1\"")
                return
            }
            loadSpec(root, &y, keys: .prometheus, source: .prometheusV1, period: period, what: "spec",
                     topKeys: ["version", "service", "labels", "slo_plugins", "slos"], into: &result)
        } else if let api = root["apiVersion"], api.string == SLOSource.openSLOV1Alpha.spec {
            loadOpenSLO(root, &y, into: &result)
        } else if let api = root["apiVersion"] {
            guard api.string == SLOSource.kubernetesV1.spec, root["kind"]?.string == "PrometheusServiceLevel" else {
                y.error(api, "unsupported resource \"\(api.string ?? "")\" \(root["kind"]?.string ?? ""): obsgen reads sloth.slok.dev/v1 PrometheusServiceLevel")
                return
            }
            guard let top = y.mapping(root, what: "PrometheusServiceLevel", known: ["apiVersion", "kind", "metadata", "spec", "status"]) else { return }
            if let name = root["metadata"]?["name"]?.string { result.resourceName = name }
            guard let spec = top.first(where: { $0.key == "spec" })?.value else {
                y.error(root, "PrometheusServiceLevel has no \"spec\"")
                return
            }
            loadSpec(spec, &y, keys: .kubernetes, source: .kubernetesV1, period: period, what: "spec",
                     topKeys: ["service", "labels", "sloPlugins", "slos"], into: &result)
        } else {
            y.error(root, "not an SLO spec: no version: \"prometheus/v1\" (nor a sloth.slok.dev/v1 PrometheusServiceLevel, nor an openslo/v1alpha SLO)")
        }
    }

    /// An OpenSLO `v1alpha` SLO document, read as Sloth reads it: each objective of
    /// `ratioMetrics` (good and total PromQL queries) is an SLO named `<name>-<index>` whose
    /// error ratio is `1 - good / total`, over the one time window the document gives, with
    /// no alerts (OpenSLO declares none).
    private static func loadOpenSLO(_ root: YNode, _ y: inout YAMLSource, into result: inout LoadedSLOSpec) {
        guard let top = y.mapping(root, what: "OpenSLO document", known: ["apiVersion", "kind", "metadata", "spec"]) else { return }
        func value(_ pairs: [(key: String, keyNode: YNode, value: YNode)], _ k: String) -> YNode? { pairs.first { $0.key == k }?.value }
        guard let kind = value(top, "kind"), kind.string == "SLO" else {
            y.error(value(top, "kind") ?? root, "unsupported OpenSLO kind \"\(value(top, "kind")?.string ?? "")\": obsgen reads kind: SLO")
            return
        }
        guard let metadata = value(top, "metadata"), let name = metadata["name"].flatMap({ y.string($0, what: "metadata.name") }) else {
            y.error(value(top, "metadata") ?? root, "the OpenSLO SLO has no metadata.name")
            return
        }
        guard let specNode = value(top, "spec"),
              let spec = y.mapping(specNode, what: "spec", known: ["service", "description", "budgetingMethod", "objectives", "timeWindows", "indicator"]) else {
            if value(top, "spec") == nil { y.error(root, "the OpenSLO SLO has no spec") }
            return
        }
        let serviceNode = value(spec, "service")
        let service = serviceNode.flatMap { y.string($0, what: "service") } ?? ""
        if serviceNode == nil { y.error(specNode, "spec has no \"service\"") }
        let description = value(spec, "description").flatMap { y.string($0, what: "description") }
        if let m = value(spec, "budgetingMethod"), m.string != "Occurrences" {
            y.error(m, "budgetingMethod \"\(m.string ?? "")\" is not supported: Sloth and obsgen count Occurrences")
        }
        // The period: exactly one time window, in days or weeks.
        var period: PromDuration?
        if let w = value(spec, "timeWindows"), let windows = y.sequence(w, what: "timeWindows") {
            if windows.count != 1 {
                y.error(w, "timeWindows needs exactly one window, got \(windows.count)")
            } else if let tw = y.mapping(windows[0], what: "time window", known: ["count", "unit", "isRolling", "calendar"]) {
                let countNode = value(tw, "count"), unitNode = value(tw, "unit")
                let count = countNode.flatMap { y.int($0, what: "count") }
                let unit = unitNode.flatMap { y.string($0, what: "unit") }
                switch (count, unit) {
                case (let n?, "Day"?) where n > 0: period = .days(Int64(n))
                case (let n?, "Week"?) where n > 0: period = .days(Int64(7 * n))
                case (_?, let u?): y.error(unitNode ?? windows[0], "time window unit \"\(u)\" is not supported: use Day or Week (a count of at least 1)")
                default: y.error(windows[0], "the time window needs a count and a unit")
                }
            }
        } else if value(spec, "timeWindows") == nil {
            y.error(specNode, "spec has no \"timeWindows\"")
        }
        if let i = value(spec, "indicator") { y.error(i, "an OpenSLO indicator is not supported: give ratioMetrics in each objective") }
        guard let objectivesNode = value(spec, "objectives"), let objectives = y.sequence(objectivesNode, what: "objectives"), !objectives.isEmpty else {
            y.error(value(spec, "objectives") ?? specNode, "spec declares no objective")
            return
        }
        for (index, o) in objectives.enumerated() {
            guard let op = y.mapping(o, what: "objective", known: ["ratioMetrics", "target", "displayName", "op", "value", "timeSliceTarget"]) else { continue }
            let errorsBefore = y.diagnostics.count
            let targetNode = value(op, "target")
            var target = Double.nan
            if let t = targetNode, let s = t.string, t.isScalar, let v = Double(s) { target = v } else {
                y.error(targetNode ?? o, "the objective needs a target (a ratio such as 0.999)")
            }
            var queries: [(String, YNode)] = []
            if let rm = value(op, "ratioMetrics"), let rp = y.mapping(rm, what: "ratioMetrics", known: ["good", "total", "counter", "bad"]) {
                if value(rp, "bad") != nil { y.error(value(rp, "bad")!, "ratioMetrics \"bad\" is not supported: give good and total") }
                for part in ["good", "total"] {
                    guard let m = value(rp, part) else {
                        y.error(rm, "ratioMetrics has no \"\(part)\"")
                        continue
                    }
                    guard let mp = y.mapping(m, what: part, known: ["source", "queryType", "query", "metricSource"]) else { continue }
                    if let src = value(mp, "source"), src.string != "prometheus" { y.error(src, "source \"\(src.string ?? "")\" is not supported: only prometheus") }
                    if let qt = value(mp, "queryType"), qt.string != "promql" { y.error(qt, "queryType \"\(qt.string ?? "")\" is not supported: only promql") }
                    if let q = value(mp, "query"), let text = y.string(q, what: "\(part) query") { queries.append((text, q)) } else if value(mp, "query") == nil {
                        y.error(m, "\(part) has no \"query\"")
                    }
                }
            } else if value(op, "ratioMetrics") == nil {
                y.error(o, "the objective has no ratioMetrics: obsgen reads good/total ratio objectives")
            }
            guard let period, queries.count == 2, y.diagnostics.count == errorsBefore else { continue }
            let (good, total) = (queries[0].0, queries[1].0)
            let ratio = "1 - (\n(\n\(good)\n)\n/\n(\n\(total)\n)\n)"
            var slo = SLO(service: service, name: "\(name)-\(index)", description: description, objective: target * 100, period: period,
                          sli: .raw(errorRatioQuery: ratio), site: y.site(o), source: .openSLOV1Alpha, querySites: queries.map { y.site($0.1) })
            slo.objectiveSite = targetNode.map { y.site($0) }
            var ok = true
            for p in slo.problems {
                ok = false
                switch p.field {
                case .objective: y.error(targetNode ?? o, p.message)
                case .errorRatioQuery, .errorQuery, .totalQuery: y.error(queries[0].1, p.message)
                case .service: y.error(serviceNode ?? specNode, p.message)
                default: y.error(o, p.message)
                }
            }
            for (_, q) in queries { checkQuery(q, &y) }
            if ok, y.diagnostics.count == errorsBefore { result.slos.append(slo) }
        }
    }

    private static func loadSpec(_ node: YNode, _ y: inout YAMLSource, keys: Keys, source: SLOSource, period: PromDuration, what: String,
                                 topKeys: Set<String>, into result: inout LoadedSLOSpec) {
        guard let pairs = y.mapping(node, what: what, known: topKeys) else { return }
        func value(_ k: String) -> YNode? { pairs.first { $0.key == k }?.value }
        let serviceNode = value("service")
        let service = serviceNode.flatMap { y.string($0, what: "service") } ?? ""
        if serviceNode == nil { y.error(node, "\(what) has no \"service\"") }
        let labels = value("labels").flatMap { y.stringMap($0, what: "labels") } ?? [:]
        if let p = value(keys.sloPlugins) { unsupportedPlugins(p, &y) }
        guard let slosNode = value("slos"), let items = y.sequence(slosNode, what: "slos"), !items.isEmpty else {
            y.error(value("slos") ?? node, "\(what) declares no SLO: at least one is required under \"slos\"")
            return
        }
        for item in items {
            if let slo = loadSLO(item, &y, keys: keys, service: service, serviceNode: serviceNode, labels: labels, source: source, period: period) {
                result.slos.append(slo)
            }
        }
    }

    private static func unsupportedPlugins(_ node: YNode, _ y: inout YAMLSource) {
        let chain = node.isMapping ? node["chain"] : nil
        if let chain, chain.isSequence, chain.items.isEmpty { return }
        if YAMLSource.isNull(node) { return }
        y.error(node, "SLO plugins are not supported: obsgen generates Sloth's default rules only")
    }

    private static func loadSLO(_ node: YNode, _ y: inout YAMLSource, keys: Keys, service: String, serviceNode: YNode?, labels specLabels: Labels,
                                source: SLOSource, period: PromDuration) -> SLO? {
        guard let pairs = y.mapping(node, what: "SLO", known: ["name", "description", "objective", "plugins", "labels", "sli", "alerting"]) else { return nil }
        func value(_ k: String) -> YNode? { pairs.first { $0.key == k }?.value }
        let errorsBefore = y.diagnostics.count
        let nameNode = value("name")
        let name = nameNode.flatMap { y.string($0, what: "name") } ?? ""
        if nameNode == nil { y.error(node, "SLO has no \"name\"") }
        let objectiveNode = value("objective")
        var objective = Double.nan
        if let o = objectiveNode {
            if let s = o.string, o.isScalar, !YAMLSource.isNull(o), let v = Double(s.trimmingCharacters(in: .whitespaces)) {
                objective = v
            } else {
                y.error(o, "objective must be a number (a percentage such as 99.9), got \(YAMLSource.kindName(o))")
            }
        } else {
            y.error(node, "SLO \"\(name)\" has no \"objective\"")
        }
        let description = value("description").flatMap { y.string($0, what: "description") }
        var labels = specLabels
        if let l = value("labels").flatMap({ y.stringMap($0, what: "labels") }) { labels.merge(l) { _, new in new } }
        if let p = value("plugins") { unsupportedPlugins(p, &y) }

        // The indicator.
        var sli: SLI?
        var queryNodes: [(SLOProblem.Field, YNode)] = []
        if let sliNode = value("sli") {
            if let sp = y.mapping(sliNode, what: "sli", known: ["events", "raw", "plugin"]) {
                let kinds = sp.map(\.key)
                if kinds.count > 1 {
                    y.error(sliNode, "sli has \(kinds.joined(separator: " and ")): only one kind of SLI is allowed")
                } else if kinds.isEmpty {
                    y.error(sliNode, "sli is empty: it needs \"events\" or \"raw\"")
                } else if let p = sp.first, p.key == "plugin" {
                    y.error(p.keyNode, "SLI plugins are not supported: write the query as \"raw\" or \"events\"")
                } else if let p = sp.first, p.key == "events" {
                    if let ep = y.mapping(p.value, what: "events", known: [keys.errorQuery, keys.totalQuery]) {
                        let e = ep.first { $0.key == keys.errorQuery }, t = ep.first { $0.key == keys.totalQuery }
                        if e == nil { y.error(p.value, "events has no \"\(keys.errorQuery)\"") }
                        if t == nil { y.error(p.value, "events has no \"\(keys.totalQuery)\"") }
                        if let e, let t, let eq = y.string(e.value, what: keys.errorQuery), let tq = y.string(t.value, what: keys.totalQuery) {
                            sli = .events(errorQuery: eq, totalQuery: tq)
                            queryNodes = [(.errorQuery, e.value), (.totalQuery, t.value)]
                        }
                    }
                } else if let p = sp.first {
                    if let rp = y.mapping(p.value, what: "raw", known: [keys.errorRatioQuery]) {
                        if let r = rp.first, let q = y.string(r.value, what: keys.errorRatioQuery) {
                            sli = .raw(errorRatioQuery: q)
                            queryNodes = [(.errorRatioQuery, r.value)]
                        } else if rp.isEmpty {
                            y.error(p.value, "raw has no \"\(keys.errorRatioQuery)\"")
                        }
                    }
                }
            }
        } else {
            y.error(node, "SLO \"\(name)\" has no \"sli\"")
        }

        // The alerts: the shared name, labels and annotations, then each alert's own.
        var page: SLOAlert?, ticket: SLOAlert?
        var alertingNode: YNode?
        if let a = value("alerting") {
            alertingNode = a
            if let ap = y.mapping(a, what: "alerting", known: ["name", "labels", "annotations", keys.pageAlert, keys.ticketAlert]) {
                func v(_ k: String) -> YNode? { ap.first { $0.key == k }?.value }
                let alertName = v("name").flatMap { y.string($0, what: "alerting name") } ?? ""
                let shared = (labels: v("labels").flatMap { y.stringMap($0, what: "labels") } ?? [:],
                              annotations: v("annotations").flatMap { y.stringMap($0, what: "annotations") } ?? [:])
                func alert(_ key: String) -> SLOAlert? {
                    var a = SLOAlert(name: alertName, labels: shared.labels, annotations: shared.annotations)
                    guard let n = v(key) else { return a }
                    if YAMLSource.isNull(n) { return a }
                    guard let p = y.mapping(n, what: key, known: ["disable", "labels", "annotations"]) else { return a }
                    for e in p {
                        switch e.key {
                        case "disable": if y.bool(e.value, what: "disable") == true { return nil }
                        case "labels": a.labels.merge(y.stringMap(e.value, what: "labels") ?? [:]) { _, new in new }
                        default: a.annotations.merge(y.stringMap(e.value, what: "annotations") ?? [:]) { _, new in new }
                        }
                    }
                    return a
                }
                page = alert(keys.pageAlert)
                ticket = alert(keys.ticketAlert)
            }
        } else {
            // Sloth reads a missing alerting section as two alerts without a name.
            page = SLOAlert(name: "")
            ticket = page
        }

        guard let sli, y.diagnostics.count == errorsBefore else { return nil }
        let site = y.site(node)
        var slo = SLO(service: service, name: name, description: description, objective: objective, period: period, sli: sli, labels: labels,
                      pageAlert: page, ticketAlert: ticket, site: site, source: source, querySites: queryNodes.map { y.site($0.1) })

        // What Sloth validates, each at the field it concerns.
        var ok = true
        for p in slo.problems {
            ok = false
            switch p.field {
            case .service: y.error(serviceNode ?? node, p.message)
            case .name: y.error(nameNode ?? node, p.message)
            case .objective: y.error(objectiveNode ?? node, p.message)
            case .period: y.error(node, p.message)
            case .errorQuery, .totalQuery, .errorRatioQuery:
                y.error(queryNodes.first { $0.0 == p.field }?.1 ?? node, p.message)
            case .pageAlert, .ticketAlert:
                y.error(alertingNode?["name"] ?? alertingNode ?? node,
                        alertingNode?["name"] == nil ? "\(p.message): \"alerting\" needs a \"name\" (or disable: true)" : p.message)
            }
        }
        // The queries must be PromQL once their window is written in.
        for (field, q) in queryNodes where !slo.problems.contains(where: { $0.field == field }) {
            checkQuery(q, &y)
        }
        if y.diagnostics.count != errorsBefore { ok = false }
        slo.querySites = queryNodes.map { y.site($0.1) }
        slo.objectiveSite = objectiveNode.map { y.site($0) }
        return ok ? slo : nil
    }

    /// Parses a query with its placeholders replaced by a window of the same length (`5m` and
    /// spaces), so that an error's offset in the query is its offset in the file.
    private static func checkQuery(_ node: YNode, _ y: inout YAMLSource) {
        guard let q = node.string else { return }
        var text = ""
        var last = q.startIndex
        for r in SLO.windowPlaceholders(in: q) {
            text += q[last..<r.lowerBound]
            text += "5m" + String(repeating: " ", count: q[r].utf8.count - 2)
            last = r.upperBound
        }
        text += q[last...]
        let diagnostics = PromQL.check(text, options: .allFeatures).diagnostics
        guard !diagnostics.isEmpty else { return }
        let locator = y.contentLocator(node)
        for d in diagnostics {
            var fd = d
            fd.range = locator.fileRange(d.range, in: text)
            y.diagnostics.append(fd)
        }
    }
}
