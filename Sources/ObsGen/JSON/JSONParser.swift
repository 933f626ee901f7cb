/// A JSON reader that records where every object starts, so loaders can point at a panel.
/// Hostile input is bounded: nesting deeper than `maxDepth` is an error, not a crash.
public struct JSONParser {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { message }
    }

    private let b: [UInt8]
    private var i = 0
    private var depth = 0
    public static let maxDepth = 512
    /// Byte offset of the opening `{` of objects, by JSON pointer-ish path (`panels[0]`).
    public private(set) var objectOffsets: [String: Int] = [:]

    public init(_ text: String) { b = Array(text.utf8) }

    public static func parse(_ text: String) throws(ParseError) -> (JSONValue, [String: Int]) {
        var p = JSONParser(text)
        p.skipWhitespace()
        let v = try p.value(parent: "", key: nil, index: -1)
        p.skipWhitespace()
        if p.i != p.b.count { throw ParseError(message: "unexpected text after the JSON value", offset: p.i) }
        return (v, p.objectOffsets)
    }

    private mutating func skipWhitespace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private func fail(_ m: String) -> ParseError { ParseError(message: m, offset: min(i, b.count)) }

    /// A value's path: its parent's, then `.key` or `[index]` (the root's is ""). Made only for
    /// objects and arrays, whose paths are recorded or passed on: a string or number's is never
    /// read, and building one for each was most of the reading time of a large dashboard.
    private static func path(_ parent: String, _ key: String?, _ index: Int) -> String {
        if let key { return parent.isEmpty ? key : "\(parent).\(key)" }
        return index >= 0 ? "\(parent)[\(index)]" : parent
    }

    private mutating func value(parent: String, key parentKey: String?, index: Int) throws(ParseError) -> JSONValue {
        guard i < b.count else { throw fail("unexpected end of JSON") }
        switch b[i] {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw fail("JSON nests more than \(Self.maxDepth) levels") }
            let path = Self.path(parent, parentKey, index)
            objectOffsets[path] = i
            i += 1
            var o = JSONObject()
            // Keys seen: a list for the usual few, a set past that.
            var seenFew: [String] = []
            var seen = Set<String>()
            skipWhitespace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skipWhitespace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let keyStart = i
                let k = try string()
                let repeated: Bool
                if seenFew.count < 16 {
                    repeated = seenFew.contains(k)
                    seenFew.append(k)
                } else {
                    if seen.isEmpty { seen = Set(seenFew) }
                    repeated = !seen.insert(k).inserted
                }
                if repeated { throw ParseError(message: "duplicate key \"\(k)\"", offset: keyStart) }
                skipWhitespace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                i += 1
                skipWhitespace()
                let v = try value(parent: path, key: k, index: -1)
                o.append(k, v)   // a new key (repeated ones were refused above)
                skipWhitespace()
                guard i < b.count else { throw fail("unexpected end of JSON inside an object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw fail("JSON nests more than \(Self.maxDepth) levels") }
            let path = Self.path(parent, parentKey, index)
            i += 1
            var a: [JSONValue] = []
            skipWhitespace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                skipWhitespace()
                let element = try value(parent: path, key: nil, index: a.count)
                a.append(element)
                skipWhitespace()
                guard i < b.count else { throw fail("unexpected end of JSON inside an array") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return .number(try number())
        }
    }

    private mutating func literal(_ word: String) throws(ParseError) {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else { throw fail("unexpected character") }
        i += w.count
    }

    private mutating func number() throws(ParseError) -> String {
        let start = i
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; digits += 1 }
        if digits == 0 { throw fail("unexpected character") }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var frac = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; frac += 1 }
            if frac == 0 { throw fail("bad number") }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            var exp = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; exp += 1 }
            if exp == 0 { throw fail("bad number") }
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    private mutating func string() throws(ParseError) -> String {
        i += 1
        let start = i
        var hasEscape = false
        while i < b.count, b[i] != UInt8(ascii: "\"") {
            if b[i] == UInt8(ascii: "\\") { hasEscape = true; i += 2; continue }
            if b[i] < 0x20 { throw fail("control character in a string") }
            i += 1
        }
        guard i < b.count else { throw ParseError(message: "unterminated string", offset: start - 1) }
        let raw = b[start..<i]
        i += 1
        if !hasEscape { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var j = raw.startIndex
        while j < raw.endIndex {
            let c = raw[j]
            if c != UInt8(ascii: "\\") { out.append(c); j += 1; continue }
            j += 1
            guard j < raw.endIndex else { throw fail("bad escape") }
            switch raw[j] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                func hex4(_ at: Int) -> UInt32? {
                    guard at + 3 < raw.endIndex else { return nil }
                    return UInt32(String(decoding: raw[at...(at + 3)], as: UTF8.self), radix: 16)
                }
                guard let v = hex4(j + 1) else { throw fail("bad \\u escape") }
                j += 4
                var scalar = v
                if (0xD800..<0xDC00).contains(v), j + 2 < raw.endIndex, raw[j + 1] == UInt8(ascii: "\\"), raw[j + 2] == UInt8(ascii: "u"),
                   let lo = hex4(j + 3), (0xDC00..<0xE000).contains(lo) {
                    scalar = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    j += 6
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
            default: throw fail("bad escape")
            }
            j += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
