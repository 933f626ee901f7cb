import Foundation
import Yams

/// A YAML file read with positions: the node tree, the text (for diagnostics with the source
/// line and a caret) and the diagnostics found while walking it.
public struct YAMLSource {
    public let source: SourceText
    public let root: Node?
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
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "cannot read \(path)", range: .zero))
        }
        if data.count > maximumSize {   // grew since we looked
            return .failure(Diagnostic(id: LoadIssue.io.rawValue, message: "\(path) is \(data.count) bytes, more than obsgen reads (\(maximumSize))", range: .zero))
        }
        return .success(decode(data))
    }

    /// UTF-8 text of file contents; invalid bytes are reported at the first of them (whose
    /// offset is the same in the text, since everything before it decoded as is).
    public static func decode(_ data: Data) -> Input {
        if let text = String(validating: data, as: UTF8.self) { return Input(text: text, problems: []) }
        let bytes = [UInt8](data)
        let offset = firstInvalidUTF8(bytes) ?? 0
        let byte = offset < bytes.count ? bytes[offset] : 0
        let message = "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) starts no valid character); Prometheus and Grafana read UTF-8 only"
        return Input(text: String(decoding: bytes, as: UTF8.self), problems: [Diagnostic(id: LoadIssue.yamlParse.rawValue, message: message, range: PositionRange(start: offset, end: offset + 1))])
    }

    /// Offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let b0 = b[i]
            if b0 < 0x80 { i += 1; continue }
            let n: Int
            if b0 >= 0xC2 && b0 <= 0xDF { n = 2 } else if b0 >= 0xE0 && b0 <= 0xEF { n = 3 } else if b0 >= 0xF0 && b0 <= 0xF4 { n = 4 } else { return i }
            guard i + n <= b.count else { return i }
            for k in 1..<n where b[i + k] & 0xC0 != 0x80 { return i }
            // Overlong forms, surrogates and code points past U+10FFFF.
            if b0 == 0xE0 && b[i + 1] < 0xA0 { return i }
            if b0 == 0xED && b[i + 1] >= 0xA0 { return i }
            if b0 == 0xF0 && b[i + 1] < 0x90 { return i }
            if b0 == 0xF4 && b[i + 1] >= 0x90 { return i }
            i += n
        }
        return nil
    }

    public init(path: String, text: String) {
        self.source = SourceText(name: path, text: text)
        do {
            var root = try Yams.compose(yaml: text, Resolver.basic)
            // Merge keys (`<<: *defaults`), as Prometheus' YAML reader applies them.
            if let r = root, YAMLSource.mayHaveMergeKey(text) {
                var problems: [Node] = []
                root = YAMLSource.resolvingMerges(r, problems: &problems)
                for n in problems {
                    diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "a merge key (<<) takes a mapping or a list of mappings", range: YAMLSource.range(n, in: source)))
                }
            }
            self.root = root
        } catch let error as YamlError {
            self.root = nil
            diagnostics.append(YAMLSource.diagnostic(for: error, source: source))
        } catch {
            self.root = nil
            diagnostics.append(Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "\(error)", range: .zero))
        }
    }

    static func diagnostic(for error: YamlError, source: SourceText) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            let off = source.offset(line: mark.line, column: mark.column)
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
            let o = offset ?? 0
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

    /// The byte range of a node (its first character).
    public func range(_ node: Node) -> PositionRange { YAMLSource.range(node, in: source) }

    static func range(_ node: Node, in source: SourceText) -> PositionRange {
        guard let mark = node.mark else { return .zero }
        let off = source.offset(line: mark.line, column: mark.column)
        var end = off + 1
        if case .scalar(let s) = node, s.style == .plain || s.style == .singleQuoted || s.style == .doubleQuoted {
            end = off + s.string.utf8.count + (s.style == .plain ? 0 : 2)
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

    /// Where a string scalar's content starts, and how its lines map back to the file, so an
    /// offset inside the string (a PromQL error) can be located in the file.
    public func contentLocator(_ node: Node) -> ContentLocator {
        guard case .scalar(let s) = node, let mark = node.mark else { return ContentLocator(start: 0, lineStarts: nil) }
        let off = source.offset(line: mark.line, column: mark.column)
        switch s.style {
        case .literal, .folded:
            // Content starts on the next line, at the block's indentation.
            let lines = s.string.split(separator: "\n", omittingEmptySubsequences: false)
            var starts: [Int] = []
            var fileLine = mark.line + 1
            for line in lines {
                // Skip blank lines in the file that carry no content.
                let text = source.line(fileLine)
                let indent = text.prefix { $0 == " " }.count
                let lineOffset = source.offset(line: fileLine, column: 1) + (line.isEmpty ? 0 : indent)
                starts.append(lineOffset)
                fileLine += 1
            }
            return ContentLocator(start: starts.first ?? off, lineStarts: starts)
        case .singleQuoted, .doubleQuoted:
            return ContentLocator(start: off + 1, lineStarts: nil)
        default:
            return ContentLocator(start: off, lineStarts: nil)
        }
    }
}

/// Maps a byte offset inside a YAML string's content to a byte offset in the file.
public struct ContentLocator: Sendable, Hashable {
    public var start: Int
    /// For block scalars: the file offset where each content line starts.
    public var lineStarts: [Int]?

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

    public func fileOffset(_ contentOffset: Int, in content: String) -> Int {
        if pinned { return start }
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
