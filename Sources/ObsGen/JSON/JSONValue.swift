/// A JSON value that keeps object key order and the exact text of numbers, so a document read
/// and written back keeps every field and every number as it was.
public indirect enum JSONValue: Sendable, Hashable {
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

    /// Sets a value only when given.
    public mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    public func removing(_ keys: Set<String>) -> JSONObject {
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
        var out = ""
        out.reserveCapacity(4096)
        write(v, indent: 0, pretty: pretty, to: &out)
        if pretty { out += "\n" }
        return out
    }

    private static func write(_ v: JSONValue, indent: Int, pretty: Bool, to out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): quote(s, to: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                write(e, indent: indent + 1, pretty: pretty, to: &out)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, e)) in o.pairs.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                quote(k, to: &out)
                out += pretty ? ": " : ":"
                write(e, indent: indent + 1, pretty: pretty, to: &out)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    static func quote(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
