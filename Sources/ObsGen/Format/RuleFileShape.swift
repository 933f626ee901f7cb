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

    /// Which lines continue a multi-line scalar — a block scalar's content (its kept trailing
    /// blank lines included), the folded lines of a quoted or plain scalar: what they hold is
    /// content, not structure or comments. Nil when a block scalar's header cannot be read.
    static func scalarLines(_ root: YNode, yaml: YAMLSource, lines: Lines) -> [Bool]? {
        let bytes = lines.bytes, starts = lines.starts
        var inside = [Bool](repeating: false, count: starts.count)
        var measurable = true
        var seen: Set<Int32> = []
        func visit(_ node: YNode, parentIndent: Int) {
            guard measurable, seen.insert(node.index).inserted else { return }
            switch node.kind {
            case .mapping:
                for (k, v) in node.pairs { visit(k, parentIndent: k.column - 1); visit(v, parentIndent: k.column - 1) }
            case .sequence:
                for item in node.items { visit(item, parentIndent: node.column - 1) }
            case .scalar:
                let first = lines.line(of: node.offset)
                var last = first
                switch node.style {
                case .literal, .folded:
                    // The indicator follows a tag or anchor, if any.
                    var p = node.offset
                    while p < bytes.count, bytes[p] != UInt8(ascii: "|"), bytes[p] != UInt8(ascii: ">"), bytes[p] != 0x0A { p += 1 }
                    guard let block = BlockScalar(bytes: bytes, at: p, parentIndent: parentIndent) else {
                        measurable = false
                        return
                    }
                    last = lines.line(of: block.contentEnd)
                    if block.keepsTrailingLines {
                        while last + 1 < starts.count, Whitespace.isBlank(bytes, starts[last + 1]) { last += 1 }
                    }
                default:
                    last = lines.line(of: Swift.max(node.offset, yaml.range(node).end - 1))
                }
                if last > first { for l in (first + 1)...last { inside[l] = true } }
            }
        }
        visit(root, parentIndent: -1)
        return measurable ? inside : nil
    }
}
