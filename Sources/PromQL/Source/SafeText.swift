/// Text that comes from outside — file names, file contents, messages that quote them — made safe
/// to print: on a terminal, in a CI log, inside XML or JSON. Every output of obsgen goes through
/// this one policy, so a hostile name or value shows as what it is and cannot act on its reader.
///
/// Never written as they are:
/// - C0 controls (tab, line feed and carriage return included), DEL and the C1 controls: they move
///   the cursor, recolour or clear a terminal, end a line of a log, and most are illegal in XML;
/// - the Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
///   which reorder what is displayed, and the line and paragraph separators U+2028, U+2029;
/// - the non-characters U+FFFE and U+FFFF, illegal in XML;
/// - bytes that are not UTF-8 (shown as `\xff` — never silently as U+FFFD);
/// - the two ways a GitHub Actions runner finds a command in a log line: `::` at the start of a
///   line (after whitespace, which the runner trims) and `##[` anywhere (its legacy form).
///
/// Shown as `\n`, `\r`, `\t`, `\u{1b}`, `\xff`; the `:` of a line-leading `::` as `\u{3a}` and the
/// `[` of `##[` as `\u{5b}`. A backslash is left as it is, so `\n` typed in a file and an escaped
/// line feed look alike: what is printed is visible and inert, not always reversible.
public enum SafeText {
    public enum Style: Sendable {
        /// A terminal or a log: escapes as above.
        case display
        /// XML text or attribute values: markup characters as entities; characters XML 1.0
        /// forbids as visible escapes (no `&#x1b;`: that is illegal too); the workflow-command
        /// characters as character references, which an XML reader turns back into what they were.
        case xml
        /// A GitHub Actions workflow command's message: visible escapes, then `%` as `%25`.
        case githubData
        /// A workflow command's property value (`file=`, `title=`): also `:` and `,` as `%3A`, `%2C`.
        case githubProperty
    }

    /// Whether a scalar is never written as it is (the policy above, without the contextual
    /// workflow-command rules). `JSONWriter` writes these as `\uXXXX`.
    @inlinable
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028...0x202E, 0x2066...0x2069: return true
        case 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// `s` written in `style`. `lineStart`: `s` begins a line of output (after nothing but
    /// whitespace), so a leading `::` is escaped too.
    public static func escape(_ s: String, style: Style = .display, lineStart: Bool = false) -> String {
        if style == .display, !lineStart, isPlain(s) { return s }
        return escaped(bytes: s.utf8, style: style, lineStart: lineStart).text
    }

    /// Bytes that may not be UTF-8 (a file name, a file's raw content), in the display style.
    public static func escape(bytes: some Collection<UInt8>, lineStart: Bool = false) -> String {
        escaped(bytes: bytes, style: .display, lineStart: lineStart).text
    }

    /// The display form of UTF-8 bytes and, for each input byte offset, the output column where the
    /// scalar at that offset begins (one column per output scalar; the last entry is the total),
    /// so that a caret can be put under the right character of an escaped line.
    public static func displayColumns(_ bytes: some Collection<UInt8>, lineStart: Bool) -> (text: String, columns: [Int]) {
        escaped(bytes: bytes, style: .display, lineStart: lineStart, columns: true)
    }

    /// Printable ASCII with no `##[`: nothing to do for the display style.
    private static func isPlain(_ s: String) -> Bool {
        var hashes = 0
        for b in s.utf8 {
            guard b >= 0x20, b < 0x7F else { return false }
            if b == UInt8(ascii: "["), hashes >= 2 { return false }
            hashes = b == UInt8(ascii: "#") ? hashes + 1 : 0
        }
        return true
    }

    /// The one escaper. Walks the bytes as UTF-8 (an invalid sequence is a unit of its own,
    /// shown byte by byte), decides for each scalar with `isUnsafe` and the workflow-command
    /// rules, and writes the decision in the style asked for.
    static func escaped(bytes: some Collection<UInt8>, style: Style, lineStart: Bool, columns wantColumns: Bool = false) -> (text: String, columns: [Int]) {
        let b = Array(bytes)
        var units: [(scalar: Unicode.Scalar?, start: Int, length: Int)] = []
        units.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let (scalar, length) = decode(b, at: i)
            units.append((scalar, i, length))
            i += length
        }
        var out = ""
        out.reserveCapacity(b.count + 8)
        var columns: [Int] = []
        if wantColumns { columns.reserveCapacity(b.count + 1) }
        var column = 0
        var leading = lineStart   // nothing but whitespace so far on this line
        for k in units.indices {
            let u = units[k]
            if wantColumns { columns.append(contentsOf: repeatElement(column, count: u.length)) }
            let piece: String
            if let s = u.scalar {
                var command = false
                if leading, !s.properties.isWhitespace {
                    leading = false
                    command = s == ":" && k + 1 < units.count && units[k + 1].scalar == ":"
                }
                if s == "[", k >= 2, units[k - 1].scalar == "#", units[k - 2].scalar == "#" { command = true }
                piece = write(s, unsafe: isUnsafe(s), command: command, style: style)
            } else {
                leading = false
                piece = b[u.start..<(u.start + u.length)].map { "\\x" + hex($0, width: 2) }.joined()
            }
            out += piece
            if wantColumns { column += piece.unicodeScalars.count }
        }
        if wantColumns { columns.append(column) }
        return (out, columns)
    }

    /// One scalar in a style.
    private static func write(_ s: Unicode.Scalar, unsafe: Bool, command: Bool, style: Style) -> String {
        if unsafe {
            switch s {
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            default: return "\\u{" + hex(s.value) + "}"
            }
        }
        if command {
            return style == .xml ? "&#\(s.value);" : "\\u{" + hex(s.value) + "}"
        }
        switch style {
        case .display:
            return String(Character(s))
        case .xml:
            switch s {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&apos;"
            default: return String(Character(s))
            }
        case .githubData:
            return s == "%" ? "%25" : String(Character(s))
        case .githubProperty:
            switch s {
            case "%": return "%25"
            case ":": return "%3A"
            case ",": return "%2C"
            default: return String(Character(s))
            }
        }
    }

    private static func hex(_ v: some BinaryInteger, width: Int = 0) -> String {
        let h = String(v, radix: 16)
        return h.count < width ? String(repeating: "0", count: width - h.count) + h : h
    }

    /// The byte sequences of `bytes` that are not UTF-8 (offset and length of each maximal invalid
    /// subpart — what decoding replaces with one U+FFFD), at most `limit` of them; ASCII is skipped fast.
    public static func invalidUTF8(in bytes: [UInt8], limit: Int = .max) -> [(offset: Int, length: Int)] {
        var found: [(offset: Int, length: Int)] = []
        var i = 0
        while i < bytes.count, found.count < limit {
            if bytes[i] < 0x80 { i += 1; continue }
            let (scalar, length) = decode(bytes, at: i)
            if scalar == nil { found.append((i, length)) }
            i += length
        }
        return found
    }

    /// The scalar at `i` and its length, or nil and the length of the maximal invalid subpart
    /// there (the unit Unicode and Swift's decoding replace with one U+FFFD).
    static func decode(_ b: [UInt8], at i: Int) -> (Unicode.Scalar?, Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (Unicode.Scalar(c0), 1) }
        let need: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF   // range of the second byte
        switch c0 {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: return (nil, 1)
        }
        var value = UInt32(c0) & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07)
        for j in 1...need {
            guard i + j < b.count else { return (nil, j) }
            let c = b[i + j]
            let ok = j == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF)
            guard ok else { return (nil, j) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return (Unicode.Scalar(value), need + 1)
    }
}
