/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A located message about a source text: a parse error, a type error, a lint finding.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public var severity: Severity
    /// A stable identifier such as `promql/syntax`; empty when the message stands alone.
    public var id: String
    public var message: String
    /// Byte range in the text the diagnostic is about.
    public var range: PositionRange
    /// An optional one-line hint shown under the caret.
    public var hint: String?

    public init(severity: Severity = .error, id: String = "", message: String, range: PositionRange, hint: String? = nil) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = range
        self.hint = hint
    }

    public var description: String { message }
}

/// A source text with a name (a file path, `<arg1>`, …) and the line table needed to turn byte
/// offsets into line:column and to show the source line of a diagnostic with a caret.
public struct SourceText: Sendable {
    public let name: String
    public let text: String
    private let bytes: [UInt8]
    /// Byte offset of the first byte of every line.
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    public func location(of offset: Int) -> SourceLocation {
        let off = Swift.max(0, Swift.min(offset, bytes.count))
        // Binary search for the last line start <= off.
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1, column: off - lineStarts[lo] + 1)
    }

    /// The byte offset where a 1-based line starts.
    public func lineStartOffset(_ number: Int) -> Int {
        guard number >= 1 else { return 0 }
        guard number <= lineStarts.count else { return bytes.count }
        return lineStarts[number - 1]
    }

    public var lineCount: Int { lineStarts.count }

    /// The byte offset of a 1-based line and a 1-based column counted in Unicode scalars
    /// (as libyaml counts), without building the line's text.
    public func utf8Offset(line: Int, scalarColumn: Int) -> Int {
        var off = lineStartOffset(line)
        var n = 1
        while n < scalarColumn, off < bytes.count, bytes[off] != 0x0A {
            off += 1
            while off < bytes.count, bytes[off] & 0xC0 == 0x80 { off += 1 }
            n += 1
        }
        return off
    }

    /// The text of a 1-based line, without its line break.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<Swift.max(start, end)], as: UTF8.self)
    }

    /// Renders a diagnostic compiler-style:
    ///
    ///     rules.yml:3:12: error[promql/syntax]: unexpected end of input
    ///       sum(rate(x[5m])
    ///                      ^
    ///
    /// `offsetInFile` shifts the diagnostic's range when the diagnostic was produced on a
    /// fragment (an expression) that is embedded in this text.
    public func render(_ diagnostic: Diagnostic, color: Bool = false) -> String {
        let loc = location(of: diagnostic.range.start)
        let label = diagnostic.id.isEmpty ? diagnostic.severity.rawValue : "\(diagnostic.severity.rawValue)[\(diagnostic.id)]"
        // The name, the message, the source line and the hint come from outside: printed through
        // SafeText, so they cannot move the cursor, recolour the terminal or start a CI command.
        let message = SafeText.escape(diagnostic.message)
        var out = "\(SafeText.escape(name, lineStart: true)):\(loc.line):\(loc.column): "
        if color {
            let code: String
            switch diagnostic.severity {
            case .error: code = "\u{1B}[1;31m"
            case .warning: code = "\u{1B}[1;33m"
            case .info: code = "\u{1B}[1;36m"
            }
            out += "\(code)\(label)\u{1B}[0m: \u{1B}[1m\(message)\u{1B}[0m\n"
        } else {
            out += "\(label): \(message)\n"
        }
        let lineText = line(loc.line)
        // Caret under the start; tildes for the rest of the range on the same line.
        let lineBytes = Array(lineText.utf8)
        let startCol = Swift.min(loc.column - 1, lineBytes.count)
        let endLoc = location(of: Swift.max(diagnostic.range.end, diagnostic.range.start))
        var endCol = endLoc.line == loc.line ? Swift.min(endLoc.column - 1, lineBytes.count) : lineBytes.count
        // A very long line (a minified dashboard, a generated expression) is shown as a window
        // around the caret, cut on character boundaries and marked with an ellipsis.
        var windowStart = 0, windowEnd = lineBytes.count
        if lineBytes.count > Self.maxShownLineBytes {
            windowStart = Swift.max(0, startCol - Self.maxShownLineBytes / 3)
            while windowStart < startCol, (lineBytes[windowStart] & 0xC0) == 0x80 { windowStart += 1 }
            windowEnd = Swift.min(lineBytes.count, windowStart + Self.maxShownLineBytes)
            while windowEnd > startCol, windowEnd < lineBytes.count, (lineBytes[windowEnd] & 0xC0) == 0x80 { windowEnd -= 1 }
            endCol = Swift.min(endCol, windowEnd)
        }
        let head = windowStart > 0 ? "…" : "", tail = windowEnd < lineBytes.count ? "…" : ""
        // Escapes are wider than what they stand for: columns come from the escaped line.
        let (shown, columns) = SafeText.displayColumns(lineBytes[windowStart..<windowEnd], lineStart: head.isEmpty)
        out += "  " + head + shown + tail + "\n"
        let startColumn = columns[startCol - windowStart]
        let pad = (head.isEmpty ? 0 : 1) + startColumn
        let width = Swift.max(1, columns[Swift.max(startCol, endCol) - windowStart] - startColumn)
        var marker = String(repeating: " ", count: pad) + "^"
        if width > 1 { marker += String(repeating: "~", count: width - 1) }
        out += "  " + (color ? "\u{1B}[1;32m\(marker)\u{1B}[0m" : marker) + "\n"
        if let hint = diagnostic.hint {
            out += "  hint: \(SafeText.escape(hint))\n"
        }
        return out
    }

    /// Lines longer than this (in bytes) are shown as a window around the caret.
    public static let maxShownLineBytes = 160
}
