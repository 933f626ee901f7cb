import Foundation
import PromQL

/// Formats a Prometheus rule file (plain, PrometheusRule resource, Thanos) by editing its text
/// in place: only the byte ranges of what is normalised are replaced, so every comment and
/// quoting choice elsewhere stays as written.
///
/// - each `expr` goes through the PromQL printer: one line when it fits in `maxLineLength`
///   columns (indentation included), otherwise a literal block (`|`) in Prometheus' prettier
///   layout, indented two spaces under its key;
/// - `for`, `keep_firing_for`, a group's `interval` and `query_offset` take Prometheus'
///   canonical spelling (`5m`, not `300s`);
/// - trailing blanks are removed, runs of blank lines become one, the file ends with one line
///   break. Lines inside multi-line scalars are left alone (their blanks are content);
/// - the keys of each rule and group take Prometheus' documented order (`KeyOrder`), each entry
///   moved with the comments above it;
/// - every block mapping is indented two spaces under its parent, lists under their key unless
///   `indentLists` is off and the file writes them at the key's column, comments with the
///   lines they precede (`Indentation`);
/// - quotes go from keys and values (other than `expr`) that YAML — 1.1 and 1.2 — reads the
///   same without them (`YAMLScalar`); where they are needed they stay as written.
///
/// What is left as written: an expression inside a flow collection, with a tag, anchor or
/// alias, holding a PromQL comment, or in a block scalar with an explicit indentation
/// indicator. The result is read back and compared with the original twice: rule by rule
/// (every group's and rule's fields, each expression's canonical form) and as YAML, node by
/// node (`YAMLMeaning`: a dialect's keys, a resource's metadata, types); any difference and
/// nothing is returned but a located `fmt/meaning` error.
public enum RuleFileFormatter {
    public struct Options: Sendable {
        /// Columns an expression's line may take, indentation included.
        public var maxLineLength: Int
        /// PromQL syntax accepted (as the loader's default: everything).
        public var features: Features
        /// `groups:` and `rules:` lists indented under their key, as Prometheus writes them.
        public var indentLists = true
        /// Applied to each printed expression before it is written: a test seam for the
        /// meaning check (never set outside tests).
        var rewriteExpression: (@Sendable (String) -> String)?

        public init(maxLineLength: Int = 100, features: Features = .all) {
            self.maxLineLength = maxLineLength
            self.features = features
        }
    }

    /// What formatting a file gave.
    public struct Result: Sendable {
        /// The original text, for rendering diagnostics.
        public var source: SourceText
        /// The formatted text (equal to the original when nothing changes); nil when the file
        /// cannot be formatted (see `diagnostics`).
        public var formatted: String?
        /// Why the file is left untouched: its own YAML or PromQL errors, or a refused rewrite,
        /// located in the original text.
        public var diagnostics: [Diagnostic]
        /// Whether the text is not a rule file at all (no `groups:` list).
        public var notRuleFile: Bool = false
        /// Why a file of a kind the formatter reads is left as it is without an error (a
        /// prometheus.yml whose rule-related parts are laid out in a way it does not edit).
        public var skipped: String?

        public var changed: Bool { formatted.map { $0 != source.text } ?? false }

        public init(source: SourceText, formatted: String?, diagnostics: [Diagnostic]) {
            self.source = source
            self.formatted = formatted
            self.diagnostics = diagnostics
        }
    }

    /// The ids of the formatter's own diagnostics.
    public enum Issue: String, Sendable {
        /// The rewrite would change what the file means (never written).
        case meaning = "fmt/meaning"
        /// The rewrite does not read back as YAML or as a rule file (never written).
        case unreadable = "fmt/unreadable"
        /// Formatting the rewrite would change it again (never written).
        case unstable = "fmt/unstable"
    }

    /// Formats a rule file's text; the result is checked to mean the same as the original and
    /// to be a fixed point (formatting it again changes nothing), else it is refused.
    public static func format(text: String, path: String, options: Options = Options()) -> Result {
        var result = formatOnce(text: text, path: path, options: options, verify: true)
        guard let out = result.formatted, out != text else { return result }
        if formatOnce(text: out, path: path, options: options, verify: false).formatted != out {
            result.formatted = nil
            result.diagnostics = [Diagnostic(id: Issue.unstable.rawValue, message: "formatting the result again would change it; the file is left as it is", range: .zero)]
        }
        return result
    }

    /// One pass; `verify` reads the result back and compares it with the original.
    static func formatOnce(text: String, path: String, options: Options, verify: Bool) -> Result {
        let source = SourceText(name: path, text: text)
        let loaded = RuleFileLoader.load(source: source, features: options.features)
        var result = Result(source: source, formatted: nil, diagnostics: [])
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            result.diagnostics = errors
            return result
        }
        // Lists indented first: an expression's layout depends on the column it ends up at.
        var working = source
        let original = YAMLSource(source: source)
        if let indented = Indentation.apply(original, indentLists: options.indentLists), indented != text {
            working = SourceText(name: path, text: indented)
        }
        let yaml = YAMLSource(source: working)
        guard let root = yaml.root else {
            result.notRuleFile = true
            return result
        }
        var edits = TextEdits(source: working, options: options)
        edits.collect(root: root, yaml: yaml)
        let edited = edits.apply()
        guard let spaced = Whitespace.normalise(edited, path: path), let normalised = KeyOrder.apply(spaced, path: path) else {
            result.diagnostics = [Diagnostic(id: Issue.unreadable.rawValue, message: "the formatted text is not valid YAML; the file is left as it is", range: .zero)]
            return result
        }
        if normalised == text {
            result.formatted = text
            return result
        }
        if verify, let problem = MeaningCheck.compare(original: loaded, formatted: normalised, features: options.features)
            ?? YAMLMeaning.compare(original: original, formatted: normalised, features: options.features) {
            result.diagnostics = [problem]
            return result
        }
        result.formatted = normalised
        return result
    }
}

// MARK: - Edits

/// The replacements made in the original text, collected while walking its YAML tree.
struct TextEdits {
    let source: SourceText
    let options: RuleFileFormatter.Options
    let bytes: [UInt8]
    let lineBreak: String
    var edits: [(range: Range<Int>, text: String)] = []

    init(source: SourceText, options: RuleFileFormatter.Options) {
        self.source = source
        self.options = options
        self.bytes = Array(source.text.utf8)
        self.lineBreak = Self.lineBreak(of: bytes)
    }

    static func lineBreak(of b: [UInt8]) -> String {
        guard let n = b.firstIndex(of: 0x0A) else { return "\n" }
        return n > 0 && b[n - 1] == 0x0D ? "\r\n" : "\n"
    }

    func isFlowOrDecorated(_ node: YNode) -> Bool { RuleFileShape.isFlowOrDecorated(node, bytes) }

    /// Whether a value can be edited: a scalar written where it stands (not an alias), with no
    /// tag or anchor, after its key.
    func isEditable(key: YNode, value: YNode) -> Bool {
        guard value.isScalar, value.tag == nil, key.tag == nil else { return false }
        let o = value.offset
        guard o > key.offset, o < bytes.count else { return false }
        return ![UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "*")].contains(bytes[o])
    }

    mutating func collect(root: YNode, yaml: YAMLSource) {
        for group in RuleFileShape.groups(root, bytes) {
            for (k, v) in group.pairs {
                quoting(k, yaml: yaml)
                if k.equals("interval") || k.equals("query_offset") {
                    duration(key: k, value: v, yaml: yaml)
                } else if k.equals("rules"), v.isSequence, !isFlowOrDecorated(v) {
                    for rule in v.items where rule.isMapping && !isFlowOrDecorated(rule) {
                        for (rk, rv) in rule.pairs {
                            quoting(rk, yaml: yaml)
                            if rk.equals("for") || rk.equals("keep_firing_for") {
                                duration(key: rk, value: rv, yaml: yaml)
                            } else if rk.equals("expr") {
                                expression(key: rk, value: rv, yaml: yaml)
                            } else {
                                strings(in: rv, key: rk, yaml: yaml)
                            }
                        }
                    }
                } else {
                    strings(in: v, key: k, yaml: yaml)
                }
            }
        }
    }

    /// The quoting of every key and scalar in a value written in block style (labels,
    /// annotations, a dialect's own keys).
    mutating func strings(in node: YNode, key: YNode, yaml: YAMLSource) {
        guard node.offset > key.offset else { return }   // an alias
        if node.isScalar {
            quoting(node, yaml: yaml)
        } else if !isFlowOrDecorated(node) {
            for (k, v) in node.pairs {
                quoting(k, yaml: yaml)
                strings(in: v, key: k, yaml: yaml)
            }
            for item in node.items where item.offset > node.offset || item.isScalar {
                if item.isScalar { quoting(item, yaml: yaml) } else { strings(in: item, key: key, yaml: yaml) }
            }
        }
    }

    /// A quoted one-line scalar (key or value) written as it reads — no escapes, no doubled
    /// quotes — that YAML reads the same without its quotes, unquoted.
    mutating func quoting(_ node: YNode, yaml: YAMLSource) {
        guard let (range, s) = quotedAsItReads(node, yaml: yaml), YAMLScalar.isPlainSafe(s), followsAsPlain(range) else { return }
        edits.append((range, s))
    }

    /// The range and value of a quoted scalar on one line whose text between the quotes is
    /// its value; nil for anything else (plain, block, tagged, anchored, escaped).
    func quotedAsItReads(_ node: YNode, yaml: YAMLSource) -> (Range<Int>, String)? {
        guard node.isScalar, node.tag == nil, node.style == .singleQuoted || node.style == .doubleQuoted, let s = node.string else { return nil }
        let r = yaml.range(node)
        guard r.start < r.end, r.end <= bytes.count, bytes[r.start] == (node.style == .singleQuoted ? UInt8(ascii: "'") : UInt8(ascii: "\"")),
              r.end - r.start == node.byteCount + 2, Array(s.utf8) == Array(bytes[(r.start + 1)..<(r.end - 1)]) else { return nil }
        return (r.start..<r.end, s)
    }

    /// Whether what follows a scalar on its line lets it be plain: the line's end, a comment,
    /// or a key's `:` and a blank.
    func followsAsPlain(_ r: Range<Int>) -> Bool {
        var j = r.upperBound
        if j < bytes.count, bytes[j] == UInt8(ascii: ":") {
            j += 1
            return j >= bytes.count || [0x20, 0x0A, 0x0D].contains(bytes[j])
        }
        while j < bytes.count, bytes[j] == 0x20 { j += 1 }
        return j >= bytes.count || [0x0A, 0x0D, UInt8(ascii: "#")].contains(bytes[j]) && (j > r.upperBound || bytes[j] != UInt8(ascii: "#"))
    }

    /// The text from `a` to `b`.
    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }

    /// The end of the line holding `i`, before its line break.
    func lineEnd(from i: Int) -> Int {
        var e = i
        while e < bytes.count, bytes[e] != 0x0A { e += 1 }
        return e > i && bytes[e - 1] == 0x0D ? e - 1 : e
    }

    /// A duration in Prometheus' spelling, unquoted when YAML allows.
    mutating func duration(key: YNode, value: YNode, yaml: YAMLSource) {
        guard isEditable(key: key, value: value), let s = value.string,
              [.plain, .singleQuoted, .doubleQuoted].contains(value.style) else { return }
        let r = yaml.range(value)
        guard r.end <= bytes.count, !bytes[r.start..<r.end].contains(0x0A) else { return }
        guard case .success(let ms) = parseDurationLiteral(s) else {
            quoting(value, yaml: yaml)
            return
        }
        let canonical = formatDuration(milliseconds: ms)
        var written = value.style == .plain ? canonical : value.style == .singleQuoted ? "'\(canonical)'" : "\"\(canonical)\""
        if value.style != .plain, quotedAsItReads(value, yaml: yaml) != nil, YAMLScalar.isPlainSafe(canonical), followsAsPlain(r.start..<r.end) { written = canonical }
        guard written != text(r.start, r.end) else { return }
        edits.append((r.start..<r.end, written))
    }

    /// The layout of one expression.
    mutating func expression(key: YNode, value: YNode, yaml: YAMLSource) {
        guard isEditable(key: key, value: value), let original = value.string, !YAMLSource.isNull(value) else { return }
        guard !ExpressionComments.present(original) else { return }
        guard let expr = try? PromQL.parse(original, options: ParseOptions(features: options.features)) else { return }
        // Where the value is, and the comment that follows it on its line (a block's header
        // comment), which moves with it.
        let start = value.offset
        var end: Int
        var comment = ""
        let isBlock = value.style == .literal || value.style == .folded
        if isBlock {
            guard let block = BlockScalar(bytes: bytes, at: start, parentIndent: key.column - 1) else { return }
            end = block.contentEnd
            comment = block.headerComment
        } else {
            end = yaml.range(value).end
            guard end <= bytes.count else { return }
            var j = end
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: "#") {
                let e = lineEnd(from: j)
                comment = text(end, e)
                end = e
            } else if j < bytes.count, bytes[j] != 0x0A, bytes[j] != 0x0D {
                return   // something else follows on the line: not a block mapping's value
            }
        }
        // Columns before the value on its line, and the key's indentation.
        let lineStart = source.lineStartOffset(value.line)
        let valueColumn = String(decoding: bytes[lineStart..<start], as: UTF8.self).unicodeScalars.count
        let keyIndent = key.column - 1
        let transform = options.rewriteExpression ?? { $0 }
        let oneLine = YAMLScalar.oneLine(transform(expr.description), preferDouble: value.style == .doubleQuoted)
        let replacement: String
        if valueColumn + oneLine.unicodeScalars.count <= options.maxLineLength {
            replacement = oneLine + comment
        } else {
            let indent = String(repeating: " ", count: keyIndent + 2)
            let width = Swift.max(20, options.maxLineLength - indent.count)
            let lines = transform(expr.pretty(maxLineLength: width)).split(separator: "\n", omittingEmptySubsequences: false)
            // A first line that starts with blanks (an operand of a top-level binary operator)
            // needs the indentation said: two more than the key's.
            let indicator = lines.first?.first == " " ? "|2" : "|"
            replacement = indicator + comment + lines.map { lineBreak + ($0.isEmpty ? "" : indent + $0) }.joined()
        }
        guard replacement != text(start, end) else { return }
        edits.append((start..<end, replacement))
    }

    /// The text with every edit made (the ranges never overlap: one per value).
    func apply() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var at = 0
        for e in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where e.range.lowerBound >= at {
            out += bytes[at..<e.range.lowerBound]
            out += Array(e.text.utf8)
            at = e.range.upperBound
        }
        out += bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }
}

/// A block scalar's header and extent in the text.
struct BlockScalar {
    /// The indicators (`|`, `>-`, `|+`).
    var header: String
    /// What follows the indicators on the header line (blanks and a comment), or "".
    var headerComment: String
    /// The end of the last line with content (before its line break); the header's end when
    /// the block is empty.
    var contentEnd: Int
    /// Keep chomping (`|+`): the blank lines after the content are content too.
    var keepsTrailingLines: Bool
    /// The content's indentation (said by an indicator, else that of its first line with
    /// content); -1 for a block without content lines.
    var indent: Int
    /// Whether the header says the indentation (`|2`).
    var hasIndentationIndicator: Bool

    /// Nil when `at` is not a block scalar's indicator. `parentIndent` is the indentation of
    /// the collection holding it (an explicit indentation indicator counts from there).
    init?(bytes b: [UInt8], at: Int, parentIndent: Int) {
        guard at < b.count, b[at] == UInt8(ascii: "|") || b[at] == UInt8(ascii: ">") else { return nil }
        var p = at + 1
        var indent = -1
        while p < b.count, b[p] == UInt8(ascii: "+") || b[p] == UInt8(ascii: "-") || (b[p] >= 0x31 && b[p] <= 0x39) {
            if b[p] >= 0x31 && b[p] <= 0x39 { indent = parentIndent + Int(b[p] - 0x30) }
            p += 1
        }
        header = String(decoding: b[at..<p], as: UTF8.self)
        keepsTrailingLines = header.contains("+")
        hasIndentationIndicator = indent >= 0
        var e = p
        while e < b.count, b[e] != 0x0A { e += 1 }
        let headerEnd = e > p && b[e - 1] == 0x0D ? e - 1 : e
        var q = p
        while q < headerEnd, b[q] == 0x20 || b[q] == 0x09 { q += 1 }
        headerComment = q < headerEnd ? String(decoding: b[p..<headerEnd], as: UTF8.self) : ""
        contentEnd = headerEnd
        // Content lines: the first with content sets the indentation (unless the header did);
        // lines with at least that much, or blank, belong to the block.
        var i = e + 1
        while i < b.count {
            var j = i
            while j < b.count, b[j] == 0x20 { j += 1 }
            var k = j
            while k < b.count, b[k] != 0x0A { k += 1 }
            let end = k > j && b[k - 1] == 0x0D ? k - 1 : k
            let blank = j >= end
            if !blank {
                if indent < 0 { indent = j - i }
                if j - i < indent { break }
                contentEnd = end
            }
            i = k + 1
        }
        self.indent = contentEnd > headerEnd || hasIndentationIndicator ? indent : -1
    }
}

/// What the formatter needs to know of an expression's text.
enum ExpressionComments {
    /// Whether a `#` starts a comment somewhere (outside string literals): the printer would
    /// drop it, so such an expression is left as written.
    static func present(_ s: String) -> Bool {
        var quote: UInt8 = 0
        var escaped = false
        for c in s.utf8 {
            if quote != 0 {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") && quote != UInt8(ascii: "`") { escaped = true } else if c == quote { quote = 0 }
                continue
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"): quote = c
            case UInt8(ascii: "#"): return true
            default: break
            }
        }
        return false
    }
}
