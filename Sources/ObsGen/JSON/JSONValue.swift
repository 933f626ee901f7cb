/// A JSON value that keeps object key order and the exact text of numbers, so a document read
/// and written back keeps every field and every number as it was.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's text as written (`1`, `0.5`, `1e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    public static func double(_ v: Double) -> JSONValue {
        if v == v.rounded(), abs(v) < 1e15 { return .number(String(Int64(v))) }
        return .number("\(v)")
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var doubleValue: Double? {
        if case .number(let n) = self { return Double(n) }
        return nil
    }
    public var intValue: Int? {
        if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil } }
        return nil
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }

    /// Equality as JSON means it: object key order and number spelling do not matter.
    public func semanticallyEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || Double(a) == Double(b)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.semanticallyEquals($1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a.pairs {
                guard let w = b[k], v.semanticallyEquals(w) else { return false }
            }
            return true
        default: return false
        }
    }

    /// Paths (`panels[3].fieldConfig.defaults.unit`) where two documents differ.
    public func differences(from other: JSONValue, path: String = "") -> [String] {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            var out: [String] = []
            for (k, v) in a.pairs {
                let p = path.isEmpty ? k : "\(path).\(k)"
                if let w = b[k] { out += v.differences(from: w, path: p) } else { out.append("\(p) (removed)") }
            }
            for (k, _) in b.pairs where a[k] == nil { out.append("\(path.isEmpty ? k : "\(path).\(k)") (added)") }
            return out
        case (.array(let a), .array(let b)) where a.count == b.count:
            return zip(a, b).enumerated().flatMap { i, p in p.0.differences(from: p.1, path: "\(path)[\(i)]") }
        default:
            return semanticallyEquals(other) ? [] : [path]
        }
    }
}

/// An ordered JSON object.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var pairs: [(String, JSONValue)]

    public init(_ pairs: [(String, JSONValue)] = []) { self.pairs = pairs }

    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.pairs = elements }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    public var keys: [String] { pairs.map(\.0) }

    public subscript(key: String) -> JSONValue? {
        get { pairs.first { $0.0 == key }?.1 }
        set {
            if let i = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[i].1 = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }

    /// Sets a value only when given. Renderers build objects key by key in a fixed order,
    /// so a key not seen yet is appended without a search.
    public mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    /// Appends a key known not to be present (no search).
    public mutating func append(_ key: String, _ value: JSONValue?) {
        if let value { pairs.append((key, value)) }
    }

    /// Appends the pairs of `other` whose keys are not present yet.
    public mutating func merge(missingFrom other: JSONObject) {
        guard !other.isEmpty else { return }
        let present = Set(pairs.map(\.0))
        for (k, v) in other.pairs where !present.contains(k) { pairs.append((k, v)) }
    }

    public func removing(_ keys: Set<String>) -> JSONObject {
        JSONObject(pairs.filter { !keys.contains($0.0) })
    }

    /// Without these keys (a short list).
    public func removing(_ keys: [String]) -> JSONObject {
        JSONObject(pairs.filter { !keys.contains($0.0) })
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into h: inout Hasher) {
        for (k, v) in pairs { h.combine(k); h.combine(v) }
    }
}

/// Writes JSON deterministically: two-space indentation, keys in the given order.
public enum JSONWriter {
    public static func write(_ v: JSONValue, pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16384)
        write(v, indent: 0, pretty: pretty, to: &out)
        if pretty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Spaces for indentation, as constant data: a global array would be retained and
    /// released on every line, which showed up as the writer's top cost.
    private static let spaces: StaticString = "                                                                                                                                "

    @inline(__always) public static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        var n = indent * 2
        spaces.withUTF8Buffer { buf in
            while n > 0 {
                let k = min(n, buf.count)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<k]))
                n -= k
            }
        }
    }

    /// Appends one value at a nesting depth (for a writer that streams a long list itself).
    public static func write(_ v: JSONValue, indent: Int, pretty: Bool, to out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let b): out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): quote(s, to: &out)
        case .array(let a):
            if a.isEmpty { out.append(0x5B); out.append(0x5D); return }
            out.append(0x5B)
            for i in 0..<a.count {
                if i > 0 { out.append(0x2C) }
                if pretty { newline(indent + 1, &out) }
                write(a[i], indent: indent + 1, pretty: pretty, to: &out)
            }
            if pretty { newline(indent, &out) }
            out.append(0x5D)
        case .object(let o):
            if o.isEmpty { out.append(0x7B); out.append(0x7D); return }
            out.append(0x7B)
            let pairs = o.pairs
            for i in 0..<pairs.count {
                if i > 0 { out.append(0x2C) }
                if pretty { newline(indent + 1, &out) }
                quote(pairs[i].0, to: &out)
                out.append(0x3A)
                if pretty { out.append(0x20) }
                write(pairs[i].1, indent: indent + 1, pretty: pretty, to: &out)
            }
            if pretty { newline(indent, &out) }
            out.append(0x7D)
        }
    }

    public static func quote(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { buf in
            quoteBytes(buf, to: &out)
        }
        if done == nil {
            var copy = s
            copy.withUTF8 { quoteBytes($0, to: &out) }
        }
        out.append(0x22)
    }

    /// Escapes what JSON requires, and — losslessly, as `\uXXXX` — what SafeText never lets
    /// through raw (DEL, C1 controls, bidi overrides, line separators, the `[` of `##[`), so that
    /// output printed to a terminal or a CI log carries none of them while a parser reads the
    /// exact string back.
    @inline(__always) private static func quoteBytes(_ buf: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        do {
            // Copy runs that need no escaping in one go.
            var runStart = 0
            var i = 0
            while i < buf.count {
                let c = buf[i]
                if c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C && c != 0x5B { i += 1; continue }
                // `[` and non-ASCII scalars usually stay as they are.
                var length = 1
                if c == 0x5B {
                    if i < 2 || buf[i - 1] != 0x23 || buf[i - 2] != 0x23 { i += 1; continue }
                } else if c >= 0x80 {
                    length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                    guard i + length <= buf.count else { i += 1; continue }
                    var v = UInt32(c) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for j in 1..<length { v = v << 6 | UInt32(buf[i + j] & 0x3F) }
                    guard let u = Unicode.Scalar(v), SafeText.isUnsafe(u) else { i += length; continue }
                }
                if i > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i])) }
                runStart = i + length
                let b = c
                i += length
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    // \u00XX for controls, DEL and `[`; the scalar's value for the rest (all in the BMP).
                    var v = UInt32(b)
                    if b >= 0x80 {
                        v = UInt32(b) & (length == 2 ? 0x1F : 0x0F)
                        for j in 1..<length { v = v << 6 | UInt32(buf[runStart - length + j] & 0x3F) }
                    }
                    out.append(contentsOf: [0x5C, 0x75])
                    for shift in stride(from: 12, through: 0, by: -4) {
                        let d = UInt8((v >> UInt32(shift)) & 0xF)
                        out.append(d < 10 ? 0x30 + d : 0x61 + d - 10)
                    }
                }
            }
            if buf.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count])) }
        }
    }

    static func quote(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        quote(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}
