import Foundation
import Yams

/// A YAML file read with positions: the node tree, the text (for diagnostics with the source
/// line and a caret) and the diagnostics found while walking it.
public struct YAMLSource {
    public let source: SourceText
    public let root: Node?
    public var diagnostics: [Diagnostic] = []
    /// The text's bytes and lines as libyaml counts them, to turn its marks into offsets.
    let lines: YAMLLines

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
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "cannot read \(path)", range: .zero))
        }
        if data.count > maximumSize {   // grew since we looked
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "\(path) is \(data.count) bytes, more than obsgen reads (\(maximumSize))", range: .zero))
        }
        return .success(decode(data))
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
        var mergeProblems: [Node] = []
        self.source = SourceText(name: path, text: text)
        self.lines = YAMLLines(text, source: source)
        do {
            var root = try Yams.compose(yaml: text, Resolver.basic)
            // Merge keys (`<<: *defaults`), as Prometheus' YAML reader applies them.
            if let r = root, YAMLSource.mayHaveMergeKey(text) {
                root = YAMLSource.resolvingMerges(r, problems: &mergeProblems)
            }
            self.root = root
        } catch let error as YamlError {
            self.root = nil
            diagnostics.append(YAMLSource.diagnostic(for: error, lines: lines))
        } catch {
            self.root = nil
            diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "\(error)", range: .zero))
        }
        for n in mergeProblems {
            diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "a merge key (<<) takes a mapping or a list of mappings", range: range(n)))
        }
    }

    /// The byte offset of a libyaml mark (1-based line and column, as Yams reports them).
    public func offset(_ mark: Mark) -> Int { lines.offset(line: mark.line, column: mark.column) }

    static func diagnostic(for error: YamlError, lines: YAMLLines) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            let off = lines.offset(line: mark.line, column: mark.column)
            return Diagnostic(id: LoadIssue.yamlParse.rawValue, message: message, range: PositionRange(start: off, end: off + 1))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let c = context.map { " \($0.text)" } ?? ""
            return at(mark, "malformed YAML: \(problem)\(c)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark, "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in mapping")
        case .reader(let problem, let offset, _, _):
            let o = Swift.max(0, Swift.min(offset ?? 0, lines.bytes.count))
            return Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "cannot read YAML: \(problem)", range: PositionRange(start: o, end: o + 1))
        default:
            return Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "malformed YAML: \(error)", range: .zero)
        }
    }

    /// Whether `<<` occurs at all (a byte scan; most files have none).
    static func mayHaveMergeKey(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b == UInt8(ascii: "<") && previous == UInt8(ascii: "<") { return true }
            previous = b
        }
        return false
    }

    /// A mapping's merge keys applied, everywhere in the tree: the keys of the merged mappings
    /// (the first one first, for a list) that the mapping does not set itself take the place of
    /// the `<<` key. A merge key whose value is not a mapping or a list of them stays, and its
    /// value is reported.
    static func resolvingMerges(_ node: Node, problems: inout [Node]) -> Node {
        switch node {
        case .mapping(let m):
            func isMerge(_ k: Node) -> Bool {
                if case .scalar(let s) = k, s.string == "<<", s.style == .plain { return true }
                return false
            }
            let own = Set(m.compactMap { k, _ -> String? in isMerge(k) ? nil : k.scalar?.string })
            var pairs: [(Node, Node)] = []
            var merged: Set<String> = []
            for (k, v) in m {
                guard isMerge(k) else {
                    pairs.append((k, resolvingMerges(v, problems: &problems)))
                    continue
                }
                let sources: [Node]
                switch v {
                case .mapping: sources = [v]
                case .sequence(let seq) where seq.allSatisfy({ $0.mapping != nil }): sources = Array(seq)
                default:
                    problems.append(v)
                    pairs.append((k, v))
                    continue
                }
                for source in sources {
                    guard case .mapping(let sm) = resolvingMerges(source, problems: &problems) else { continue }
                    for (sk, sv) in sm {
                        guard let name = sk.scalar?.string, !own.contains(name), merged.insert(name).inserted else { continue }
                        pairs.append((sk, sv))
                    }
                }
            }
            return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark, m.anchor))
        case .sequence(let seq):
            return .sequence(Node.Sequence(seq.map { resolvingMerges($0, problems: &problems) }, seq.tag, seq.style, seq.mark, seq.anchor))
        default:
            return node
        }
    }

    /// The byte range of a node: a one-line scalar as written (quotes included), otherwise its
    /// first character.
    public func range(_ node: Node) -> PositionRange {
        guard let mark = node.mark else { return .zero }
        let off = offset(mark)
        var end = Swift.min(off + 1, lines.bytes.count + 1)
        if case .scalar(let s) = node, s.style == .plain || s.style == .singleQuoted || s.style == .doubleQuoted {
            // Where the content ends in the file: escapes, quotes and folded lines make the
            // text longer or shorter than the string it reads as.
            end = Swift.max(end, lines.contentOffsets(s.string, style: s.style, at: off).last ?? end)
            if s.style != .plain, end < lines.bytes.count, lines.bytes[end] == (s.style == .singleQuoted ? UInt8(ascii: "'") : UInt8(ascii: "\"")) {
                end += 1
            }
        }
        return PositionRange(start: off, end: end)
    }

    public func site(_ node: Node) -> DeclarationSite {
        guard let mark = node.mark else { return DeclarationSite(file: source.name, line: 1, column: 1) }
        return DeclarationSite(file: source.name, line: mark.line, column: mark.column)
    }

    public mutating func error(_ node: Node, _ message: String, id: LoadIssue = .yamlParse) {
        diagnostics.append(Diagnostic(id: id.rawValue, message: message, range: range(node)))
    }

    public mutating func error(at range: PositionRange, _ message: String, id: LoadIssue = .yamlParse) {
        diagnostics.append(Diagnostic(id: id.rawValue, message: message, range: range))
    }

    /// What kind of YAML node this is, for "expected X, got Y" messages.
    public static func kindName(_ node: Node) -> String {
        if isNull(node) { return "null" }
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                if Int(s.string) != nil { return "integer" }
                if Double(s.string) != nil { return "number" }
                if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(s.string) { return "boolean" }
            }
            switch Tag.Name(rawValue: s.tag.rawValue) {
            case .int: return "integer"
            case .float: return "number"
            case .bool: return "boolean"
            case .null: return "null"
            default: return "string"
            }
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        case .alias: return "alias"
        }
    }

    // MARK: - Typed access

    /// A plain `null`, `~` or empty value.
    public static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// Ordered key/value pairs of a mapping, reporting unknown and duplicate keys.
    public mutating func mapping(_ node: Node, what: String, known: Set<String>) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let m) = node else {
            error(node, "\(what) must be a mapping, got \(YAMLSource.kindName(node))")
            return nil
        }
        var out: [(String, Node, Node)] = []
        var seen: Set<String> = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else {
                error(k, "\(what): keys must be strings")
                continue
            }
            let key = ks.string
            if !seen.insert(key).inserted {
                error(k, "\(what): duplicate key \"\(key)\"")
                continue
            }
            if !known.isEmpty && !known.contains(key) {
                let hint = known.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                error(k, "\(what): unknown field \"\(key)\" (expected one of \(hint))")
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    public mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let s) = node else {
            error(node, "\(what) must be a string, got \(YAMLSource.kindName(node))")
            return nil
        }
        if YAMLSource.isNull(node) { return nil }
        return s.string
    }

    public mutating func duration(_ node: Node, what: String) -> PromDuration? {
        guard let text = string(node, what: what) else { return nil }
        switch parseDurationLiteral(text) {
        case .success(let ms): return PromDuration(milliseconds: ms)
        case .failure(let e):
            error(node, "\(what): \(e.message)")
            return nil
        }
    }

    public mutating func int(_ node: Node, what: String) -> Int? {
        guard case .scalar(let s) = node, let v = Int(s.string) else {
            error(node, "\(what) must be an integer, got \(YAMLSource.kindName(node))")
            return nil
        }
        return v
    }

    public mutating func bool(_ node: Node, what: String) -> Bool? {
        guard case .scalar(let s) = node, Tag.Name(rawValue: s.tag.rawValue) == .bool || ["true", "false"].contains(s.string) else {
            error(node, "\(what) must be true or false, got \(YAMLSource.kindName(node))")
            return nil
        }
        return s.string == "true" || s.string == "True" || s.string == "TRUE"
    }

    public mutating func stringMap(_ node: Node, what: String) -> [String: String]? {
        if YAMLSource.isNull(node) { return [:] }
        guard let pairs = mapping(node, what: what, known: []) else { return nil }
        var out: [String: String] = [:]
        for p in pairs {
            guard case .scalar(let s) = p.value else {
                error(p.value, "\(what).\(p.key) must be a string, got \(YAMLSource.kindName(p.value))")
                continue
            }
            out[p.key] = s.string
        }
        return out
    }

    public mutating func sequence(_ node: Node, what: String) -> [Node]? {
        if YAMLSource.isNull(node) { return [] }
        guard case .sequence(let seq) = node else {
            error(node, "\(what) must be a list, got \(YAMLSource.kindName(node))")
            return nil
        }
        return Array(seq)
    }

    public mutating func strings(_ node: Node, what: String) -> [String]? {
        guard let items = sequence(node, what: what) else { return nil }
        return items.compactMap { string($0, what: "\(what) item") }
    }

    /// Where each byte of a string scalar's content lies in the file, so an offset inside the
    /// string (a PromQL error) can be located in the file, whatever the scalar's style: block
    /// indentation, folded lines, quotes and escapes are accounted for.
    public func contentLocator(_ node: Node) -> ContentLocator {
        guard case .scalar(let s) = node, let mark = node.mark else { return ContentLocator(start: 0, lineStarts: nil) }
        let offsets = lines.contentOffsets(s.string, style: s.style, at: offset(mark))
        return ContentLocator(offsets: offsets)
    }
}

/// Maps a byte offset inside a YAML string's content to a byte offset in the file.
public struct ContentLocator: Sendable, Hashable {
    public var start: Int
    /// For block scalars: the file offset where each content line starts.
    public var lineStarts: [Int]?
    /// The file offset of every content byte, and of the content's end (one more entry than the
    /// content has bytes). Takes precedence over `start` and `lineStarts`.
    public var offsets: [Int]?

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

    public init(offsets: [Int]) {
        self.start = offsets.first ?? 0
        self.lineStarts = nil
        self.offsets = offsets
    }

    public func fileOffset(_ contentOffset: Int, in content: String) -> Int {
        if pinned { return start }
        if let offsets, !offsets.isEmpty {
            return offsets[Swift.max(0, Swift.min(contentOffset, offsets.count - 1))]
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

/// A YAML text's bytes with its lines as libyaml counts them: besides LF and CRLF, a lone CR,
/// NEL (U+0085), LS (U+2028) and PS (U+2029) end a line. Only when the text has one of those do
/// the line starts differ from `SourceText`'s; then they are kept here. (A leading byte order
/// mark is column 1 of line 1 for libyaml too.)
struct YAMLLines: Sendable {
    let bytes: [UInt8]
    /// Line start offsets, or nil when they are `SourceText`'s (lines end at LF only).
    private let starts: [Int]?
    private let source: SourceText?

    init(_ text: String, source: SourceText) {
        let b = Array(text.utf8)
        bytes = b
        var special = false
        for i in b.indices where b[i] == 0x0D || b[i] == 0xC2 || b[i] == 0xE2 {
            if YAMLLines.breakLength(b, i) > 0 && !(b[i] == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A) {
                special = true
                break
            }
        }
        guard special else {
            starts = nil
            self.source = source
            return
        }
        self.source = nil
        var s = [0]
        var i = 0
        while i < b.count {
            let n = YAMLLines.breakLength(b, i)
            if n > 0 {
                i += n
                s.append(i)
            } else {
                i += 1
            }
        }
        starts = s
    }

    /// The length of the line break at `i` (CRLF is one), or 0.
    static func breakLength(_ b: [UInt8], _ i: Int) -> Int {
        guard i < b.count else { return 0 }
        switch b[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
        case 0xE2: return i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// The byte offset of a 1-based line and column (columns in Unicode scalars), within the text.
    func offset(line: Int, column: Int) -> Int {
        guard let starts else { return source!.offset(line: line, column: column) }
        var off = line < 1 ? 0 : (line <= starts.count ? starts[line - 1] : bytes.count)
        var n = 1
        while n < column, off < bytes.count, YAMLLines.breakLength(bytes, off) == 0 {
            off += 1
            while off < bytes.count, bytes[off] & 0xC0 == 0x80 { off += 1 }
            n += 1
        }
        return off
    }

    /// Where each byte of a scalar's content was read from, and where the content ends: one
    /// more entry than `content` has bytes, every one within the text. `start` is the scalar's
    /// mark (its tag or anchor if it has one, the indicator of a block scalar).
    ///
    /// The content is matched against the text character by character; what the text has and
    /// the content does not (indentation, folded line breaks, the second quote of `''`, escape
    /// sequences) is stepped over, so each character lands where it was written.
    func contentOffsets(_ content: String, style: Node.Scalar.Style, at start: Int) -> [Int] {
        let b = bytes, n = b.count
        var p = Swift.max(0, Swift.min(start, n))
        func isBlank(_ i: Int) -> Bool { i < n && (b[i] == 0x20 || b[i] == 0x09) }
        func skipSpaces() { while isBlank(p) || YAMLLines.breakLength(b, p) > 0 { p += Swift.max(1, YAMLLines.breakLength(b, p)) } }
        // Node properties (`!tag`, `&anchor`) come before the content.
        while p < n, b[p] == UInt8(ascii: "!") || b[p] == UInt8(ascii: "&") {
            while p < n, !isBlank(p), YAMLLines.breakLength(b, p) == 0 { p += 1 }
            skipSpaces()
        }
        var blockIndent = 0
        switch style {
        case .singleQuoted, .doubleQuoted:
            if p < n, b[p] == UInt8(ascii: style == .singleQuoted ? "'" : "\"") { p += 1 }
        case .literal, .folded:
            // The content starts on the line after the header (`|`, `>-`, a comment); its
            // indentation is that of the first line with content.
            while p < n, YAMLLines.breakLength(b, p) == 0 { p += 1 }
            p += YAMLLines.breakLength(b, p)
            var i = p
            while i < n {
                var j = i
                while j < n, b[j] == 0x20 { j += 1 }
                if YAMLLines.breakLength(b, j) == 0 {
                    blockIndent = j - i
                    break
                }
                i = j + YAMLLines.breakLength(b, j)
            }
        default:
            break
        }
        let isBlock = style == .literal || style == .folded
        func skipIndentation() {
            var k = 0
            while k < blockIndent, p < n, b[p] == 0x20 { p += 1; k += 1 }
        }
        if isBlock { skipIndentation() }

        var out: [Int] = []
        out.reserveCapacity(content.utf8.count + 1)
        for u in content.unicodeScalars {
            let width = UTF8.width(u)
            var at = p
            var exact = false
            while true {
                guard p < n else { at = n; break }
                if style == .doubleQuoted, b[p] == UInt8(ascii: "\\") {
                    let next = p + 1
                    if YAMLLines.breakLength(b, next) > 0 {
                        // An escaped line break: nothing in the content.
                        p = next + YAMLLines.breakLength(b, next)
                        while isBlank(p) { p += 1 }
                        continue
                    }
                    at = p
                    p += YAMLLines.escapeLength(b, p)
                    break
                }
                if p + width <= n, UTF8.encode(u).elementsEqual(b[p..<(p + width)]) {
                    at = p
                    exact = true
                    p += width
                    if style == .singleQuoted, u == "'", p < n, b[p] == UInt8(ascii: "'") { p += 1 }
                    if isBlock, u == "\n" { skipIndentation() }
                    break
                }
                let br = YAMLLines.breakLength(b, p)
                if br > 0 || isBlank(p) {
                    // Folded or normalised line breaks, indentation, trailing blanks.
                    p += Swift.max(1, br)
                    if isBlock, br > 0 { skipIndentation() }
                    continue
                }
                // Not in the text here (a line break read as a space, an unexpected spelling):
                // stay put, the next character will find its place.
                at = p
                break
            }
            for k in 0..<width { out.append(Swift.min(exact ? at + k : at, n)) }
        }
        out.append(Swift.min(p, n))
        return out
    }

    /// The length of the escape sequence at `i` (a backslash) in a double-quoted scalar.
    static func escapeLength(_ b: [UInt8], _ i: Int) -> Int {
        guard i + 1 < b.count else { return 1 }
        let n: Int
        switch b[i + 1] {
        case UInt8(ascii: "x"): n = 4
        case UInt8(ascii: "u"): n = 6
        case UInt8(ascii: "U"): n = 10
        default: n = 2
        }
        return Swift.min(n, b.count - i)
    }
}

private extension UTF8 {
    static func encode(_ u: Unicode.Scalar) -> [UInt8] { Array(String(u).utf8) }
}
