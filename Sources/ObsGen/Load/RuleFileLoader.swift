import Dispatch
import Foundation

/// The flavours of rule file obsgen reads.
public enum RuleFileFormat: String, Sendable, Hashable {
    /// A plain Prometheus rule file (`groups:`).
    case prometheus
    /// A prometheus-operator `PrometheusRule` resource.
    case prometheusRule
    /// A Thanos rule file (groups with `partial_response_strategy`).
    case thanos
}

/// A rule file read from disk, with the positions of what it holds.
public struct LoadedRuleFile: Sendable {
    public var path: String
    public var format: RuleFileFormat
    public var ruleFile: RuleFile
    public var source: SourceText
    /// Problems found while reading (malformed YAML, wrong types, unknown or duplicate keys,
    /// invalid PromQL), with byte ranges in the file.
    public var diagnostics: [Diagnostic]
    /// For each rule (by group index, rule index), where its expression's text lies in the file.
    public var exprLocators: [RuleKey: ContentLocator]
    /// For each rule, where its keys and values are (its labels' and annotations' too).
    public var ruleSpans: [RuleKey: RuleSpans] = [:]
    /// For each group (by index), where its keys and values are.
    public var groupSpans: [Int: KeySpans] = [:]

    public struct RuleKey: Sendable, Hashable {
        public var group: Int
        public var rule: Int
        public init(group: Int, rule: Int) {
            self.group = group
            self.rule = rule
        }
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Where the keys of a YAML mapping and their values are in the file.
public struct KeySpans: Sendable, Hashable {
    /// One key of the mapping: its name, where the key is and where its value is.
    public struct Entry: Sendable, Hashable {
        public var name: String
        /// Offsets as 32-bit numbers (inputs are at most 64 MiB): a large rule file has a
        /// dozen entries per rule.
        var keyStart, keyEnd, valueStart, valueEnd: Int32
        public var key: PositionRange { PositionRange(start: Int(keyStart), end: Int(keyEnd)) }
        public var value: PositionRange { PositionRange(start: Int(valueStart), end: Int(valueEnd)) }

        public init(name: String, key: PositionRange, value: PositionRange) {
            self.name = name
            keyStart = Int32(clamping: key.start)
            keyEnd = Int32(clamping: key.end)
            valueStart = Int32(clamping: value.start)
            valueEnd = Int32(clamping: value.end)
        }
    }

    /// The keys in file order (a handful per mapping: a list is smaller and quicker to build
    /// than a dictionary, and a rule has three of these).
    public var entries: [Entry] = []

    /// Ranges by key name.
    public struct Lookup: Sendable {
        let entries: [Entry]
        let value: Bool
        public subscript(name: String) -> PositionRange? {
            // The last one wins, as a dictionary filled in order would have it.
            guard let e = entries.last(where: { $0.name == name }) else { return nil }
            return value ? e.value : e.key
        }
    }

    /// Where each key is.
    public var keys: Lookup { Lookup(entries: entries, value: false) }
    /// Where each key's value is.
    public var values: Lookup { Lookup(entries: entries, value: true) }

    public init() {}

    init(_ node: YNode?, _ y: YAMLSource) {
        guard let node, node.isMapping else { return }
        let pairs = node.pairs
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs {
            guard let name = k.string else { continue }
            entries.append(Entry(name: name, key: y.range(k), value: y.range(v)))
        }
    }
}

/// Where a rule's parts are: its own keys (`alert`, `expr`, `for`, …), and the keys and values
/// of its labels and annotations. Checks point at these, never at text they search for.
public struct RuleSpans: Sendable, Hashable {
    /// Byte offset of the rule's first key, as read (nil for a rule not read from a file).
    public var start: Int?
    public var fields = KeySpans()
    public var labels = KeySpans()
    public var annotations = KeySpans()
    public init() {}
}

public enum RuleFileLoader {
    static let groupKeys: Set<String> = ["name", "interval", "limit", "query_offset", "rules", "labels", "partial_response_strategy"]
    static let ruleKeys: Set<String> = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    /// Reads a rule file; never throws: everything wrong is a located diagnostic.
    public static func load(path: String, features: Features = .all) -> LoadedRuleFile {
        switch YAMLSource.readInput(path) {
        case .success(let input):
            var l = load(text: input.text, path: path, features: features)
            l.diagnostics = input.problems + l.diagnostics
            return l
        case .failure(let d):
            return LoadedRuleFile(path: path, format: .prometheus, ruleFile: RuleFile(name: path, groups: []), source: SourceText(name: path, text: ""),
                                  diagnostics: [d], exprLocators: [:])
        }
    }

    /// `checkPromQL: false` leaves expressions unparsed (callers that parse them anyway).
    public static func load(text: String, path: String, features: Features = .all, checkPromQL: Bool = true) -> LoadedRuleFile {
        load(source: SourceText(name: path, text: text), features: features, checkPromQL: checkPromQL)
    }

    /// Reads a rule file from a source text already made (its bytes and line table are shared).
    public static func load(source: SourceText, features: Features = .all, checkPromQL: Bool = true) -> LoadedRuleFile {
        let path = source.name
        var y = YAMLSource(source: source)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var result = LoadedRuleFile(path: path, format: .prometheus, ruleFile: RuleFile(name: name, groups: [], site: DeclarationSite(file: path, line: 1)),
                                    source: y.source, diagnostics: [], exprLocators: [:])
        defer { }
        guard let root = y.root else {
            if y.diagnostics.isEmpty {
                y.error(at: .zero, "empty file: expected a Prometheus rule file with a top-level \"groups:\" list")
            }
            result.diagnostics = y.diagnostics
            return result
        }
        var groupsNode: YNode?
        if root.isMapping, root["kind"]?.string == "PrometheusRule" || root["apiVersion"]?.string?.hasPrefix("monitoring.coreos.com") == true {
            result.format = .prometheusRule
            if let top = y.mapping(root, what: "PrometheusRule", known: ["apiVersion", "kind", "metadata", "spec"]) {
                if let spec = top.first(where: { $0.key == "spec" })?.value,
                   let specPairs = y.mapping(spec, what: "spec", known: ["groups"]) {
                    groupsNode = specPairs.first { $0.key == "groups" }?.value
                }
                if let meta = top.first(where: { $0.key == "metadata" })?.value, let n = meta["name"]?.string {
                    result.ruleFile.name = n
                }
            }
        } else if root.isMapping {
            if let top = y.mapping(root, what: "rule file", known: ["groups"]) {
                groupsNode = top.first { $0.key == "groups" }?.value
            }
        } else {
            y.error(root, "not a Prometheus rule file: expected a mapping with a top-level \"groups:\" list, got \(YAMLSource.kindName(root))")
        }
        guard let groupsNode else {
            if y.diagnostics.isEmpty {
                y.error(root, "not a Prometheus rule file: no \"groups:\" list")
            }
            result.diagnostics = y.diagnostics
            return result
        }
        let groupNodes = y.sequence(groupsNode, what: "groups") ?? []
        let options = ParseOptions(features: features)
        // Groups are read independently (in parallel for a large file), each with its own
        // diagnostics, then joined in file order: the same result as reading them in turn.
        var loads = [GroupLoad?](repeating: nil, count: groupNodes.count)
        let base = y
        let read = { (k: Int) -> GroupLoad? in
            var gy = base
            gy.diagnostics = []
            return loadGroup(groupNodes[k], &gy, options: options, checkPromQL: checkPromQL)
        }
        if groupNodes.count >= 64 {
            let slices = stride(from: 0, to: groupNodes.count, by: 16).map { $0..<min($0 + 16, groupNodes.count) }
            loads.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out.baseAddress!
                nonisolated(unsafe) let read = read
                DispatchQueue.concurrentPerform(iterations: slices.count) { s in
                    for k in slices[s] { (out + k).pointee = read(k) }
                }
            }
        } else {
            for k in groupNodes.indices { loads[k] = read(k) }
        }
        var groupNames: Set<String> = []
        for (k, load) in loads.enumerated() {
            guard let load else {
                // Not a mapping: reported, and no group.
                var gy = base
                gy.diagnostics = []
                _ = gy.mapping(groupNodes[k], what: "group", known: groupKeys)
                y.diagnostics += gy.diagnostics
                continue
            }
            var diagnostics = load.diagnostics
            if let (nameNode, at) = load.nameCheck, !groupNames.insert(load.group.name).inserted {
                var gy = base
                gy.diagnostics = []
                gy.error(nameNode, "group name \"\(load.group.name)\" is repeated in the same file", id: .repeatedGroup)
                diagnostics.insert(contentsOf: gy.diagnostics, at: at)
            }
            y.diagnostics += diagnostics
            if load.thanos && result.format == .prometheus { result.format = .thanos }
            let groupIndex = result.ruleFile.groups.count
            result.groupSpans[groupIndex] = load.spans
            for (r, extra) in load.rules.enumerated() {
                let key = LoadedRuleFile.RuleKey(group: groupIndex, rule: r)
                result.exprLocators[key] = extra.locator
                result.ruleSpans[key] = extra.spans
            }
            result.ruleFile.groups.append(load.group)
        }
        result.diagnostics = y.diagnostics
        return result
    }

    /// One group as read: the group, where its parts are, its diagnostics, and where in them
    /// a repeated name would be reported (known only once the groups before it are).
    struct GroupLoad {
        var group: RuleGroup
        var spans: KeySpans
        var rules: [(locator: ContentLocator, spans: RuleSpans)] = []
        var diagnostics: [Diagnostic]
        var nameCheck: (YNode, Int)?
        var thanos = false
    }

    private static func loadGroup(_ gNode: YNode, _ y: inout YAMLSource, options: ParseOptions, checkPromQL: Bool) -> GroupLoad? {
        guard let pairs = y.mapping(gNode, what: "group", known: groupKeys) else { return nil }
        var group = RuleGroup(name: "", rules: [], site: y.site(gNode))
        var sawName = false
        var nameCheck: (YNode, Int)?
        var thanos = false
        for p in pairs {
            switch p.key {
            case "name":
                group.name = y.string(p.value, what: "group name") ?? ""
                sawName = true
                nameCheck = (p.value, y.diagnostics.count)
            case "interval": group.interval = y.duration(p.value, what: "interval")
            case "query_offset": group.queryOffset = y.duration(p.value, what: "query_offset")
            case "limit": group.limit = y.int(p.value, what: "limit")
            case "labels": group.labels = y.stringMap(p.value, what: "labels") ?? [:]
            case "partial_response_strategy":
                if let s = y.string(p.value, what: "partial_response_strategy") {
                    if let v = PartialResponseStrategy(rawValue: s.lowercased()) {
                        group.partialResponseStrategy = v
                        thanos = true
                    } else {
                        y.error(p.value, "partial_response_strategy must be \"warn\" or \"abort\"")
                    }
                }
            default: break
            }
        }
        if !sawName || group.name.isEmpty { y.error(gNode, "group has no name") }
        var load = GroupLoad(group: group, spans: KeySpans(gNode, y), diagnostics: [], nameCheck: nameCheck, thanos: thanos)
        if let rulesNode = pairs.first(where: { $0.key == "rules" })?.value {
            for rNode in y.sequence(rulesNode, what: "rules") ?? [] {
                if let (rule, locator) = loadRule(rNode, &y, options: options, checkPromQL: checkPromQL) {
                    var spans = RuleSpans()
                    spans.fields = KeySpans(rNode, y)
                    spans.labels = KeySpans(rNode["labels"], y)
                    spans.annotations = KeySpans(rNode["annotations"], y)
                    spans.start = rNode.offset
                    load.rules.append((locator, spans))
                    load.group.rules.append(rule)
                }
            }
        }
        load.diagnostics = y.diagnostics
        return load
    }

    private static func loadRule(_ node: YNode, _ y: inout YAMLSource, options: ParseOptions, checkPromQL: Bool) -> (Rule, ContentLocator)? {
        guard let pairs = y.mapping(node, what: "rule", known: ruleKeys) else { return nil }
        func value(_ k: String) -> YNode? { pairs.first { $0.key == k }?.value }
        let site = y.site(node)
        let alertName = value("alert").flatMap { y.string($0, what: "alert") }
        let recordName = value("record").flatMap { y.string($0, what: "record") }
        if alertName != nil && recordName != nil {
            y.error(node, "a rule has either \"alert\" or \"record\", not both")
            return nil
        }
        if alertName == nil && recordName == nil {
            y.error(node, "a rule needs \"alert\" or \"record\"")
            return nil
        }
        guard let exprNode = value("expr") else {
            y.error(node, "rule \(alertName ?? recordName ?? "") has no \"expr\"")
            return nil
        }
        let expr: String
        if let s = exprNode.string, !YAMLSource.isNull(exprNode) {
            // Numbers are valid expressions too (`expr: 1`).
            expr = s
        } else {
            y.error(exprNode, "expr must be a string, got \(YAMLSource.kindName(exprNode))")
            return nil
        }
        let locator = y.contentLocator(exprNode)
        let diags = checkPromQL ? PromQL.check(expr, options: options).diagnostics : []
        for d in diags {
            var fd = d
            fd.range = locator.fileRange(d.range, in: expr)
            y.diagnostics.append(fd)
        }
        let labels = value("labels").flatMap { y.stringMap($0, what: "labels") } ?? [:]
        let exprSite = DeclarationSite(file: site.file, line: exprNode.line, column: exprNode.column)
        if let name = recordName {
            if !isLegacyMetricName(name) {
                y.error(value("record")!, "invalid recording rule name: \(name)", id: .invalidRecordName)
            }
            for k in ["for", "keep_firing_for", "annotations"] where value(k) != nil {
                y.error(value(k)!, "invalid field \"\(k)\" in recording rule")
            }
            return (.recording(RecordingRule(record: name, expr: expr, labels: labels, site: site, exprSite: exprSite)), locator)
        }
        let name = alertName!
        var alert = AlertRule(name: name, expr: expr, labels: labels, site: site, exprSite: exprSite)
        if let f = value("for") { alert.forDuration = y.duration(f, what: "for") }
        if let k = value("keep_firing_for") { alert.keepFiringFor = y.duration(k, what: "keep_firing_for") }
        if let a = value("annotations") { alert.annotations = Annotations(all: y.stringMap(a, what: "annotations") ?? [:]) }
        return (.alert(alert), locator)
    }
}
