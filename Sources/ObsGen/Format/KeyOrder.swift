import PromQL

/// The keys of each rule and group in the order Prometheus documents them (rule: `alert` or
/// `record`, `expr`, `for`, `keep_firing_for`, `labels`, `annotations`; group: `name`,
/// `interval`, `query_offset`, `limit`, `labels`, then the dialects' keys, `rules` last), made
/// by moving each entry's lines as they are — its comments above it, its value, its comments
/// after it — so nothing but the order changes. Keys the order does not name keep their
/// relative order after the named ones.
///
/// A mapping is left as it is when it is written in flow style, when two of its keys share a
/// line, or when the entry that would become its first has comments above it (they would land
/// between the list item's `-` and the key).
enum KeyOrder {
    static let rule = ["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"]
    static let group = ["name", "interval", "query_offset", "limit", "labels", "partial_response_strategy", "rules"]

    /// Rules first, then groups (a group's entries hold its rules: one pass each, so that no two
    /// moves overlap). Nil when the text is not YAML.
    static func apply(_ text: String, path: String) -> String? {
        guard let rules = pass(text, path: path, groups: false) else { return nil }
        return pass(rules, path: path, groups: true)
    }

    static func pass(_ text: String, path: String, groups: Bool) -> String? {
        let yaml = YAMLSource(path: path, text: text)
        guard yaml.diagnostics.isEmpty, let root = yaml.root else { return nil }
        let bytes = Array(text.utf8)
        var moves: [(range: Range<Int>, text: [UInt8])] = []
        for g in RuleFileShape.groups(root, bytes) {
            if groups {
                if let m = reordered(g, order: group, bytes: bytes) { moves.append(m) }
                continue
            }
            guard let rulesNode = g["rules"], rulesNode.isSequence, !RuleFileShape.isFlowOrDecorated(rulesNode, bytes) else { continue }
            for r in rulesNode.items where r.isMapping {
                if let m = reordered(r, order: rule, bytes: bytes) { moves.append(m) }
            }
        }
        guard !moves.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        for m in moves.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where m.range.lowerBound >= at {
            out += bytes[at..<m.range.lowerBound]
            out += m.text
            at = m.range.upperBound
        }
        out += bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The mapping's text with its entries in order, and the range it replaces; nil when the
    /// order is already right or the mapping is left as it is.
    static func reordered(_ mapping: YNode, order: [String], bytes: [UInt8]) -> (range: Range<Int>, text: [UInt8])? {
        guard !RuleFileShape.isFlowOrDecorated(mapping, bytes) else { return nil }
        let pairs = mapping.pairs
        guard pairs.count > 1 else { return nil }
        var names: [String] = []
        for (k, _) in pairs {
            guard k.isScalar, k.style == .plain, k.tag == nil, let s = k.string else { return nil }
            names.append(s)
        }
        func rank(_ i: Int) -> Int { order.firstIndex(of: names[i]) ?? order.count }
        let sorted = pairs.indices.sorted { (rank($0), $0) < (rank($1), $1) }
        guard sorted != Array(pairs.indices) else { return nil }

        func lineStart(_ o: Int) -> Int {
            var i = o
            while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
            return i
        }
        func lineEnd(_ o: Int) -> Int {   // after the line break
            var i = o
            while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            return Swift.min(i + 1, bytes.count)
        }
        func indent(ofLineAt s: Int) -> Int {
            var i = s
            while i < bytes.count, bytes[i] == 0x20 { i += 1 }
            return i - s
        }
        func isBlank(lineAt s: Int) -> Bool { Whitespace.isBlank(bytes, s) }
        func isComment(lineAt s: Int) -> Bool {
            let i = s + indent(ofLineAt: s)
            return i < bytes.count && bytes[i] == UInt8(ascii: "#")
        }

        let keyIndent = pairs[0].key.offset - lineStart(pairs[0].key.offset)
        // Every key starts its own line at the same column (the first one after `- ` or at
        // the mapping's start).
        for (k, _) in pairs.dropFirst() {
            let s = lineStart(k.offset)
            guard k.offset - s == keyIndent, indent(ofLineAt: s) == keyIndent else { return nil }
        }
        // Where each entry starts: its key's line, with the comment lines right above it.
        var starts: [Int] = [pairs[0].key.offset]
        var commented: [Bool] = [false]
        for (k, _) in pairs.dropFirst() {
            var s = lineStart(k.offset)
            var above = false
            while s > 0 {
                let previous = lineStart(s - 1)
                guard isComment(lineAt: previous), indent(ofLineAt: previous) >= keyIndent, previous > starts.last! else { break }
                s = previous
                above = true
            }
            starts.append(s)
            commented.append(above)
        }
        // Where the last entry ends: the last line deeper than the keys (its value), or a
        // comment on the key's own line; blank lines and what is not deeper stay outside.
        // (A value's own lines may sit at the keys' column — `rules:` then `- alert:` — so the
        // scan starts from its last node.)
        let last = pairs[pairs.count - 1]
        var end = lineEnd(Swift.max(last.key.offset, RuleFileShape.lastOffset(last.value)))
        var scan = end
        while scan < bytes.count {
            if isBlank(lineAt: scan) { scan = lineEnd(scan); continue }
            guard indent(ofLineAt: scan) > keyIndent else { break }
            scan = lineEnd(scan)
            end = scan
        }
        guard !commented[sorted[0]] else { return nil }
        // The entries' texts; the first one starts after `- ` (no indentation of its own).
        var pieces: [[UInt8]] = []
        for i in pairs.indices {
            let to = i + 1 < pairs.count ? starts[i + 1] : end
            guard starts[i] < to else { return nil }
            var piece = Array(bytes[starts[i]..<to])
            if piece.last != 0x0A { piece.append(0x0A) }
            pieces.append(piece)
        }
        let pad = [UInt8](repeating: 0x20, count: keyIndent)
        var out: [UInt8] = []
        for (n, i) in sorted.enumerated() {
            var piece = pieces[i]
            if i == 0, n != 0 { piece = pad + piece }
            if n == 0, i != 0 { piece.removeFirst(Swift.min(keyIndent, piece.count)) }
            out += piece
        }
        // The replaced range ends where the last entry ended; what followed it stays.
        if end == bytes.count, bytes.last != 0x0A { out.removeLast() }
        return (starts[0]..<end, out)
    }
}
