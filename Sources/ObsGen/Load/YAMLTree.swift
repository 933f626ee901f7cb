import CYaml
import Dispatch
import Foundation
import PromQL

/// A YAML document read through libyaml's event API into flat arrays: one entry per node (kind,
/// style, byte offset, line and column), children and scalar bytes in two arenas. No Swift
/// string is made until a loader asks for a scalar's value, and positions are byte offsets
/// taken from libyaml's marks as they arrive — never a column scan per node, so a file on one
/// long line costs what the same file on many lines does.
///
/// Same document model as Yams' `compose` with its basic resolver: aliases are the nodes they
/// name, duplicate scalar keys in a mapping are an error, and merge keys (`<<`) are applied
/// (as Prometheus' YAML reader does).
public final class YAMLTree: @unchecked Sendable {
    public enum Kind: UInt8, Sendable { case scalar, mapping, sequence }

    /// libyaml's scalar styles (the same raw values as `yaml_scalar_style_t`).
    public enum ScalarStyle: UInt8, Sendable { case any = 0, plain, singleQuoted, doubleQuoted, literal, folded }

    struct Entry {
        var kind: Kind
        var style: UInt8
        /// Byte offset of the node's first character.
        var offset: Int32
        /// 1-based line and column (columns in Unicode scalars, as libyaml counts).
        var line: Int32
        var column: Int32
        /// Scalars: range in `scalarBytes`; collections: range in `children` (mappings hold
        /// key, value, key, value…).
        var first: Int32
        var count: Int32
    }

    /// The nodes, built once and then only read: held in a `let`, so that reading them costs
    /// no exclusivity check (a `var` of a class is checked at every access).
    struct Storage {
        var entries: [Entry] = []
        var children: [Int32] = []
        var scalarBytes: [UInt8] = []
        /// Explicit tags (`!!int 5`), by node; absent for the (usual) untagged node.
        var tags: [Int32: String] = [:]
        var root: Int32 = -1
        /// Merge keys whose value is neither a mapping nor a list of mappings.
        var badMerges: [Int32] = []
    }

    let s: Storage

    init(_ storage: Storage) { s = storage }

    var entries: [Entry] { s.entries }
    var children: [Int32] { s.children }
    var scalarBytes: [UInt8] { s.scalarBytes }
    var tags: [Int32: String] { s.tags }
    public var root: Int32 { s.root }

    /// A parse error: message and byte offset, as the loaders report it.
    public struct Failure: Error, Sendable {
        public var message: String
        public var offset: Int
    }

    /// Merge keys whose value is neither a mapping nor a list of mappings.
    public var badMerges: [Int32] { s.badMerges }

    public var rootNode: YNode? { root >= 0 ? YNode(tree: self, index: root) : nil }

    /// Parses `bytes` (UTF-8). Throws the first error as Yams would report it.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> YAMLTree {
        if bytes.count >= chunkedMinimum, let tree = parseInChunks(bytes) { return tree }
        return try parseWhole(bytes)
    }

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> YAMLTree {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Failure) in try parse(b) }
    }

    /// The whole text in one piece; `throughReader` makes libyaml's reader read even text it
    /// would pass through unchanged (for tests that compare the two ways).
    static func parseWhole(_ bytes: UnsafeBufferPointer<UInt8>, throughReader: Bool = false) throws(Failure) -> YAMLTree {
        YAMLTree(try parseStorage(bytes, throughReader: throughReader))
    }

    static func parseStorage(_ bytes: UnsafeBufferPointer<UInt8>, throughReader: Bool = false) throws(Failure) -> Storage {
        var builder = Builder(bytes: bytes)
        try builder.run(throughReader: throughReader)
        return builder.s
    }

    static func parseStorage(_ bytes: [UInt8]) throws(Failure) -> Storage {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Failure) in try parseStorage(b) }
    }

    static func parseWhole(_ bytes: [UInt8]) throws(Failure) -> YAMLTree {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Failure) in try parseWhole(b) }
    }

    // MARK: - A large rule file in parallel

    /// Files at least this large are parsed in parallel pieces when their shape allows it.
    static let chunkedMinimum = 256 << 10

    /// A large rule file of the usual shape — a top-level `groups:` list and nothing else but
    /// comments at the top level — parsed in pieces on every core: it is cut before list items
    /// of the `groups:` list (lines with the items' indentation that start with `- `), each piece
    /// is parsed as `groups:` followed by its items, and the pieces' trees are joined into the
    /// tree of the whole file, positions shifted to where each piece lies.
    ///
    /// A cut that is not between two groups (inside a multi-line quoted string or flow
    /// collection) leaves a piece unterminated, which fails to parse; an alias to an anchor of
    /// another piece fails too. Any failure, or a file of another shape, and the file is parsed
    /// whole, so errors are reported as they always are. Nil when the file was not cut.
    static func parseInChunks(_ bytes: [UInt8]) -> YAMLTree? {
        bytes.withUnsafeBufferPointer { parseInChunks($0) }
    }

    static func parseInChunks(_ bytes: UnsafeBufferPointer<UInt8>) -> YAMLTree? {
        guard let cuts = cutPoints(bytes) else { return nil }
        let prefix = Array("groups:\n".utf8)
        var trees = [Storage?](repeating: nil, count: cuts.count)
        trees.withUnsafeMutableBufferPointer { out in
            // Each task writes its own slot.
            nonisolated(unsafe) let out = out.baseAddress!
            nonisolated(unsafe) let bytes = bytes
            DispatchQueue.concurrentPerform(iterations: cuts.count) { k in
                let start = cuts[k].offset, end = k + 1 < cuts.count ? cuts[k + 1].offset : bytes.count
                let piece = k == 0 ? Array(bytes[start..<end]) : prefix + bytes[start..<end]
                (out + k).pointee = try? parseStorage(piece)
            }
        }
        var pieces: [(tree: Storage, groups: Int32)?] = []
        for tree in trees {
            // Each piece must be `groups:` and a list, nothing else.
            guard let tree, tree.root >= 0 else { return nil }
            let root = tree.entries[Int(tree.root)]
            guard root.kind == .mapping, root.count == 2, tree.scalarEquals(tree.children[Int(root.first)], "groups"), tree.tags[tree.children[Int(root.first)]] == nil else { return nil }
            let seq = tree.children[Int(root.first) + 1]
            guard tree.entries[Int(seq)].kind == .sequence else { return nil }
            pieces.append((tree, seq))
        }
        trees = []
        // Join: the first piece's tree takes the others' nodes, and its `groups:` list their items.
        // Room for all of it is made first, and each piece is let go once copied (the pieces and
        // the whole would otherwise be in memory together, with the whole's arrays doubling).
        var (whole, firstGroups) = pieces[0]!
        pieces[0] = nil
        var entryCount = 0, childCount = 0, byteCount = 0
        entryCount = whole.entries.count
        childCount = whole.children.count + Int(whole.entries[Int(firstGroups)].count)
        byteCount = whole.scalarBytes.count
        for case let (tree, groups)? in pieces {
            entryCount += tree.entries.count
            childCount += tree.children.count + Int(tree.entries[Int(groups)].count)
            byteCount += tree.scalarBytes.count
        }
        whole.entries.reserveCapacity(entryCount)
        whole.children.reserveCapacity(childCount)
        whole.scalarBytes.reserveCapacity(byteCount)
        var items = Array(whole.children[Int(whole.entries[Int(firstGroups)].first)..<Int(whole.entries[Int(firstGroups)].first + whole.entries[Int(firstGroups)].count)])
        for k in 1..<pieces.count {
            let (tree, seq) = pieces[k]!
            pieces[k] = nil
            let nodeBase = Int32(whole.entries.count), childBase = Int32(whole.children.count), scalarBase = Int32(whole.scalarBytes.count)
            let shift = Int32(cuts[k].offset - prefix.count), lineShift = Int32(cuts[k].newlinesBefore - 1)
            for var e in tree.entries {
                e.offset += shift
                e.line += lineShift
                e.first += e.kind == .scalar ? scalarBase : childBase
                whole.entries.append(e)
            }
            whole.children.append(contentsOf: tree.children.lazy.map { $0 + nodeBase })
            whole.scalarBytes.append(contentsOf: tree.scalarBytes)
            for (node, tag) in tree.tags { whole.tags[node + nodeBase] = tag }
            whole.badMerges += tree.badMerges.map { $0 + nodeBase }
            let e = tree.entries[Int(seq)]
            items += tree.children[Int(e.first)..<Int(e.first + e.count)].map { $0 + nodeBase }
        }
        whole.entries[Int(firstGroups)].first = Int32(whole.children.count)
        whole.entries[Int(firstGroups)].count = Int32(items.count)
        whole.children += items
        return YAMLTree(whole)
    }

    /// Where to cut a large rule file (the first cut at 0), with the number of line breaks
    /// before each; nil when the file is not of the shape `parseInChunks` reads.
    static func cutPoints(_ b: [UInt8]) -> [(offset: Int, newlinesBefore: Int)]? {
        b.withUnsafeBufferPointer { cutPoints($0) }
    }

    /// Whether the text has a line break other than "\n" and "\r\n" (a lone CR, NEL, LS, PS),
    /// which libyaml counts as lines too: such a file is read whole, so that line numbers stay a
    /// count of "\n". Each lead byte is found with memchr (an ASCII file has none).
    static func hasOtherLineBreaks(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func any(_ lead: UInt8, _ isBreak: (Int) -> Bool) -> Bool {
            var i = 0
            while let at = b.firstIndex(of: lead, from: i) {
                if isBreak(at) { return true }
                i = at + 1
            }
            return false
        }
        return any(0x0D) { $0 + 1 < b.count && b[$0 + 1] != 0x0A }
            || any(0xC2) { $0 + 1 < b.count && b[$0 + 1] == 0x85 }
            || any(0xE2) { $0 + 2 < b.count && b[$0 + 1] == 0x80 && (b[$0 + 2] == 0xA8 || b[$0 + 2] == 0xA9) }
    }

    static func cutPoints(_ b: UnsafeBufferPointer<UInt8>) -> [(offset: Int, newlinesBefore: Int)]? {
        let pieces = max(2, min(16, 2 * ProcessInfo.processInfo.activeProcessorCount))
        let target = max(chunkedMinimum / 4, b.count / pieces)
        guard !hasOtherLineBreaks(b) else { return nil }
        var cuts: [(offset: Int, newlinesBefore: Int)] = [(0, 0)]
        var sawGroups = false
        var itemIndent = -1
        var newlines = 0
        var i = 0
        while i < b.count {
            // At a line start.
            var j = i
            while j < b.count, b[j] == UInt8(ascii: " ") { j += 1 }
            let indent = j - i
            let first: UInt8 = j < b.count ? b[j] : 0x0A
            let blank = first == 0x0A || first == 0x0D || first == UInt8(ascii: "#")
            if !blank {
                if !sawGroups {
                    // The first content line: `groups:` alone.
                    guard indent == 0, b[j...].starts(with: "groups:".utf8) else { return nil }
                    var k = j + 7
                    while k < b.count, b[k] == UInt8(ascii: " ") { k += 1 }
                    guard k == b.count || b[k] == 0x0A || b[k] == 0x0D else { return nil }
                    sawGroups = true
                } else {
                    let isItem = first == UInt8(ascii: "-") && (j + 1 == b.count || b[j + 1] == UInt8(ascii: " ") || b[j + 1] == 0x0A || b[j + 1] == 0x0D)
                    if itemIndent < 0 {
                        guard isItem else { return nil }
                        itemIndent = indent
                    } else if indent == 0 && !(itemIndent == 0 && isItem) {
                        return nil   // another top-level key, a document marker, a directive
                    } else if indent == itemIndent && isItem && i - cuts[cuts.count - 1].offset >= target {
                        cuts.append((i, newlines))
                    }
                }
            }
            // To the next line (the other line breaks were ruled out above).
            j = b.firstIndex(of: 0x0A, from: j) ?? b.count
            newlines += 1
            i = j + 1
        }
        return cuts.count > 1 ? cuts : nil
    }

    /// The number of characters of `b` when libyaml's reader would pass it through unchanged:
    /// well-formed UTF-8 of the characters YAML allows (tab, line feed, carriage return,
    /// printable ASCII, NEL, and the rest of Unicode but surrogates, U+FFFE and U+FFFF); nil
    /// for anything its reader would report (a control character, a NUL, malformed UTF-8).
    static func readerWouldPass(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var i = 0, characters = 0
        guard let base = b.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        while i < n {
            // Eight printable ASCII characters at a time (no high bit, none below 0x20, no DEL).
            if i + 8 <= n {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
                let del = x ^ (0x7F * ones)
                if (x | ((x &- 0x20 * ones) & ~x) | ((del &- ones) & ~del)) & high == 0 {
                    i += 8
                    characters += 8
                    continue
                }
            }
            let c = b[i]
            if c < 0x80 {
                guard c >= 0x20 ? c != 0x7F : (c == 0x09 || c == 0x0A || c == 0x0D) else { return nil }
                i += 1
                characters += 1
                continue
            }
            let width = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0
            guard width > 0, c < 0xF8, i + width <= n else { return nil }
            var value = UInt32(c) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
            for k in 1..<width {
                let t = b[i + k]
                guard t & 0xC0 == 0x80 else { return nil }
                value = value << 6 | UInt32(t & 0x3F)
            }
            // Shortest form only, no surrogates, within Unicode, and allowed in YAML.
            let shortest = width == 2 ? value >= 0x80 : width == 3 ? value >= 0x800 : value >= 0x10000
            guard shortest, value == 0x85 || (value >= 0xA0 && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF)
            else { return nil }
            i += width
            characters += 1
        }
        return characters
    }

    // MARK: - Building

    private struct Builder {
        var s = Storage()
        let bytes: UnsafeBufferPointer<UInt8>
        /// Char index → byte offset cursor (libyaml's marks count characters).
        var cursorChar = 0
        var cursorByte = 0
        let ascii: Bool
        let mayMerge: Bool
        /// Children of the collections being built, innermost last.
        var pending: [Int32] = []
        var frames: [(node: Int32, start: Int)] = []
        var anchors: [String: Int32] = [:]

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            self.ascii = bytes.isASCII
            // A merge key's `<<` anywhere.
            var p = 0, merge = false
            while let at = bytes.firstIndex(of: 0x3C, from: p, before: bytes.count - 1) {
                if bytes[at + 1] == 0x3C { merge = true; break }
                p = at + 1
            }
            self.mayMerge = merge
        }

        /// The byte offset of a character index (a byte order mark counts as one, as libyaml
        /// skips it). The cursor moves from the last mark asked for: marks arrive nearly in order,
        /// so the whole parse moves it about once over the text.
        mutating func offset(_ charIndex: Int) -> Int {
            if ascii { return charIndex }
            var c = cursorChar, b = cursorByte
            while c < charIndex, b < bytes.count {
                b += 1
                while b < bytes.count, bytes[b] & 0xC0 == 0x80 { b += 1 }
                c += 1
            }
            while c > charIndex, b > 0 {
                b -= 1
                while b > 0, bytes[b] & 0xC0 == 0x80 { b -= 1 }
                c -= 1
            }
            cursorChar = c
            cursorByte = b
            return b
        }

        mutating func failure(_ parser: yaml_parser_t) -> Failure {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
            switch parser.error {
            case YAML_READER_ERROR:
                // The character it refuses, named (it is not visible in the line shown).
                let value = problem.hasPrefix("control characters") && parser.problem_value >= 0 ? String(format: " (U+%04X)", parser.problem_value) : ""
                return Failure(message: "cannot read YAML: \(problem)\(value)", offset: parser.problem_offset)
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
                let context = parser.context.map { " " + String(cString: $0) } ?? ""
                return Failure(message: "malformed YAML: \(problem)\(context)", offset: offset(parser.problem_mark.index))
            default:
                return Failure(message: "malformed YAML: \(problem)", offset: 0)
            }
        }

        mutating func add(_ kind: Kind, style: UInt8, mark: yaml_mark_t, first: Int, count: Int) -> Int32 {
            let index = Int32(s.entries.count)
            s.entries.append(Entry(kind: kind, style: style, offset: Int32(offset(mark.index)), line: Int32(mark.line + 1), column: Int32(mark.column + 1),
                                      first: Int32(first), count: Int32(count)))
            return index
        }

        static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            guard let p else { return nil }
            return String(cString: p)
        }

        mutating func register(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: Int32) {
            if let name = Self.string(anchor) { anchors[name] = node }
        }

        /// A finished node: a child of the collection being built, or the root.
        mutating func attach(_ node: Int32) {
            if frames.isEmpty { s.root = node } else { pending.append(node) }
        }

        mutating func run(throughReader: Bool = false) throws(Failure) {
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { throw Failure(message: "cannot read YAML: out of memory", offset: 0) }
            defer { yaml_parser_delete(&parser) }
            // Text libyaml's reader would pass through unchanged goes to its scanner directly:
            // the reader decodes and re-encodes every character into a buffer of its own, a
            // tenth of a large lint's instructions. The scanner gets what the reader would have
            // made: the bytes, a NUL after them (and a few more, for its look-ahead), the count
            // of characters, and the end of input reached. Anything else is read by the reader,
            // which reports it.
            let readerBuffer = parser.buffer
            var direct: UnsafeMutablePointer<UInt8>?
            if !throughReader, let characters = YAMLTree.readerWouldPass(bytes) {
                let padding = 8
                let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + padding)
                if let base = bytes.baseAddress, !bytes.isEmpty { copy.initialize(from: base, count: bytes.count) }
                (copy + bytes.count).initialize(repeating: 0, count: padding)
                parser.buffer.start = copy
                parser.buffer.pointer = copy
                parser.buffer.last = copy + bytes.count + 1
                parser.buffer.end = copy + bytes.count + padding
                parser.unread = characters + 1
                parser.eof = 1
                direct = copy
            }
            defer {
                if let direct {
                    // libyaml frees its own buffer, not this one.
                    parser.buffer = readerBuffer
                    direct.deallocate()
                }
            }
            do {
                let buffer = bytes
                yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
                yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
                var event = yaml_event_t()
                var documents = 0
                while true {
                    guard yaml_parser_parse(&parser, &event) == 1 else { throw failure(parser) }
                    defer { yaml_event_delete(&event) }
                    switch event.type {
                    case YAML_STREAM_END_EVENT:
                        return
                    case YAML_DOCUMENT_START_EVENT:
                        documents += 1
                        if documents > 1 {
                            throw Failure(message: "malformed YAML: but found another document expected a single document in the stream", offset: offset(event.start_mark.index))
                        }
                    case YAML_SCALAR_EVENT:
                        let scalar = event.data.scalar
                        let first = s.scalarBytes.count
                        if let v = scalar.value, scalar.length > 0 {
                            s.scalarBytes.append(contentsOf: UnsafeBufferPointer(start: v, count: scalar.length))
                        }
                        let node = add(.scalar, style: UInt8(truncatingIfNeeded: scalar.style.rawValue), mark: event.start_mark, first: first, count: scalar.length)
                        if scalar.quoted_implicit != 1, let tag = Self.string(scalar.tag) { s.tags[node] = tag }
                        register(scalar.anchor, node)
                        attach(node)
                    case YAML_ALIAS_EVENT:
                        guard let name = Self.string(event.data.alias.anchor), let target = anchors[name] else {
                            throw Failure(message: "malformed YAML: found undefined alias", offset: offset(event.start_mark.index))
                        }
                        attach(target)
                    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                        let isMapping = event.type == YAML_MAPPING_START_EVENT
                        let style = isMapping ? event.data.mapping_start.style.rawValue : event.data.sequence_start.style.rawValue
                        let node = add(isMapping ? .mapping : .sequence, style: UInt8(truncatingIfNeeded: style), mark: event.start_mark, first: 0, count: 0)
                        let implicit = isMapping ? event.data.mapping_start.implicit : event.data.sequence_start.implicit
                        if implicit == 0, let tag = Self.string(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag) { s.tags[node] = tag }
                        register(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor, node)
                        frames.append((node, pending.count))
                        // Attached when it ends (so that its parent's children stay in order,
                        // the frame remembers where its own start).
                    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                        let frame = frames.removeLast()
                        var kids = Array(pending[frame.start...])
                        pending.removeSubrange(frame.start...)
                        if s.entries[Int(frame.node)].kind == .mapping {
                            try checkDuplicates(kids)
                            if mayMerge { kids = s.resolvingMerges(kids) }
                        }
                        s.entries[Int(frame.node)].first = Int32(s.children.count)
                        s.entries[Int(frame.node)].count = Int32(kids.count)
                        s.children.append(contentsOf: kids)
                        attach(frame.node)
                    default:
                        break
                    }
                }
            }
        }

        /// Two equal scalar keys in one mapping: an error at the key written again (the first
        /// such in the file), naming every repeated key and where the first one is.
        func checkDuplicates(_ kids: [Int32]) throws(Failure) {
            let n = kids.count / 2
            guard n > 1 else { return }
            // (first occurrence, repeat) of each repeated key, at its first repeat.
            var duplicated: [(first: Int32, again: Int32)] = []
            if n <= 16 {
                for i in 0..<n {
                    let k = kids[2 * i]
                    guard s.entries[Int(k)].kind == .scalar else { continue }
                    for j in 0..<i where s.sameScalar(kids[2 * j], k) {
                        if !duplicated.contains(where: { s.sameScalar($0.first, k) }) { duplicated.append((kids[2 * j], k)) }
                        break
                    }
                }
            } else {
                var seen: [String: Int32] = [:]
                var reported: Set<String> = []
                for i in 0..<n {
                    let k = kids[2 * i]
                    guard s.entries[Int(k)].kind == .scalar else { continue }
                    let key = s.string(k) + "\u{0}" + (s.tags[k] ?? "")
                    if let first = seen[key] {
                        if reported.insert(key).inserted { duplicated.append((first, k)) }
                    } else {
                        seen[key] = k
                    }
                }
            }
            guard !duplicated.isEmpty else { return }
            let names = duplicated.map { s.string($0.first) }.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            // A repeat written as a key is reported where it is; a repeat through an alias
            // (`*k :`) is the anchored node itself, elsewhere: then at the first key.
            let offset = { (n: Int32) in Int(s.entries[Int(n)].offset) }
            guard let at = duplicated.filter({ offset($0.again) > offset($0.first) }).min(by: { offset($0.again) < offset($1.again) }) else {
                throw Failure(message: "duplicate key \(names) in mapping", offset: offset(duplicated[0].first))
            }
            var line = 1
            for i in 0..<min(offset(at.first), bytes.count) where bytes[i] == 0x0A { line += 1 }
            throw Failure(message: "duplicate key \(names) in mapping (\"\(s.string(at.first))\" first at line \(line))", offset: offset(at.again))
        }
    }

    // MARK: - Reading

    func sameScalar(_ a: Int32, _ b: Int32) -> Bool { s.sameScalar(a, b) }
    func scalarEquals(_ node: Int32, _ str: StaticString) -> Bool { s.scalarEquals(node, str) }
    func scalarEquals(_ node: Int32, _ str: String) -> Bool { s.scalarEquals(node, str) }
    func string(_ node: Int32) -> String { s.string(node) }
}

extension YAMLTree.Storage {

    func sameScalar(_ a: Int32, _ b: Int32) -> Bool {
        let ea = entries[Int(a)], eb = entries[Int(b)]
        guard ea.kind == .scalar, eb.kind == .scalar, ea.count == eb.count, tags[a] == tags[b] else { return false }
        var i = Int(ea.first), j = Int(eb.first)
        let end = i + Int(ea.count)
        while i < end {
            if scalarBytes[i] != scalarBytes[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// Whether a scalar's value is exactly these bytes.
    func scalarEquals(_ node: Int32, _ s: StaticString) -> Bool {
        let e = entries[Int(node)]
        guard e.kind == .scalar, Int(e.count) == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for k in 0..<Int(e.count) where scalarBytes[Int(e.first) + k] != p[k] { return false }
        return true
    }

    func scalarEquals(_ node: Int32, _ s: String) -> Bool {
        let e = entries[Int(node)]
        guard e.kind == .scalar, Int(e.count) == s.utf8.count else { return false }
        var k = Int(e.first)
        for b in s.utf8 {
            if scalarBytes[k] != b { return false }
            k += 1
        }
        return true
    }

    func string(_ node: Int32) -> String {
        let e = entries[Int(node)]
        guard e.kind == .scalar else { return "" }
        return scalarBytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[Int(e.first)..<Int(e.first + e.count)]), as: UTF8.self) }
    }

    /// A mapping's children with its merge keys applied: the keys of the merged mappings (the
    /// first one first, for a list) that the mapping does not set itself take the place of the
    /// `<<` key. A merge key whose value is not a mapping or a list of them stays, and its value
    /// is reported.
    fileprivate mutating func resolvingMerges(_ kids: [Int32]) -> [Int32] {
        func isMerge(_ k: Int32) -> Bool { entries[Int(k)].style == YAMLTree.ScalarStyle.plain.rawValue && scalarEquals(k, "<<") }
        guard stride(from: 0, to: kids.count, by: 2).contains(where: { isMerge(kids[$0]) }) else { return kids }
        var own: Set<String> = []
        for i in stride(from: 0, to: kids.count, by: 2) where !isMerge(kids[i]) && entries[Int(kids[i])].kind == .scalar { own.insert(string(kids[i])) }
        var out: [Int32] = []
        var merged: Set<String> = []
        for i in stride(from: 0, to: kids.count, by: 2) {
            let k = kids[i], v = kids[i + 1]
            guard isMerge(k) else {
                out += [k, v]
                continue
            }
            let ev = entries[Int(v)]
            var sources: [Int32]
            switch ev.kind {
            case .mapping: sources = [v]
            case .sequence:
                sources = Array(children[Int(ev.first)..<Int(ev.first + ev.count)])
                if !sources.allSatisfy({ entries[Int($0)].kind == .mapping }) { sources = [] }
            case .scalar: sources = []
            }
            if sources.isEmpty && !(ev.kind == .sequence && ev.count == 0) {
                badMerges.append(v)
                out += [k, v]
                continue
            }
            for source in sources {
                let es = entries[Int(source)]
                for j in stride(from: Int(es.first), to: Int(es.first + es.count), by: 2) {
                    let sk = children[j], sv = children[j + 1]
                    guard entries[Int(sk)].kind == .scalar else { continue }
                    let name = string(sk)
                    guard !own.contains(name), merged.insert(name).inserted else { continue }
                    out += [sk, sv]
                }
            }
        }
        return out
    }
}

/// A node of a `YAMLTree`.
public struct YNode: Sendable {
    let tree: YAMLTree
    let index: Int32

    var entry: YAMLTree.Entry { tree.entries[Int(index)] }

    public var kind: YAMLTree.Kind { entry.kind }
    public var isScalar: Bool { entry.kind == .scalar }
    public var isMapping: Bool { entry.kind == .mapping }
    public var isSequence: Bool { entry.kind == .sequence }

    /// Byte offset of the node's first character.
    public var offset: Int { Int(entry.offset) }
    /// 1-based line and column (in Unicode scalars).
    public var line: Int { Int(entry.line) }
    public var column: Int { Int(entry.column) }

    /// A scalar's value; nil for a collection.
    public var string: String? { isScalar ? tree.string(index) : nil }
    /// Length of a scalar's value in UTF-8 bytes.
    public var byteCount: Int { isScalar ? Int(entry.count) : 0 }
    public var style: YAMLTree.ScalarStyle { isScalar ? YAMLTree.ScalarStyle(rawValue: entry.style) ?? .any : .any }
    /// An explicit tag (`!!int`, resolved: `tag:yaml.org,2002:int`), or nil.
    public var tag: String? { tree.tags[index] }
    /// Whether a mapping or sequence is written in flow style (`{…}`, `[…]`).
    public var isFlowCollection: Bool { !isScalar && entry.style == 2 }

    public func equals(_ s: String) -> Bool { tree.scalarEquals(index, s) }

    /// Calls `body` with a scalar's value as UTF-8 bytes (empty for a collection), no copy.
    func withBytes<R>(_ body: (Slice<UnsafeBufferPointer<UInt8>>) -> R) -> R {
        let e = entry
        let range = e.kind == .scalar ? Int(e.first)..<Int(e.first + e.count) : 0..<0
        return tree.scalarBytes.withUnsafeBufferPointer { body($0[range]) }
    }

    /// Calls `body` for each line of a scalar's value (split at "\n", empty ones included),
    /// with whether the line is empty.
    func forEachLine(_ body: (Bool) -> Void) {
        let e = entry
        guard e.kind == .scalar else { return }
        var lineLength = 0
        for i in Int(e.first)..<Int(e.first + e.count) {
            if tree.scalarBytes[i] == 0x0A {
                body(lineLength == 0)
                lineLength = 0
            } else {
                lineLength += 1
            }
        }
        body(lineLength == 0)
    }

    /// A sequence's items (empty for anything else).
    public var items: [YNode] {
        let e = entry
        guard e.kind == .sequence else { return [] }
        return (Int(e.first)..<Int(e.first + e.count)).map { YNode(tree: tree, index: tree.children[$0]) }
    }

    /// A mapping's pairs in order (empty for anything else).
    public var pairs: [(key: YNode, value: YNode)] {
        let e = entry
        guard e.kind == .mapping else { return [] }
        return stride(from: Int(e.first), to: Int(e.first + e.count), by: 2).map {
            (YNode(tree: tree, index: tree.children[$0]), YNode(tree: tree, index: tree.children[$0 + 1]))
        }
    }

    /// The value of a mapping's first key equal to `key` (nil for a non-mapping).
    public subscript(key: String) -> YNode? {
        let e = entry
        guard e.kind == .mapping else { return nil }
        for j in stride(from: Int(e.first), to: Int(e.first + e.count), by: 2) where tree.tags[tree.children[j]] == nil && tree.scalarEquals(tree.children[j], key) {
            return YNode(tree: tree, index: tree.children[j + 1])
        }
        return nil
    }
}
