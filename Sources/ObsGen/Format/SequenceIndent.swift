import PromQL

/// The `groups:` and `rules:` lists indented under their key, as Prometheus' own rule files
/// write them (`groups:` then `  - name:`), where a file writes them at the key's column
/// (`groups:` then `- name:`). Every line of such a list — its items, their values, block
/// scalars, comments between items — moves right by two columns together, so what each line
/// holds and how it sits against the others is unchanged.
enum SequenceIndent {
    /// Nil when the text is not YAML.
    static func apply(_ text: String, path: String) -> String? {
        let yaml = YAMLSource(path: path, text: text)
        guard yaml.diagnostics.isEmpty, let root = yaml.root else { return nil }
        let lines = Lines(text)
        let bytes = lines.bytes, starts = lines.starts
        func line(of offset: Int) -> Int { lines.line(of: offset) }
        func indent(_ l: Int) -> Int { lines.indent(l) }
        func isBlank(_ l: Int) -> Bool { Whitespace.isBlank(bytes, starts[l]) }
        func isEmpty(_ l: Int) -> Bool {
            let i = starts[l]
            return i >= bytes.count || bytes[i] == 0x0A || (bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A)
        }
        var shift = [Int](repeating: 0, count: starts.count)
        /// Shifts the lines of `list` (the value of `key`) when its items sit at the key's column.
        func indentList(key: YNode, list: YNode) {
            guard list.isSequence, let first = list.items.first, !RuleFileShape.isFlowOrDecorated(list, bytes) else { return }
            let keyLine = line(of: key.offset)
            let keyColumn = key.offset - starts[keyLine]
            guard indent(keyLine) == keyColumn || isItemStart(keyLine, column: keyColumn) else { return }
            // The item's dash: two columns before its content on its line.
            let firstLine = line(of: first.offset)
            guard firstLine > keyLine, indent(firstLine) == keyColumn, starts[firstLine] + keyColumn < bytes.count,
                  bytes[starts[firstLine] + keyColumn] == UInt8(ascii: "-") else { return }
            // The list's last line: its last node's, then every deeper line (block scalars,
            // continuation lines, comments inside the last item).
            var last = line(of: RuleFileShape.lastOffset(list))
            var l = last + 1
            while l < starts.count {
                if isBlank(l) { l += 1; continue }
                guard indent(l) > keyColumn else { break }
                last = l
                l += 1
            }
            // Every line but an empty one moves (a blank-looking line inside a block scalar holds
            // spaces that are content).
            for k in firstLine...last where !isEmpty(k) { shift[k] += 2 }
        }
        func isItemStart(_ l: Int, column: Int) -> Bool {
            // `- name: g` — the key after a sequence item's dash.
            let i = starts[l] + indent(l)
            return i < bytes.count && bytes[i] == UInt8(ascii: "-") && column >= indent(l) + 2
        }
        guard let (key, list) = RuleFileShape.groupsList(root, bytes) else { return text }
        indentList(key: key, list: list)
        for g in RuleFileShape.groups(root, bytes) {
            for (gk, gv) in g.pairs where gk.equals("rules") { indentList(key: gk, list: gv) }
        }
        guard shift.contains(where: { $0 > 0 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for l in starts.indices {
            let end = l + 1 < starts.count ? starts[l + 1] : bytes.count
            if shift[l] > 0 { out += [UInt8](repeating: 0x20, count: shift[l]) }
            out += bytes[starts[l]..<end]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
