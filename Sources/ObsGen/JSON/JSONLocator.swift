/// Where a key and its value are in a JSON text, found from the `{` of an object the loader
/// recorded (a panel, a variable): only that object is read, never the whole file, so a finding
/// on one panel of a dashboard of a hundred thousand panels costs that panel's bytes. Called
/// only when a finding is reported.
///
/// The text is the one `JSONParser` read: well-formed. Anything unexpected (a wrong offset, text
/// that is not JSON) gives nil, never a crash.
public enum JSONLocator {
    /// One step of a path: an object's key or an array's index (`["targets", 2, "expr"]`).
    public enum Step: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
        case key(String)
        case index(Int)

        public init(stringLiteral value: String) { self = .key(value) }
        public init(integerLiteral value: Int) { self = .index(value) }

        public var description: String {
            switch self {
            case .key(let k): k
            case .index(let i): "[\(i)]"
            }
        }
    }

    /// Byte ranges of what a path names.
    public struct Location: Sendable, Hashable {
        /// The key with its quotes; nil for an array element.
        public var key: PositionRange?
        /// The value: a string with its quotes, a number or `true`/`false`/`null` as written, an
        /// object or array from its opening to its closing bracket.
        public var value: PositionRange
    }

    /// What `path` names inside the object (or array) whose opening bracket is at `offset`; nil
    /// when a key or index is absent or a key occurs twice in one object (`JSONParser` refuses
    /// such a document: there is no one value to point at).
    public static func locate(_ path: [Step], inObjectAt offset: Int, in source: SourceText) -> Location? {
        var scanned = 0
        return source.withUTF8 { locate(path, inObjectAt: offset, in: $0, scanned: &scanned) }
    }

    /// As `locate(_:inObjectAt:in:)`; `scanned` receives how many bytes the search read (from
    /// `offset` to the furthest byte it looked at).
    static func locate(_ path: [Step], inObjectAt offset: Int, in b: UnsafeBufferPointer<UInt8>, scanned: inout Int) -> Location? {
        guard !path.isEmpty, offset >= 0, offset < b.count, b[offset] == UInt8(ascii: "{") || b[offset] == UInt8(ascii: "[") else { return nil }
        var s = Scanner(b: b)
        let found = s.value(at: offset, path: path[...])
        scanned = s.furthest - offset
        return found?.found
    }

    /// Maps offsets inside the decoded string whose opening quote is at `offset` to offsets in
    /// the file. A string written as it reads (no escapes) maps by its start alone; one with
    /// escapes (`\"`, `\\`, `\n`, `\u00e9`, surrogate pairs), which are longer in the file than in
    /// the string, gets the file offset of each of its bytes. Nil when no string starts there.
    public static func contentLocator(ofStringAt offset: Int, in source: SourceText) -> ContentLocator? {
        source.withUTF8 { contentLocator(ofStringAt: offset, in: $0) }
    }

    static func contentLocator(ofStringAt offset: Int, in b: UnsafeBufferPointer<UInt8>) -> ContentLocator? {
        guard offset >= 0, offset < b.count, b[offset] == UInt8(ascii: "\"") else { return nil }
        let start = offset + 1
        var i = start
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "\"") { return ContentLocator(start: start, lineStarts: nil) }
        return decodedOffsets(b, from: start).map { ContentLocator(offsets: $0.offsets) }
    }

    /// The decoded bytes of the string content starting at `start` (after its opening quote),
    /// decoded as `JSONParser` decodes them, with the file offset each comes from and that of
    /// the closing quote (one more offset than bytes). Nil on an unterminated string or a bad
    /// escape.
    static func decodedOffsets(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (bytes: [UInt8], offsets: [Int])? {
        var bytes: [UInt8] = [], offsets: [Int] = []
        var j = start
        func hex4(_ at: Int) -> UInt32? {
            guard at + 3 < b.count else { return nil }
            return UInt32(String(decoding: b[at...(at + 3)], as: UTF8.self), radix: 16)
        }
        while j < b.count, b[j] != UInt8(ascii: "\"") {
            let c = b[j]
            if c != UInt8(ascii: "\\") {
                bytes.append(c)
                offsets.append(j)
                j += 1
                continue
            }
            guard j + 1 < b.count else { return nil }
            let escape = j
            var decoded: [UInt8]
            switch b[j + 1] {
            case UInt8(ascii: "\""): decoded = [0x22]
            case UInt8(ascii: "\\"): decoded = [0x5C]
            case UInt8(ascii: "/"): decoded = [0x2F]
            case UInt8(ascii: "b"): decoded = [0x08]
            case UInt8(ascii: "f"): decoded = [0x0C]
            case UInt8(ascii: "n"): decoded = [0x0A]
            case UInt8(ascii: "r"): decoded = [0x0D]
            case UInt8(ascii: "t"): decoded = [0x09]
            case UInt8(ascii: "u"):
                guard let v = hex4(j + 2) else { return nil }
                var scalar = v
                j += 4
                // A high surrogate followed by a low one is one character (as JSONParser reads it).
                if (0xD800..<0xDC00).contains(v), j + 4 < b.count, b[j + 2] == UInt8(ascii: "\\"), b[j + 3] == UInt8(ascii: "u"),
                   let lo = hex4(j + 4), (0xDC00..<0xE000).contains(lo) {
                    scalar = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    j += 6
                }
                decoded = Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: return nil
            }
            bytes += decoded
            offsets += repeatElement(escape, count: decoded.count)
            j += 2
        }
        guard j < b.count else { return nil }
        offsets.append(j)
        return (bytes, offsets)
    }

    /// A forward-only reader: each byte is looked at once, so a search costs at most the bytes of
    /// the object it starts from.
    struct Scanner {
        let b: UnsafeBufferPointer<UInt8>
        /// One past the furthest byte read.
        var furthest = 0

        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

        mutating func skipSpace(_ i: Int) -> Int {
            var i = i
            while i < b.count, isSpace(b[i]) { i += 1 }
            furthest = Swift.max(furthest, i)
            return i
        }

        /// The end of the string whose opening quote is at `i` (one past its closing quote).
        mutating func stringEnd(_ i: Int) -> Int? {
            var j = i + 1
            while j < b.count, b[j] != UInt8(ascii: "\"") { j += b[j] == UInt8(ascii: "\\") ? 2 : 1 }
            furthest = Swift.max(furthest, Swift.min(j + 1, b.count))
            return j < b.count ? j + 1 : nil
        }

        /// The end of the value at `i`, nested objects and arrays skipped by counting brackets
        /// outside strings (no recursion: nesting depth costs nothing).
        mutating func valueEnd(_ i: Int) -> Int? {
            guard i < b.count else { return nil }
            switch b[i] {
            case UInt8(ascii: "\""):
                return stringEnd(i)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0, j = i
                while j < b.count {
                    switch b[j] {
                    case UInt8(ascii: "\""):
                        guard let e = stringEnd(j) else { return nil }
                        j = e
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            furthest = Swift.max(furthest, j + 1)
                            return j + 1
                        }
                    default: break
                    }
                    j += 1
                }
                furthest = b.count
                return nil
            default:
                // A number or literal: up to the next delimiter.
                var j = i
                while j < b.count, !isSpace(b[j]), b[j] != UInt8(ascii: ","), b[j] != UInt8(ascii: "}"), b[j] != UInt8(ascii: "]") { j += 1 }
                furthest = Swift.max(furthest, j)
                return j > i ? j : nil
            }
        }

        /// Whether the key string at `range` (quotes included) reads as `key`.
        func keyEquals(_ range: Range<Int>, _ key: String) -> Bool {
            let content = b[(range.lowerBound + 1)..<(range.upperBound - 1)]
            if !content.contains(UInt8(ascii: "\\")) { return content.elementsEqual(key.utf8) }
            guard let decoded = JSONLocator.decodedOffsets(b, from: range.lowerBound + 1) else { return false }
            return decoded.bytes.elementsEqual(key.utf8)
        }

        /// Reads the value at `i` to its end; when `path` is not empty, also what it names inside.
        /// Nil when the text is not as expected.
        mutating func value(at i: Int, path: ArraySlice<Step>) -> (end: Int, found: Location?)? {
            guard let step = path.first, i < b.count else { return valueEnd(i).map { ($0, nil) } }
            let rest = path.dropFirst()
            switch (b[i], step) {
            case (UInt8(ascii: "{"), .key(let key)):
                var found: Location?
                var matches = 0
                var j = skipSpace(i + 1)
                if j < b.count, b[j] == UInt8(ascii: "}") { return (j + 1, nil) }
                while true {
                    guard j < b.count, b[j] == UInt8(ascii: "\""), let keyEnd = stringEnd(j) else { return nil }
                    let keyRange = j..<keyEnd
                    j = skipSpace(keyEnd)
                    guard j < b.count, b[j] == UInt8(ascii: ":") else { return nil }
                    j = skipSpace(j + 1)
                    if keyEquals(keyRange, key) {
                        // Every occurrence is read: a key found twice names nothing.
                        matches += 1
                        guard let m = member(at: j, key: PositionRange(start: keyRange.lowerBound, end: keyRange.upperBound), rest: rest) else { return nil }
                        (j, found) = m
                    } else {
                        guard let end = valueEnd(j) else { return nil }
                        j = end
                    }
                    guard let after = next(j, closer: UInt8(ascii: "}")) else { return nil }
                    if after.done { return (after.at, matches == 1 ? found : nil) }
                    j = after.at
                }
            case (UInt8(ascii: "["), .index(let index)):
                var found: Location?
                var j = skipSpace(i + 1)
                if j < b.count, b[j] == UInt8(ascii: "]") { return (j + 1, nil) }
                var n = 0
                while true {
                    if n == index {
                        guard let m = member(at: j, key: nil, rest: rest) else { return nil }
                        (j, found) = m
                    } else {
                        guard let end = valueEnd(j) else { return nil }
                        j = end
                    }
                    guard let after = next(j, closer: UInt8(ascii: "]")) else { return nil }
                    if after.done { return (after.at, found) }
                    j = after.at
                    n += 1
                }
            default:
                // A key asked of an array, an index of an object, or a step into a scalar.
                return valueEnd(i).map { ($0, nil) }
            }
        }

        /// A member's value read to its end: what it is when the path ends here, else what the
        /// rest of the path names inside it.
        mutating func member(at i: Int, key: PositionRange?, rest: ArraySlice<Step>) -> (end: Int, found: Location?)? {
            guard rest.isEmpty else { return value(at: i, path: rest) }
            guard let end = valueEnd(i) else { return nil }
            return (end, Location(key: key, value: PositionRange(start: i, end: end)))
        }

        /// After a member: a comma (the next member starts at `at`) or the closing bracket (the
        /// object or array ends at `at`).
        mutating func next(_ i: Int, closer: UInt8) -> (done: Bool, at: Int)? {
            let j = skipSpace(i)
            guard j < b.count else { return nil }
            if b[j] == UInt8(ascii: ",") { return (false, skipSpace(j + 1)) }
            return b[j] == closer ? (true, j + 1) : nil
        }
    }
}
