/// What the formatter's passes share about a rule file's YAML tree: which collections are
/// written in block style (and so may be edited), where its groups are, where a node ends.
enum RuleFileShape {
    /// Whether a node is written in flow style, or carries an anchor, tag or alias where it
    /// starts (whose extent the passes do not work out): nothing inside it is edited.
    static func isFlowOrDecorated(_ node: YNode, _ bytes: [UInt8]) -> Bool {
        let o = node.offset
        guard o >= 0, o < bytes.count else { return true }
        return [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "*")].contains(bytes[o]) || node.tag != nil
    }

    /// The `groups:` list of a plain rule file or of a PrometheusRule resource's `spec`, with
    /// the key it is the value of; nil when there is none in block style.
    static func groupsList(_ root: YNode, _ bytes: [UInt8]) -> (key: YNode, list: YNode)? {
        guard root.isMapping, !isFlowOrDecorated(root, bytes) else { return nil }
        var container = root
        if root["groups"] == nil, let spec = root["spec"], spec.isMapping, !isFlowOrDecorated(spec, bytes) { container = spec }
        guard let pair = container.pairs.first(where: { $0.key.equals("groups") }),
              pair.value.isSequence, !isFlowOrDecorated(pair.value, bytes) else { return nil }
        return (pair.key, pair.value)
    }

    /// The group mappings written in block style.
    static func groups(_ root: YNode, _ bytes: [UInt8]) -> [YNode] {
        (groupsList(root, bytes)?.list.items ?? []).filter { $0.isMapping && !isFlowOrDecorated($0, bytes) }
    }

    /// The offset of a node's last descendant (its own for a scalar).
    static func lastOffset(_ n: YNode) -> Int {
        if n.isMapping, let last = n.pairs.last { return Swift.max(n.offset, lastOffset(last.value)) }
        if n.isSequence, let last = n.items.last { return Swift.max(n.offset, lastOffset(last)) }
        return n.offset
    }
}
