/// Every block collection indented two spaces under its parent, as Prometheus' own files write
/// them: a mapping's keys two columns right of the key that holds it (or of the `- ` of the
/// list item it is), a list's dashes two columns under its key (or at the key's column when
/// `indentLists` is off and the file writes it there), one space after each dash. The rest
/// of each line moves with its first token:
///
/// - a block scalar's content is re-based two columns under its key (with an explicit
///   indentation indicator it moves as its key does, so the indicator keeps its meaning); its
///   lines keep their indentation relative to one another, blank-looking lines their spaces;
/// - the continuation lines of a multi-line quoted or plain scalar or of a flow collection
///   move with the line they continue (flow collections are not re-laid out inside);
/// - a full-line comment takes the column of the line it precedes when it was aligned with
///   it, else the new column of the collection it was aligned with (the following line's
///   enclosing collections first, then the previous line's), else keeps its offset from the
///   nearest collection left of it;
/// - end-of-line comments stay on their line.
///
/// The tree is walked from the root; a layout the pass does not read for certain (an item
/// whose content starts on the line after its dash, an alias as a list item, merge keys,
/// explicit `? ` keys, line breaks other than LF and CRLF) leaves the whole text as it is.
enum Indentation {
    /// The text re-indented; the text itself when its layout is not one the pass handles; nil
    /// when it is not YAML.
    /// `width` is the step (tests write files four spaces deep with it).
    static func apply(_ text: String, path: String, indentLists: Bool, width: Int = 2) -> String? {
        apply(YAMLSource(path: path, text: text), indentLists: indentLists, width: width)
    }

    /// The same, on a text already read.
    static func apply(_ yaml: YAMLSource, indentLists: Bool, width: Int = 2) -> String? {
        let text = yaml.source.text
        guard yaml.diagnostics.isEmpty, let root = yaml.root else { return nil }
        var plan = Plan(yaml: yaml, indentLists: indentLists, width: width)
        guard plan.build(root: root) else { return text }
        return plan.render()
    }

    /// What happens to each line.
    enum Role: Equatable {
        /// The line starts with a key, a dash or a value of its own: its first token moves to
        /// `indent`; `context` is the innermost collection it belongs to.
        case structure(indent: Int, context: Int)
        /// Moves by `delta` columns, not left of `floor`: the content of a block scalar, the
        /// continuation of a scalar or flow collection. A blank-looking line's spaces count
        /// (as content) only past `base`: up to it, they are kept, short of the new base.
        case shift(delta: Int, floor: Int, base: Int)
        /// Left as it is (document markers and directives).
        case kept
    }

    struct Plan {
        let yaml: YAMLSource
        let indentLists: Bool
        let width: Int
        let lines: Lines
        var bytes: [UInt8] { lines.bytes }
        var roles: [Role?]
        /// Collections: their old and new column, and the collection holding them (-1 none).
        var contexts: [(old: Int, new: Int, parent: Int)] = []
        /// Byte ranges (after a dash) replaced by one space.
        var gaps: [Range<Int>] = []
        var seen: Set<Int32> = []
        var ok = true

        init(yaml: YAMLSource, indentLists: Bool, width: Int) {
            self.yaml = yaml
            self.indentLists = indentLists
            self.width = width
            self.lines = Lines(yaml.source.text)
            self.roles = [Role?](repeating: nil, count: lines.count)
        }

        func line(of offset: Int) -> Int { lines.line(of: offset) }
        func column(_ offset: Int) -> Int { offset - lines.starts[line(of: offset)] }
        func isFirstOnLine(_ offset: Int) -> Bool { column(offset) == lines.indent(line(of: offset)) }

        mutating func assign(_ l: Int, _ role: Role) {
            if let old = roles[l] {
                if old != role { ok = false }
            } else {
                roles[l] = role
            }
        }

        mutating func context(old: Int, new: Int, parent: Int) -> Int {
            contexts.append((old, new, parent))
            return contexts.count - 1
        }

        /// Whether only dashes and the spaces after them come before `offset` on its line (a
        /// mapping or list that starts as a list item's content).
        func onlyDashesBefore(_ offset: Int) -> Bool {
            var i = lines.starts[line(of: offset)]
            while i < offset, bytes[i] == 0x20 { i += 1 }
            var sawDash = false
            while i < offset {
                guard bytes[i] == UInt8(ascii: "-"), i + 1 < offset, bytes[i + 1] == 0x20 else { return false }
                sawDash = true
                i += 1
                while i < offset, bytes[i] == 0x20 { i += 1 }
            }
            return sawDash
        }

        /// The dash of a list item whose content starts on the dash's line, or nil.
        func dash(before offset: Int) -> Int? {
            var i = offset - 1
            while i >= 0, bytes[i] == 0x20 { i -= 1 }
            guard i >= 0, i < offset - 1, bytes[i] == UInt8(ascii: "-") else { return nil }
            return i
        }

        // MARK: Walking the tree

        mutating func build(root: YNode) -> Bool {
            // Line breaks the line table does not know (a lone CR, NEL, LS, PS).
            let b = bytes
            for i in b.indices {
                switch b[i] {
                case 0x0D where i + 1 >= b.count || b[i + 1] != 0x0A: return false
                case 0xC2 where i + 1 < b.count && b[i + 1] == 0x85: return false
                case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): return false
                default: continue
                }
            }
            guard !root.isScalar, !root.isFlowCollection else { return false }
            seen.insert(root.index)
            if root.isMapping {
                mapping(root, new: 0, parent: -1)
            } else if let first = root.items.first, let d = dash(before: first.offset) {
                sequence(root, firstDash: d, new: 0, parent: -1)
            } else {
                return false
            }
            guard ok else { return false }
            return finishLines()
        }

        mutating func mapping(_ m: YNode, new: Int, parent: Int) {
            let pairs = m.pairs
            guard let first = pairs.first?.key else { ok = false; return }
            let old = column(first.offset)
            let ctx = context(old: old, new: new, parent: parent)
            for (k, v) in pairs {
                // A key seen already came in through a merge key (`<<: *x`): the pass leaves
                // such files alone (the `<<` line has no role).
                guard seen.insert(k.index).inserted else { continue }
                guard k.isScalar, column(k.offset) == old else { ok = false; return }
                let keyLine = line(of: k.offset)
                if isFirstOnLine(k.offset) {
                    assign(keyLine, .structure(indent: new, context: ctx))
                } else if !onlyDashesBefore(k.offset) {
                    ok = false
                    return
                }
                value(v, keyLine: keyLine, old: old, new: new, context: ctx)
                if !ok { return }
            }
        }

        /// A mapping's value; `old`/`new` are the mapping's columns.
        mutating func value(_ v: YNode, keyLine: Int, old: Int, new: Int, context ctx: Int) {
            guard seen.insert(v.index).inserted else { return }   // an alias, on the key's line
            if v.isMapping, !v.isFlowCollection {
                guard let k = v.pairs.first?.key, line(of: k.offset) > keyLine else { ok = false; return }
                mapping(v, new: new + width, parent: ctx)
            } else if v.isSequence, !v.isFlowCollection {
                guard let item = v.items.first, let d = dash(before: item.offset), line(of: d) > keyLine else { ok = false; return }
                let indentless = column(d) == old
                sequence(v, firstDash: d, new: indentless && !indentLists ? new : new + width, parent: ctx)
            } else {
                leaf(v, keyLine: keyLine, parentOld: old, parentNew: new, delta: new - old, context: ctx)
            }
        }

        mutating func sequence(_ s: YNode, firstDash: Int, new: Int, parent: Int) {
            let old = column(firstDash)
            let ctx = context(old: old, new: new, parent: parent)
            for item in s.items {
                // An alias item gives no place for its dash.
                guard seen.insert(item.index).inserted, let d = dash(before: item.offset), column(d) == old else { ok = false; return }
                let l = line(of: d)
                if isFirstOnLine(d) {
                    assign(l, .structure(indent: new, context: ctx))
                } else if !onlyDashesBefore(d) {
                    ok = false
                    return
                }
                if item.offset > d + 2 { gaps.append((d + 1)..<item.offset) }
                let itemOld = column(item.offset)
                if item.isMapping, !item.isFlowCollection {
                    mapping(item, new: new + 2, parent: ctx)
                } else if item.isSequence, !item.isFlowCollection {
                    sequence(item, firstDash: item.offset, new: new + 2, parent: ctx)
                } else {
                    leaf(item, keyLine: l, parentOld: old, parentNew: new, delta: new + 2 - itemOld, context: ctx)
                }
                if !ok { return }
            }
        }

        /// A scalar or flow collection, the value of a key on `keyLine` (or a list item on its
        /// dash's line) in a collection at `parentOld`, moving to `parentNew`; `delta` is how
        /// far its first line's content moves when it shares that line.
        mutating func leaf(_ v: YNode, keyLine: Int, parentOld: Int, parentNew: Int, delta: Int, context ctx: Int) {
            if v.isScalar, v.style == .plain, v.byteCount == 0 { return }   // nothing written
            let start = v.offset
            let first = line(of: start)
            var delta = delta
            if first != keyLine {
                // Written on a line of its own, under its key: a step right of the key.
                guard isFirstOnLine(start) else { ok = false; return }
                let indent = parentNew + width
                assign(first, .structure(indent: indent, context: context(old: column(start), new: indent, parent: ctx)))
                delta = indent - column(start)
            }
            if v.isScalar, v.style == .literal || v.style == .folded {
                var p = start
                while p < bytes.count, bytes[p] != UInt8(ascii: "|"), bytes[p] != UInt8(ascii: ">"), bytes[p] != 0x0A { p += 1 }
                guard let block = BlockScalar(bytes: bytes, at: p, parentIndent: parentOld) else { ok = false; return }
                guard block.indent >= 0 else { return }   // no content lines
                // Content two columns right of its parent, or as far as its parent moves when
                // an indicator says where it is.
                let shift = block.hasIndentationIndicator ? parentNew - parentOld : parentNew + width - block.indent
                var last = line(of: block.contentEnd)
                if block.keepsTrailingLines {
                    while last + 1 < lines.count, Whitespace.isBlank(bytes, lines.starts[last + 1]) { last += 1 }
                }
                let header = line(of: p)
                if last > header { for l in (header + 1)...last { assign(l, .shift(delta: shift, floor: 0, base: block.indent)) } }
                return
            }
            guard let end = self.end(of: v), end > start else { ok = false; return }
            let last = line(of: end - 1)
            // A continuation line right of its parent stays right of it.
            if last > first {
                for l in (first + 1)...last { assign(l, .shift(delta: delta, floor: lines.indent(l) > parentOld ? parentNew + 1 : 0, base: Int.max / 2)) }
            }
        }

        /// The offset after a scalar or flow collection: a flow collection's closing bracket
        /// follows its last child, after blanks, line breaks, commas and comments.
        func end(of n: YNode) -> Int? {
            if n.isScalar { return yaml.range(n).end }
            let children = n.isMapping ? n.pairs.flatMap { [$0.key, $0.value] } : n.items
            var p: Int
            if let last = children.last {
                guard last.offset > n.offset, let e = end(of: last) else { return nil }
                p = e
            } else {
                p = n.offset + 1
            }
            while p < bytes.count {
                switch bytes[p] {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","): p += 1
                case UInt8(ascii: "#"):
                    while p < bytes.count, bytes[p] != 0x0A { p += 1 }
                case UInt8(ascii: "}"), UInt8(ascii: "]"): return p + 1
                default: return nil
                }
            }
            return nil
        }

        /// Lines no node claimed: blank ones stay, document markers and directives stay,
        /// comments are placed; anything else and the pass does not apply.
        mutating func finishLines() -> Bool {
            let b = bytes
            var structure: [Int] = []   // lines with a structure role, in order
            for l in 0..<lines.count where roles[l] == nil {
                let s = lines.starts[l], i = s + lines.indent(l)
                if Whitespace.isBlank(b, s) { continue }
                if i == s, i + 2 < b.count, (b[s] == UInt8(ascii: "-") && b[s + 1] == UInt8(ascii: "-") && b[s + 2] == UInt8(ascii: "-"))
                    || (b[s] == UInt8(ascii: ".") && b[s + 1] == UInt8(ascii: ".") && b[s + 2] == UInt8(ascii: ".")) {
                    roles[l] = .kept
                } else if i == s, b[s] == UInt8(ascii: "%") {
                    roles[l] = .kept
                } else if i < b.count, b[i] == UInt8(ascii: "#") {
                    continue
                } else {
                    return false
                }
            }
            for l in 0..<lines.count { if case .structure = roles[l] { structure.append(l) } }
            // Comments, now that every line around them has its place.
            var next = 0
            for l in 0..<lines.count where roles[l] == nil && !Whitespace.isBlank(b, lines.starts[l]) {
                while next < structure.count, structure[next] < l { next += 1 }
                let after = next < structure.count ? structure[next] : nil
                let before = next > 0 ? structure[next - 1] : nil
                roles[l] = .structure(indent: commentColumn(lines.indent(l), before: before, after: after), context: -1)
            }
            return true
        }

        func chain(_ line: Int?) -> [(old: Int, new: Int)] {
            guard let line, case .structure(_, var c) = roles[line] else { return [] }
            var out: [(old: Int, new: Int)] = []
            while c >= 0 {
                out.append((contexts[c].old, contexts[c].new))
                c = contexts[c].parent
            }
            return out
        }

        /// Where a full-line comment at column `c` goes, between two structure lines.
        func commentColumn(_ c: Int, before: Int?, after: Int?) -> Int {
            if let after, case .structure(let indent, _) = roles[after], lines.indent(after) == c { return indent }
            let next = chain(after), previous = chain(before)
            // Aligned with a collection: the innermost of those around the next line (a list
            // and the mapping holding it may share a column), else the outermost of the previous
            // line's (a comment after a list's last item at its key's column is not in it).
            if let m = next.first(where: { $0.old == c }) ?? previous.last(where: { $0.old == c }) { return m.new }
            // Deeper than what follows: the previous line's collections first.
            let deeper = after.map { c > lines.indent($0) } ?? true
            for candidates in deeper ? [previous, next] : [next, previous] {
                if let m = candidates.first(where: { $0.old < c }) { return Swift.max(0, m.new + c - m.old) }
            }
            return c
        }

        // MARK: Writing

        func render() -> String {
            let b = bytes
            var out: [UInt8] = []
            out.reserveCapacity(b.count + b.count / 8)
            var g = 0
            let gaps = self.gaps.sorted { $0.lowerBound < $1.lowerBound }
            for l in 0..<lines.count {
                let s = lines.starts[l]
                let e = l + 1 < lines.count ? lines.starts[l + 1] : b.count
                let indent = lines.indent(l)
                var from = s + indent
                switch roles[l] {
                case .structure(let n, _)?:
                    out += [UInt8](repeating: 0x20, count: n)
                case .shift(let delta, let floor, let base)?:
                    let n = !Whitespace.isBlank(b, s) ? Swift.max(indent + delta, floor)
                        : indent > base ? indent + delta : Swift.min(indent, base + delta)
                    out += [UInt8](repeating: 0x20, count: Swift.max(0, n))
                case .kept?, nil:
                    from = s
                }
                while g < gaps.count, gaps[g].lowerBound < from { g += 1 }
                while g < gaps.count, gaps[g].lowerBound < e {
                    out += b[from..<gaps[g].lowerBound]
                    out.append(0x20)
                    from = gaps[g].upperBound
                    g += 1
                }
                out += b[from..<e]
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
