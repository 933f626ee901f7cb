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
    /// Length of the text in UTF-8 bytes (the text is its own byte storage: no second copy).
    private let count: Int
    /// Byte offset of the first byte of every line.
    private let lineStarts: [Int]

    /// Whether every byte is ASCII (then a column in scalars is a column in bytes).
    private let isASCII: Bool

    /// The bytes of a byte order mark the text starts with (3 or 0): invisible in an editor, so
    /// not counted in the first line's columns nor shown in it.
    private let bomLength: Int

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.count = text.utf8.count
        var starts = [0]
        var ascii = true, bom = 0
        Self.withBytes(text) { b in
            var p = 0
            while let at = b.firstIndex(of: 0x0A, from: p) {
                starts.append(at + 1)
                p = at + 1
            }
            ascii = b.isASCII
            bom = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        }
        self.lineStarts = starts
        self.isASCII = ascii
        self.bomLength = bom
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    public func location(of offset: Int) -> SourceLocation {
        let off = Swift.max(0, Swift.min(offset, count))
        // Binary search for the last line start <= off.
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        let start = lo == 0 ? bomLength : lineStarts[lo]
        return SourceLocation(line: lo + 1, column: Swift.max(0, off - start) + 1)
    }

    /// The byte offset where a 1-based line starts.
    public func lineStartOffset(_ number: Int) -> Int {
        guard number >= 1 else { return 0 }
        guard number <= lineStarts.count else { return count }
        return lineStarts[number - 1]
    }

    public var lineCount: Int { lineStarts.count }

    /// Calls `body` with the text's UTF-8 bytes (no copy). Inlinable: the loaders and checks
    /// call it tens of thousands of times on a large file, and an unspecialised generic call
    /// looks up its result type's metadata at run time every time.
    @inlinable
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try Self.withBytes(text, body)
    }

    @inlinable
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let r = try text.utf8.withContiguousStorageIfAvailable(body) { return r }
        return try Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Number of spaces a 1-based line starts with.
    public func leadingSpaces(line number: Int) -> Int {
        guard number >= 1, number <= lineStarts.count else { return 0 }
        return withUTF8 { bytes in
            var i = lineStarts[number - 1]
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            return i - lineStarts[number - 1]
        }
    }

    /// The byte offset of a 1-based line and a 1-based column counted in Unicode scalars
    /// (as libyaml counts), without building the line's text.
    public func utf8Offset(line: Int, scalarColumn: Int) -> Int {
        var off = lineStartOffset(line)
        if isASCII {
            // No column scan: the line's end bounds the column.
            let end = line >= 1 && line < lineStarts.count ? lineStarts[line] - 1 : count
            return Swift.min(off + Swift.max(0, scalarColumn - 1), Swift.max(off, end))
        }
        return withUTF8 { bytes in
            var n = 1
            while n < scalarColumn, off < bytes.count, bytes[off] != 0x0A {
                off += 1
                while off < bytes.count, bytes[off] & 0xC0 == 0x80 { off += 1 }
                n += 1
            }
            return off
        }
    }

    /// The text of a 1-based line, without its line break.
    public func line(_ number: Int) -> String {
        withUTF8 { bytes in String(decoding: bytes[lineRange(number, in: bytes)], as: UTF8.self) }
    }

    /// The byte range of a 1-based line, without its line break (nor the first line's byte
    /// order mark).
    private func lineRange(_ number: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard number >= 1, number <= lineStarts.count else { return 0..<0 }
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        let start = number == 1 ? Swift.min(bomLength, end) : lineStarts[number - 1]
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<Swift.max(start, end)
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
        // The line is sliced out of the text, never copied whole: on a file that is one long
        // line, every diagnostic would otherwise copy the file.
        withUTF8 { line in
        let lineRange = lineRange(loc.line, in: line)
        let base = lineRange.lowerBound, count = lineRange.count
        // Caret under the start; tildes for the rest of the range on the same line (columns
        // counted from 0 within the line; `line[base + c]` is the byte at column c).
        let startCol = Swift.min(loc.column - 1, count)
        let endLoc = location(of: Swift.max(diagnostic.range.end, diagnostic.range.start))
        var endCol = endLoc.line == loc.line ? Swift.min(endLoc.column - 1, count) : count
        // A very long line (a minified dashboard, a generated expression) is shown as a window
        // around the caret, cut on character boundaries and marked with an ellipsis.
        var windowStart = 0, windowEnd = count
        if count > Self.maxShownLineBytes {
            windowStart = Swift.max(0, startCol - Self.maxShownLineBytes / 3)
            while windowStart < startCol, (line[base + windowStart] & 0xC0) == 0x80 { windowStart += 1 }
            windowEnd = Swift.min(count, windowStart + Self.maxShownLineBytes)
            while windowEnd > startCol, windowEnd < count, (line[base + windowEnd] & 0xC0) == 0x80 { windowEnd -= 1 }
            endCol = Swift.min(endCol, windowEnd)
        }
        let head = windowStart > 0 ? "…" : "", tail = windowEnd < count ? "…" : ""
        // Escapes are wider than what they stand for: columns come from the escaped line.
        let (shown, columns) = SafeText.displayColumns(line[(base + windowStart)..<(base + windowEnd)], lineStart: head.isEmpty)
        out += "  " + head + shown + tail + "\n"
        let startColumn = columns[startCol - windowStart]
        let pad = (head.isEmpty ? 0 : 1) + startColumn
        let width = Swift.max(1, columns[Swift.max(startCol, endCol) - windowStart] - startColumn)
        var marker = String(repeating: " ", count: pad) + "^"
        if width > 1 { marker += String(repeating: "~", count: width - 1) }
        out += "  " + (color ? "\u{1B}[1;32m\(marker)\u{1B}[0m" : marker) + "\n"
        }
        if let hint = diagnostic.hint {
            out += "  hint: \(SafeText.escape(hint))\n"
        }
        return out
    }

    /// Lines longer than this (in bytes) are shown as a window around the caret.
    public static let maxShownLineBytes = 160
}
