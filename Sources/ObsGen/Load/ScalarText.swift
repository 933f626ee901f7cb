/// How a YAML scalar's content lies in the file's text: the line breaks libyaml knows, escape
/// sequences, and the file offset of every byte of the content.
import PromQL

enum ScalarText {
    /// The length of the line break at `i` (CRLF is one), or 0. Besides LF and CRLF, libyaml
    /// ends a line at a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029).
    static func breakLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        guard i < b.count else { return 0 }
        switch b[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
        case 0xE2: return i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// The offset of the quote that closes the quoted scalar whose opening quote is at `start`
    /// (`''` inside single quotes and `\"` inside double quotes do not close it), or nil when
    /// `start` is not a quote or the scalar is not closed.
    static func closingQuote(_ single: Bool, from start: Int, in source: SourceText) -> Int? {
        source.withUTF8 { b -> Int? in
            let q = UInt8(ascii: single ? "'" : "\"")
            guard start >= 0, start < b.count, b[start] == q else { return nil }
            var i = start + 1
            while i < b.count {
                let c = b[i]
                if !single, c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if c == q {
                    if single, i + 1 < b.count, b[i + 1] == q {
                        i += 2
                        continue
                    }
                    return i
                }
                i += 1
            }
            return nil
        }
    }

    /// The length of the escape sequence at `i` (a backslash) in a double-quoted scalar.
    static func escapeLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
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

    /// Where each byte of a scalar's content was read from, and where the content ends: one
    /// more entry than `content` has bytes, every one within the text. `start` is the scalar's
    /// first character (its tag or anchor if it has one, the indicator of a block scalar).
    ///
    /// The content is matched against the text character by character; what the text has and
    /// the content does not (indentation, folded line breaks, the second quote of `''`, escape
    /// sequences) is stepped over, so each character lands where it was written.
    static func contentOffsets(_ content: String, style: YAMLTree.ScalarStyle, at start: Int, in b: UnsafeBufferPointer<UInt8>) -> [Int] {
        var table = Table()
        table.offsets.reserveCapacity(content.utf8.count + 1)
        let end = walkContent(content, style: style, at: start, in: b, into: &table)
        table.offsets.append(end)
        return table.offsets
    }

    /// Where the content of a scalar ends in the file (`contentOffsets(…).last`, without the
    /// table).
    static func contentEnd(_ content: String, style: YAMLTree.ScalarStyle, at start: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        var none = Nothing()
        return walkContent(content, style: style, at: start, in: b, into: &none)
    }

    /// A locator of the content (`ContentLocator(offsets: contentOffsets(…))`), its jumps made
    /// as the content is walked.
    static func contentLocator(_ content: String, style: YAMLTree.ScalarStyle, at start: Int, in b: UnsafeBufferPointer<UInt8>) -> ContentLocator {
        var jumps = ContentLocator.Jumps()
        let end = walkContent(content, style: style, at: start, in: b, into: &jumps)
        jumps.add(end)
        return ContentLocator(jumps)
    }

    /// What a walk does with the file offset of each content byte (a generic parameter, not a
    /// closure: a closure's captured state is checked for exclusive access on every byte).
    protocol Sink {
        mutating func add(_ fileOffset: Int)
    }

    struct Table: Sink {
        var offsets: [Int] = []
        mutating func add(_ fileOffset: Int) { offsets.append(fileOffset) }
    }

    struct Nothing: Sink {
        mutating func add(_ fileOffset: Int) {}
    }


    /// Walks a scalar's content against the text: gives `sink` the file offset of every
    /// content byte, in order, and returns the offset where the content ends.
    private static func walkContent<S: Sink>(_ content: String, style: YAMLTree.ScalarStyle, at start: Int, in b: UnsafeBufferPointer<UInt8>,
                                             into sink: inout S) -> Int {
        let n = b.count
        var p = Swift.max(0, Swift.min(start, n))
        func isBlank(_ i: Int) -> Bool { i < n && (b[i] == 0x20 || b[i] == 0x09) }
        func skipSpaces() { while isBlank(p) || breakLength(b, p) > 0 { p += Swift.max(1, breakLength(b, p)) } }
        // Node properties (`!tag`, `&anchor`) come before the content.
        while p < n, b[p] == UInt8(ascii: "!") || b[p] == UInt8(ascii: "&") {
            while p < n, !isBlank(p), breakLength(b, p) == 0 { p += 1 }
            skipSpaces()
        }
        var blockIndent = 0
        switch style {
        case .singleQuoted, .doubleQuoted:
            if p < n, b[p] == UInt8(ascii: style == .singleQuoted ? "'" : "\"") { p += 1 }
        case .literal, .folded:
            // The content starts on the line after the header (`|`, `>-`, a comment); its
            // indentation is that of the first line with content.
            while p < n, breakLength(b, p) == 0 { p += 1 }
            p += breakLength(b, p)
            var i = p
            while i < n {
                var j = i
                while j < n, b[j] == 0x20 { j += 1 }
                if breakLength(b, j) == 0 {
                    blockIndent = j - i
                    break
                }
                i = j + breakLength(b, j)
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

        var content = content
        let c = content.withUTF8 { Array($0) }
        var ci = 0
        let doubleQuoted = style == .doubleQuoted, singleQuoted = style == .singleQuoted
        while ci < c.count {
            // The common case first: an ASCII byte written as it reads, with nothing after it
            // to step over (what the general path below does for it, in fewer steps).
            let x = c[ci]
            if x < 0x80, p < n, b[p] == x, !(doubleQuoted && x == UInt8(ascii: "\\")), !(singleQuoted && x == UInt8(ascii: "'")), !(isBlock && x == 0x0A) {
                sink.add(p)
                p += 1
                ci += 1
                continue
            }
            // One Unicode scalar of the content: its UTF-8 bytes c[ci..<ci + width].
            let lead = c[ci]
            let width = Swift.min(c.count - ci, lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4)
            var at = p
            var exact = false
            while true {
                guard p < n else { at = n; break }
                if style == .doubleQuoted, b[p] == UInt8(ascii: "\\") {
                    let next = p + 1
                    if breakLength(b, next) > 0 {
                        // An escaped line break: nothing in the content.
                        p = next + breakLength(b, next)
                        while isBlank(p) { p += 1 }
                        continue
                    }
                    at = p
                    p += escapeLength(b, p)
                    break
                }
                if p + width <= n, b[p] == lead, width == 1 || c[ci..<(ci + width)].elementsEqual(b[p..<(p + width)]) {
                    at = p
                    exact = true
                    p += width
                    if style == .singleQuoted, lead == UInt8(ascii: "'"), p < n, b[p] == UInt8(ascii: "'") { p += 1 }
                    if isBlock, lead == 0x0A { skipIndentation() }
                    break
                }
                let br = breakLength(b, p)
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
            for k in 0..<width { sink.add(Swift.min(exact ? at + k : at, n)) }
            ci += width
        }
        return Swift.min(p, n)
    }
}

extension ContentLocator.Jumps: ScalarText.Sink {}
