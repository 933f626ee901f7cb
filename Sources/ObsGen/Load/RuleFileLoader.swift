import Foundation
import Yams

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

public enum RuleFileLoader {
    static let groupKeys: Set<String> = ["name", "interval", "limit", "query_offset", "rules", "labels", "partial_response_strategy"]
    static let ruleKeys: Set<String> = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    /// Reads a rule file; never throws: everything wrong is a located diagnostic.
    public static func load(path: String, features: Features = .all) -> LoadedRuleFile {
        switch YAMLSource.readInput(path) {
        case .success(let input):
            var loaded = load(text: input.text, path: path, features: features)
            if let e = input.encodingError { loaded.diagnostics.insert(e, at: 0) }
            return loaded
        case .failure(let d):
            return LoadedRuleFile(path: path, format: .prometheus, ruleFile: RuleFile(name: path, groups: []), source: SourceText(name: path, text: ""),
                                  diagnostics: [d], exprLocators: [:])
        }
    }

    /// `checkPromQL: false` leaves expressions unparsed (callers that parse them anyway).
    public static func load(text: String, path: String, features: Features = .all, checkPromQL: Bool = true) -> LoadedRuleFile {
        var y = YAMLSource(path: path, text: text)
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
        var groupsNode: Node?
        if case .mapping(let m) = root, m["kind"]?.string == "PrometheusRule" || m["apiVersion"]?.string?.hasPrefix("monitoring.coreos.com") == true {
            result.format = .prometheusRule
            if let top = y.mapping(root, what: "PrometheusRule", known: ["apiVersion", "kind", "metadata", "spec"]) {
                if let spec = top.first(where: { $0.key == "spec" })?.value,
                   let specPairs = y.mapping(spec, what: "spec", known: ["groups"]) {
                    groupsNode = specPairs.first { $0.key == "groups" }?.value
                }
                if let meta = top.first(where: { $0.key == "metadata" })?.value, case .mapping(let mm) = meta, let n = mm["name"]?.string {
                    result.ruleFile.name = n
                }
            }
        } else if case .mapping = root {
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
        var groupNames: Set<String> = []
        let options = ParseOptions(features: features)
        for (gi, gNode) in groupNodes.enumerated() {
            guard let pairs = y.mapping(gNode, what: "group", known: groupKeys) else { continue }
            var group = RuleGroup(name: "", rules: [], site: y.site(gNode))
            var sawName = false
            for p in pairs {
                switch p.key {
                case "name":
                    group.name = y.string(p.value, what: "group name") ?? ""
                    sawName = true
                    if !groupNames.insert(group.name).inserted {
                        y.error(p.value, "group name \"\(group.name)\" is repeated in the same file", id: "rules/duplicate")
                    }
                case "interval": group.interval = y.duration(p.value, what: "interval")
                case "query_offset": group.queryOffset = y.duration(p.value, what: "query_offset")
                case "limit": group.limit = y.int(p.value, what: "limit")
                case "labels": group.labels = y.stringMap(p.value, what: "labels") ?? [:]
                case "partial_response_strategy":
                    if let s = y.string(p.value, what: "partial_response_strategy") {
                        if let v = PartialResponseStrategy(rawValue: s.lowercased()) {
                            group.partialResponseStrategy = v
                            if result.format == .prometheus { result.format = .thanos }
                        } else {
                            y.error(p.value, "partial_response_strategy must be \"warn\" or \"abort\"")
                        }
                    }
                default: break
                }
            }
            if !sawName || group.name.isEmpty { y.error(gNode, "group has no name") }
            if let rulesNode = pairs.first(where: { $0.key == "rules" })?.value {
                for (ri, rNode) in (y.sequence(rulesNode, what: "rules") ?? []).enumerated() {
                    if let (rule, locator) = loadRule(rNode, &y, options: options, checkPromQL: checkPromQL) {
                        result.exprLocators[.init(group: gi, rule: group.rules.count)] = locator
                        _ = ri
                        group.rules.append(rule)
                    }
                }
            }
            result.ruleFile.groups.append(group)
        }
        result.diagnostics = y.diagnostics
        return result
    }

    private static func loadRule(_ node: Node, _ y: inout YAMLSource, options: ParseOptions, checkPromQL: Bool) -> (Rule, ContentLocator)? {
        guard let pairs = y.mapping(node, what: "rule", known: ruleKeys) else { return nil }
        func value(_ k: String) -> Node? { pairs.first { $0.key == k }?.value }
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
        if case .scalar(let s) = exprNode, !YAMLSource.isNull(exprNode) {
            // Numbers are valid expressions too (`expr: 1`).
            expr = s.string
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
        let exprSite = DeclarationSite(file: site.file, line: exprNode.mark?.line ?? site.line, column: exprNode.mark?.column ?? site.column)
        if let name = recordName {
            if !isLegacyMetricName(name) {
                y.error(value("record")!, "invalid recording rule name: \(name)", id: "rules/name")
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
