import Foundation

/// A YAML file read with positions: the node tree, the text (for diagnostics with the source
/// line and a caret) and the diagnostics found while walking it.
public struct YAMLSource {
    public let source: SourceText
    public let root: YNode?
    public var diagnostics: [Diagnostic] = []

    /// Files larger than this are refused with a clear error instead of being read.
    public static let maximumSize = 64 << 20

    /// An input file's text, with what is wrong with it as text.
    public struct Input: Sendable {
        public var text: String
        /// Invalid UTF-8 (the text holds U+FFFD in its place): a located `yaml/parse` error.
        public var problems: [Diagnostic]
    }

    /// Reads an input file as text, refusing one over `maximumSize` from its size, before
    /// reading it. Every loader and the lint command read their inputs through this. Bytes
    /// that are not UTF-8 are an error at the first of them, never silently replaced; a
    /// directory, FIFO or device is refused without reading it.
    public static func readInput(_ path: String) -> Result<Input, Diagnostic> {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            let what = type == .typeDirectory ? "a directory" : type == .typeCharacterSpecial || type == .typeBlockSpecial ? "a device" : "not a regular file"
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "cannot read \(path): it is \(what)", range: .zero))
        }
        let size = attributes?[.size] as? Int ?? 0
        if size > maximumSize {
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "\(path) is \(size) bytes, more than obsgen reads (\(maximumSize))", range: .zero))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            if let onDisk = InputName.onDisk(path) {
                return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "cannot read \(onDisk): the file name is not UTF-8", range: .zero))
            }
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "cannot read \(path)\(unreadableReason(path).map { ": \($0)" } ?? "")", range: .zero))
        }
        if data.count > maximumSize {   // grew since we looked
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "\(path) is \(data.count) bytes, more than obsgen reads (\(maximumSize))", range: .zero))
        }
        return .success(decode(data))
    }

    /// Why a file cannot be read, as the system says it (`permission denied`, `no such file or
    /// directory`), or nil when it opens now.
    static func unreadableReason(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd < 0 else {
            close(fd)
            return nil
        }
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// UTF-8 text of file contents; invalid bytes are reported at the first of them (whose
    /// offset is the same in the text, since everything before it decoded as is), naming them.
    public static func decode(_ data: some Collection<UInt8>) -> Input {
        // The standard library validates fast; only text that is not UTF-8 is walked here.
        if #available(macOS 15, *), let text = String(validating: data, as: UTF8.self) { return Input(text: text, problems: []) }
        let bytes = Array(data)
        let text = String(decoding: bytes, as: UTF8.self)
        let invalid = SafeText.invalidUTF8(in: bytes)
        guard let first = invalid.first else { return Input(text: text, problems: []) }
        let shown = SafeText.escape(bytes: bytes[first.offset..<(first.offset + first.length)])
        let more = invalid.count > 1 ? ", and \(invalid.count - 1) more invalid sequence\(invalid.count == 2 ? "" : "s")" : ""
        let d = Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "the file is not UTF-8: \(shown) here is read as U+FFFD\(more)",
                           range: PositionRange(start: first.offset, end: first.offset + first.length))
        return Input(text: text, problems: [d])
    }

    public init(path: String, text: String) {
        self.init(source: SourceText(name: path, text: text))
    }

    /// Reads the YAML of a source text already made (the linter's, so that the file's bytes and
    /// line table exist once).
    public init(source: SourceText) {
        self.source = source
        let parsed = source.withUTF8 { b in Result { () throws(YAMLTree.Failure) in try YAMLTree.parse(b) } }
        do throws(YAMLTree.Failure) {
            let tree = try parsed.get()
            self.root = tree.rootNode
            // Merge keys (`<<: *defaults`) were applied as the tree was built.
            for n in tree.badMerges {
                diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "a merge key (<<) takes a mapping or a list of mappings",
                                              range: YAMLSource.range(YNode(tree: tree, index: n), in: source)))
            }
        } catch {
            self.root = nil
            diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: error.message, range: PositionRange(start: error.offset, end: error.offset + 1)))
        }
    }

    /// The byte range of a node: a one-line scalar as written (quotes included), otherwise its
    /// first character.
    public func range(_ node: YNode) -> PositionRange { YAMLSource.range(node, in: source) }

    static func range(_ node: YNode, in source: SourceText) -> PositionRange {
        let off = node.offset
        var end = off + 1
        guard node.isScalar else { return PositionRange(start: off, end: end) }
        switch node.style {
        case .plain, .singleQuoted, .doubleQuoted:
            let quote = node.style == .plain ? 0 : 1
            if contentIsVerbatim(node, at: off + quote, in: source) {
                end = off + node.byteCount + 2 * quote
            } else if quote == 1, let close = ScalarText.closingQuote(node.style == .singleQuoted, from: off, in: source) {
                // Escapes and folded lines: the scalar ends at its closing quote.
                end = close + 1
            } else {
                // Where the content ends in the file: escapes, quotes and folded lines make the
                // text longer or shorter than the string it reads as.
                source.withUTF8 { b in
                    end = Swift.max(end, ScalarText.contentEnd(node.string ?? "", style: node.style, at: off, in: b))
                    let q = UInt8(ascii: node.style == .singleQuoted ? "'" : "\"")
                    if quote == 1, end < b.count, b[end] == q { end += 1 }
                }
            }
        default:
            break
        }
        return PositionRange(start: off, end: end)
    }

    /// Whether a scalar's content is written as it reads, from `start` in the file (no escapes,
    /// no doubled quotes, no folded lines): then content offset i is file offset start + i.
    static func contentIsVerbatim(_ node: YNode, at start: Int, in source: SourceText) -> Bool {
        let n = node.byteCount
        return source.withUTF8 { b in
            guard start >= 0, start + n <= b.count, let base = b.baseAddress else { return n == 0 }
            return node.withBytes { content in
                guard n > 0 else { return true }
                let c = content.base.baseAddress! + content.startIndex
                return memcmp(base + start, c, n) == 0 && memchr(c, 0x0A, n) == nil && memchr(c, 0x0D, n) == nil
            }
        }
    }

    public func site(_ node: YNode) -> DeclarationSite {
        DeclarationSite(file: source.name, line: node.line, column: node.column)
    }

    public mutating func error(_ node: YNode, _ message: String, id: LoadIssue = .yamlParse) {
        diagnostics.append(Diagnostic(id: id.rawValue, message: message, range: range(node)))
    }

    public mutating func error(at range: PositionRange, _ message: String, id: LoadIssue = .yamlParse) {
        diagnostics.append(Diagnostic(id: id.rawValue, message: message, range: range))
    }

    static let intTag = "tag:yaml.org,2002:int", floatTag = "tag:yaml.org,2002:float", boolTag = "tag:yaml.org,2002:bool", nullTag = "tag:yaml.org,2002:null"

    /// What kind of YAML node this is, for "expected X, got Y" messages.
    public static func kindName(_ node: YNode) -> String {
        if isNull(node) { return "null" }
        switch node.kind {
        case .scalar:
            let s = node.string ?? ""
            if node.style == .plain {
                if Int(s) != nil { return "integer" }
                if Double(s) != nil { return "number" }
                if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(s) { return "boolean" }
            }
            switch node.tag {
            case intTag: return "integer"
            case floatTag: return "number"
            case boolTag: return "boolean"
            case nullTag: return "null"
            default: return "string"
            }
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }

    // MARK: - Typed access

    /// A plain `null`, `~` or empty value.
    public static func isNull(_ node: YNode) -> Bool {
        guard node.isScalar, node.style == .plain else { return false }
        switch node.byteCount {
        case 0: return true
        case 1: return node.equals("~")
        case 4: return node.equals("null") || node.equals("Null") || node.equals("NULL")
        default: return false
        }
    }

    /// Ordered key/value pairs of a mapping, reporting unknown and duplicate keys.
    public mutating func mapping(_ node: YNode, what: String, known: Set<String>) -> [(key: String, keyNode: YNode, value: YNode)]? {
        guard node.isMapping else {
            error(node, "\(what) must be a mapping, got \(YAMLSource.kindName(node))")
            return nil
        }
        let pairs = node.pairs
        // Labelled as returned: an array of unlabelled tuples would be cast element by element.
        var out: [(key: String, keyNode: YNode, value: YNode)] = []
        out.reserveCapacity(pairs.count)
        // Equal scalar keys were refused with the YAML itself; a tagged key (`!!str a`) can still
        // repeat a plain one. A few keys are compared directly, many through a set.
        var seen: Set<String> = []
        var seenFew: [String] = []
        let fewKeys = pairs.count <= 16
        for (k, v) in pairs {
            guard let key = k.string else {
                error(k, "\(what): keys must be strings")
                continue
            }
            let repeated: Bool
            if fewKeys {
                repeated = seenFew.contains(key)
                if !repeated { seenFew.append(key) }
            } else {
                repeated = !seen.insert(key).inserted
            }
            if repeated {
                error(k, "\(what): duplicate key \"\(key)\"")
                continue
            }
            if !known.isEmpty && !known.contains(key) {
                let hint = known.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                error(k, "\(what): unknown field \"\(key)\" (expected one of \(hint))")
                continue
            }
            out.append((key: key, keyNode: k, value: v))
        }
        return out
    }

    public mutating func string(_ node: YNode, what: String) -> String? {
        guard node.isScalar else {
            error(node, "\(what) must be a string, got \(YAMLSource.kindName(node))")
            return nil
        }
        if YAMLSource.isNull(node) { return nil }
        return node.string
    }

    public mutating func duration(_ node: YNode, what: String) -> PromDuration? {
        guard let text = string(node, what: what) else { return nil }
        switch parseDurationLiteral(text) {
        case .success(let ms): return PromDuration(milliseconds: ms)
        case .failure(let e):
            error(node, "\(what): \(e.message)")
            return nil
        }
    }

    public mutating func int(_ node: YNode, what: String) -> Int? {
        guard let s = node.string, let v = Int(s) else {
            error(node, "\(what) must be an integer, got \(YAMLSource.kindName(node))")
            return nil
        }
        return v
    }

    public mutating func bool(_ node: YNode, what: String) -> Bool? {
        guard let s = node.string, node.tag == YAMLSource.boolTag || s == "true" || s == "false" else {
            error(node, "\(what) must be true or false, got \(YAMLSource.kindName(node))")
            return nil
        }
        return s == "true" || s == "True" || s == "TRUE"
    }

    public mutating func stringMap(_ node: YNode, what: String) -> [String: String]? {
        if YAMLSource.isNull(node) { return [:] }
        guard let pairs = mapping(node, what: what, known: []) else { return nil }
        var out: [String: String] = [:]
        out.reserveCapacity(pairs.count)
        for p in pairs {
            guard let s = p.value.string else {
                error(p.value, "\(what).\(p.key) must be a string, got \(YAMLSource.kindName(p.value))")
                continue
            }
            out[p.key] = s
        }
        return out
    }

    public mutating func sequence(_ node: YNode, what: String) -> [YNode]? {
        if YAMLSource.isNull(node) { return [] }
        guard node.isSequence else {
            error(node, "\(what) must be a list, got \(YAMLSource.kindName(node))")
            return nil
        }
        return node.items
    }

    public mutating func strings(_ node: YNode, what: String) -> [String]? {
        guard let items = sequence(node, what: what) else { return nil }
        return items.compactMap { string($0, what: "\(what) item") }
    }

    /// Where each byte of a string scalar's content lies in the file, so an offset inside the
    /// string (a PromQL error) can be located in the file, whatever the scalar's style: block
    /// indentation, folded lines, quotes and escapes are accounted for. The common case — a
    /// one-line scalar written as it reads, or a literal block — needs no table per byte.
    public func contentLocator(_ node: YNode) -> ContentLocator {
        guard node.isScalar else { return ContentLocator(start: 0, lineStarts: nil) }
        let off = node.offset
        switch node.style {
        case .plain, .singleQuoted, .doubleQuoted:
            let start = node.style == .plain ? off : off + 1
            if YAMLSource.contentIsVerbatim(node, at: start, in: source) { return ContentLocator(start: start, lineStarts: nil) }
        case .literal:
            if let starts = literalLineStarts(node) { return ContentLocator(start: starts.first ?? off, lineStarts: starts) }
        default:
            break
        }
        return source.withUTF8 { ScalarText.contentLocator(node.string ?? "", style: node.style, at: off, in: $0) }
    }

    /// A literal block's content lines are the file's lines after the header, each at the
    /// block's indentation (that of its first line with content). Nil when the block has a tag
    /// or anchor, or a line break other than LF or CRLF (the general path handles those).
    func literalLineStarts(_ node: YNode) -> [Int]? {
        source.withUTF8 { b -> [Int]? in
            var p = node.offset
            guard p < b.count, b[p] == UInt8(ascii: "|") else { return nil }
            while p < b.count, b[p] != 0x0A {
                if ScalarText.breakLength(b, p) > 0, !(b[p] == 0x0D && p + 1 < b.count && b[p + 1] == 0x0A) { return nil }
                p += 1
            }
            p += 1
            // The indentation: that of the first line with content.
            var indent = 0, i = p
            while i < b.count {
                var j = i
                while j < b.count, b[j] == 0x20 { j += 1 }
                if j < b.count, b[j] != 0x0A, b[j] != 0x0D { indent = j - i; break }
                while j < b.count, b[j] != 0x0A { j += 1 }
                i = j + 1
            }
            var starts: [Int] = []
            var lineStart = p
            var ok = true
            node.forEachLine { isEmpty in
                guard ok else { return }
                var k = 0
                while !isEmpty, k < indent, lineStart + k < b.count, b[lineStart + k] == 0x20 { k += 1 }
                starts.append(Swift.min(lineStart + k, b.count))
                var e = lineStart
                while e < b.count, b[e] != 0x0A {
                    if ScalarText.breakLength(b, e) > 0, !(b[e] == 0x0D && e + 1 < b.count && b[e + 1] == 0x0A) { ok = false; return }
                    e += 1
                }
                lineStart = Swift.min(e + 1, b.count)
            }
            return ok ? starts : nil
        }
    }
}

/// Maps a byte offset inside a YAML string's content to a byte offset in the file.
public struct ContentLocator: Sendable, Hashable {
    public var start: Int
    /// For block scalars: the file offset where each content line starts.
    public var lineStarts: [Int]?
    /// For content whose bytes are not one run of the file (escapes, folded lines): the file
    /// offset of every content byte and of the content's end, held as the places where the
    /// mapping jumps (a content byte whose file offset is not its predecessor's plus one).
    /// Takes precedence over `start` and `lineStarts`. Eight bytes per jump instead of eight
    /// per content byte: a file of a hundred thousand escaped expressions would otherwise hold
    /// a table many times its size.
    var jumps: [Jump]?
    /// How many offsets `jumps` stands for (the content's bytes, plus its end).
    var offsetCount = 0

    struct Jump: Sendable, Hashable {
        /// Inputs are at most 64 MiB: 32 bits hold any offset.
        var content: Int32
        var file: Int32
    }

    /// The file offset of every content byte and of the content's end, when the content is
    /// mapped byte by byte (nil otherwise). Expanded from the jumps: for inspection, not speed.
    public var offsets: [Int]? {
        guard let jumps else { return nil }
        return (0..<offsetCount).map { tableOffset($0, jumps) }
    }

    /// Every position maps to `start` (an expression written in Swift, located at its declaration).
    public var pinned = false

    public init(start: Int, lineStarts: [Int]?) {
        self.start = start
        self.lineStarts = lineStarts
    }

    /// A locator that puts every position of the content at one offset.
    public init(pinnedAt offset: Int) {
        self.start = offset
        self.lineStarts = nil
        self.pinned = true
    }

    /// A locator from the file offset of every content byte and of the content's end.
    public init(offsets: [Int]) {
        var jumps = Jumps()
        for o in offsets { jumps.add(o) }
        self.init(jumps)
    }

    init(_ jumps: Jumps) {
        self.start = jumps.jumps.first.map { Int($0.file) } ?? 0
        self.lineStarts = nil
        self.jumps = jumps.jumps
        self.offsetCount = jumps.count
    }

    /// Jumps made from the offsets one at a time, in order.
    struct Jumps {
        var jumps: [Jump] = []
        var count = 0
        var last = -2
        mutating func add(_ fileOffset: Int) {
            if count == 0 || fileOffset != last + 1 { jumps.append(Jump(content: Int32(clamping: count), file: Int32(clamping: fileOffset))) }
            last = fileOffset
            count += 1
        }
    }

    /// The file offset of content byte `k` (0 ≤ k < offsetCount): the last jump at or before
    /// it, plus the distance.
    private func tableOffset(_ k: Int, _ jumps: [Jump]) -> Int {
        var lo = 0, hi = jumps.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(jumps[mid].content) <= k { lo = mid } else { hi = mid - 1 }
        }
        return Int(jumps[lo].file) + (k - Int(jumps[lo].content))
    }

    public func fileOffset(_ contentOffset: Int, in content: String) -> Int {
        if pinned { return start }
        if let jumps, !jumps.isEmpty, offsetCount > 0 {
            return tableOffset(Swift.max(0, Swift.min(contentOffset, offsetCount - 1)), jumps)
        }
        guard let lineStarts else { return start + contentOffset }
        let bytes = Array(content.utf8)
        var line = 0
        var lineStart = 0
        for i in 0..<min(contentOffset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        guard line < lineStarts.count else { return start + contentOffset }
        return lineStarts[line] + (contentOffset - lineStart)
    }

    public func fileRange(_ r: PositionRange, in content: String) -> PositionRange {
        if pinned { return PositionRange(start: start, end: start + 1) }
        return PositionRange(start: fileOffset(r.start, in: content), end: fileOffset(max(r.start, r.end), in: content))
    }
}

extension SourceText {
    /// The byte offset of a 1-based line and column (columns in Unicode scalars, as libyaml counts).
    public func offset(line: Int, column: Int) -> Int {
        utf8Offset(line: line, scalarColumn: column)
    }
}
