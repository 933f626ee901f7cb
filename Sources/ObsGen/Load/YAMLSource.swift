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

    /// A file read as text.
    public struct Input: Sendable {
        public var text: String
        /// When the file is not UTF-8: a `yaml/parse` error at its first invalid sequence, which
        /// the text has as U+FFFD (as Swift decodes it), naming the bytes (`\xff`). Prometheus
        /// refuses such a file; obsgen says where instead of changing the bytes silently.
        public var encodingError: Diagnostic?

        public init(text: String, encodingError: Diagnostic? = nil) {
            self.text = text
            self.encodingError = encodingError
        }
    }

    /// Reads an input file as text, refusing one over `maximumSize` from its size, before
    /// reading it. Every loader and the lint command read their inputs through this.
    public static func readInput(_ path: String) -> Result<Input, Diagnostic> {
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        if size > maximumSize {
            return .failure(Diagnostic(id: "io", message: "\(path) is \(size) bytes, more than obsgen reads (\(maximumSize))", range: .zero))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            if let onDisk = InputName.onDisk(path) {
                return .failure(Diagnostic(id: "io", message: "cannot read \(onDisk): the file name is not UTF-8", range: .zero))
            }
            return .failure(Diagnostic(id: "io", message: "cannot read \(path)", range: .zero))
        }
        if data.count > maximumSize {   // grew since we looked
            return .failure(Diagnostic(id: "io", message: "\(path) is \(data.count) bytes, more than obsgen reads (\(maximumSize))", range: .zero))
        }
        return .success(decode(data))
    }

    /// Text from bytes, with the error `Input.encodingError` describes when they are not UTF-8.
    public static func decode(_ data: some Collection<UInt8>) -> Input {
        // The standard library validates fast; only text that is not UTF-8 is walked here.
        if #available(macOS 15, *), let text = String(validating: data, as: UTF8.self) { return Input(text: text) }
        let bytes = Array(data)
        let text = String(decoding: bytes, as: UTF8.self)
        let invalid = SafeText.invalidUTF8(in: bytes)
        guard let first = invalid.first else { return Input(text: text) }
        // Nothing before the first invalid sequence was replaced: its offset is the same in the text.
        let shown = SafeText.escape(bytes: bytes[first.offset..<(first.offset + first.length)])
        let more = invalid.count > 1 ? ", and \(invalid.count - 1) more invalid sequence\(invalid.count == 2 ? "" : "s")" : ""
        let d = Diagnostic(id: "yaml/parse", message: "the file is not UTF-8: \(shown) here is read as U+FFFD\(more)",
                           range: PositionRange(start: first.offset, end: first.offset + 3))
        return Input(text: text, encodingError: d)
    }

    public init(path: String, text: String) {
        self.source = SourceText(name: path, text: text)
        do {
            self.root = try Yams.compose(yaml: text, Resolver.basic)
        } catch let error as YamlError {
            self.root = nil
            diagnostics.append(YAMLSource.diagnostic(for: error, source: source))
        } catch {
            self.root = nil
            diagnostics.append(Diagnostic(id: "yaml/parse", message: "\(error)", range: .zero))
        }
    }

    static func diagnostic(for error: YamlError, source: SourceText) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            let off = source.offset(line: mark.line, column: mark.column)
            return Diagnostic(id: "yaml/parse", message: message, range: PositionRange(start: off, end: off + 1))
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
            return Diagnostic(id: "yaml/parse", message: "cannot read YAML: \(problem)", range: PositionRange(start: o, end: o + 1))
        default:
            return Diagnostic(id: "yaml/parse", message: "malformed YAML: \(error)", range: .zero)
        }
    }

    /// The byte range of a node (its first character).
    public func range(_ node: Node) -> PositionRange {
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

    public mutating func error(_ node: Node, _ message: String, id: String = "yaml/parse") {
        diagnostics.append(Diagnostic(id: id, message: message, range: range(node)))
    }

    public mutating func error(at range: PositionRange, _ message: String, id: String = "yaml/parse") {
        diagnostics.append(Diagnostic(id: id, message: message, range: range))
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

    public init(start: Int, lineStarts: [Int]?) {
        self.start = start
        self.lineStarts = lineStarts
    }

    public func fileOffset(_ contentOffset: Int, in content: String) -> Int {
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
        PositionRange(start: fileOffset(r.start, in: content), end: fileOffset(max(r.start, r.end), in: content))
    }
}

extension SourceText {
    /// The byte offset of a 1-based line and column (columns in Unicode scalars, as libyaml counts).
    public func offset(line: Int, column: Int) -> Int {
        utf8Offset(line: line, scalarColumn: column)
    }
}
