import PromQL

/// The keys of each rule and group in the order Prometheus documents them (rule: `alert` or
/// `record`, `expr`, `for`, `keep_firing_for`, `labels`, `annotations`; group: `name`,
/// `interval`, `query_offset`, `limit`, `labels`, then the dialects' keys, `rules` last), made
/// by moving each entry's lines as they are — its comments above it, its value, its comments
/// after it — so nothing but the order changes. Keys the order does not name keep their
/// relative order after the named ones.
///
/// A full-line comment block right above a key moves with it; when that key becomes the first
/// of a list item's mapping, its comments go above the item's `- ` line (they cannot sit
/// between the dash and the key). End-of-line comments stay on their line. A mapping is left as
/// it is when it is written in flow style or when two of its keys share a line.
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
        let lines = Lines(text)
        let bytes = lines.bytes
        // A line of a multi-line scalar that looks like a comment is content: it never moves
        // apart from its scalar.
        guard let inScalar = RuleFileShape.scalarLines(root, yaml: yaml, lines: lines) else { return text }
        var moves: [(range: Range<Int>, text: [UInt8])] = []
        for g in RuleFileShape.groups(root, bytes) {
            if groups {
                if let m = reordered(g, order: group, lines: lines, inScalar: inScalar) { moves.append(m) }
                continue
            }
            guard let rulesNode = g["rules"], rulesNode.isSequence, !RuleFileShape.isFlowOrDecorated(rulesNode, bytes) else { continue }
            for r in rulesNode.items where r.isMapping {
                if let m = reordered(r, order: rule, lines: lines, inScalar: inScalar) { moves.append(m) }
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
    static func reordered(_ mapping: YNode, order: [String], lines: Lines, inScalar: [Bool]) -> (range: Range<Int>, text: [UInt8])? {
        let bytes = lines.bytes
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
            guard !inScalar[lines.line(of: s)] else { return false }
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
        // Where each entry starts: its key's line, with the block of comment lines right above
        // it (whatever their column: they belong to the key they precede).
        var starts: [Int] = [pairs[0].key.offset]
        var keyLines: [Int] = [pairs[0].key.offset]
        for (k, _) in pairs.dropFirst() {
            var s = lineStart(k.offset)
            keyLines.append(s)
            while s > 0 {
                let previous = lineStart(s - 1)
                guard isComment(lineAt: previous), previous > starts.last! else { break }
                s = previous
            }
            starts.append(s)
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
        // The entries' texts, each a comment block (maybe empty) and its key's lines; the first
        // key's line starts after `- ` (no indentation of its own).
        var comments: [[UInt8]] = [], entries: [[UInt8]] = []
        for i in pairs.indices {
            let to = i + 1 < pairs.count ? starts[i + 1] : end
            guard starts[i] < to, keyLines[i] < to else { return nil }
            var entry = Array(bytes[keyLines[i]..<to])
            if entry.last != 0x0A { entry.append(0x0A) }
            comments.append(Array(bytes[starts[i]..<keyLines[i]]))
            entries.append(entry)
        }
        // What the first key follows on its line: `- ` (a list item), or only its indentation.
        let firstLine = lineStart(pairs[0].key.offset)
        let lead = Array(bytes[firstLine..<pairs[0].key.offset])
        let leadIndent = indent(ofLineAt: firstLine)
        let pad = [UInt8](repeating: 0x20, count: keyIndent)
        var out: [UInt8] = []
        for (n, i) in sorted.enumerated() {
            var entry = entries[i]
            if n == 0 {
                // The comments of the entry that moves first go above the item's first line, as
                // far left as that line starts.
                out += shiftLines(comments[i], by: leadIndent - keyIndent) + lead
                if i != 0 { entry.removeFirst(Swift.min(keyIndent, entry.count)) }
            } else {
                out += comments[i]
                if i == 0 { entry = pad + entry }
            }
            out += entry
        }
        // The replaced range ends where the last entry ended; what followed it stays.
        if end == bytes.count, bytes.last != 0x0A { out.removeLast() }
        return (firstLine..<end, out)
    }

    /// Lines moved right (or left, as far as their blanks go) by `delta` columns.
    static func shiftLines(_ text: [UInt8], by delta: Int) -> [UInt8] {
        guard delta != 0, !text.isEmpty else { return text }
        var out: [UInt8] = []
        var atStart = true, dropped = 0
        for c in text {
            if atStart {
                if c == 0x20, delta < 0, dropped < -delta {
                    dropped += 1
                    continue
                }
                if delta > 0 { out += [UInt8](repeating: 0x20, count: delta) }
                atStart = false
            }
            out.append(c)
            if c == 0x0A {
                atStart = true
                dropped = 0
            }
        }
        return out
    }
}
