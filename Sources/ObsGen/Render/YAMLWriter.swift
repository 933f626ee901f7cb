/// A YAML document as ordered data, written deterministically in block style.
public indirect enum YAMLValue: Sendable, Hashable {
    case string(String)
    /// A number or other scalar written exactly as given (`30`, `0.5`).
    case raw(String)
    case bool(Bool)
    case map([(String, YAMLValue)])
    case list([YAMLValue])

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.raw(let x), .raw(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.map(let x), .map(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .string(let s), .raw(let s): h.combine(s)
        case .bool(let b): h.combine(b)
        case .list(let l): h.combine(l)
        case .map(let m): for (k, v) in m { h.combine(k); h.combine(v) }
        }
    }

    /// A map from a dictionary, keys sorted.
    public static func sortedMap(_ d: [String: String]) -> YAMLValue {
        .map(d.keys.sorted().map { ($0, .string(d[$0]!)) })
    }
}

/// Writes YAML that reads back to exactly the strings given: plain scalars only where YAML
/// cannot mistake them for something else, literal blocks for multi-line text, double quotes
/// otherwise.
public enum YAMLWriter {
    public static func write(_ value: YAMLValue, header: [String] = []) -> String {
        var out = ""
        for line in header { out += line.isEmpty ? "#\n" : "# \(line)\n" }
        switch value {
        case .map(let m) where !m.isEmpty:
            writeMap(m, indent: 0, to: &out)
        case .list(let l) where !l.isEmpty:
            writeList(l, indent: 0, to: &out)
        default:
            out += scalar(value, indent: 0) + "\n"
        }
        return out
    }

    private static func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

    private static func isCollection(_ v: YAMLValue) -> Bool {
        switch v {
        case .map(let m): !m.isEmpty
        case .list(let l): !l.isEmpty
        default: false
        }
    }

    private static func writeMap(_ m: [(String, YAMLValue)], indent: Int, to out: inout String, firstLinePrefixed: Bool = false) {
        for (i, (k, v)) in m.enumerated() {
            if !(firstLinePrefixed && i == 0) { out += pad(indent) }
            out += key(k) + ":"
            switch v {
            case .map(let inner) where !inner.isEmpty:
                out += "\n"
                writeMap(inner, indent: indent + 2, to: &out)
            case .list(let inner) where !inner.isEmpty:
                out += "\n"
                writeList(inner, indent: indent + 2, to: &out)
            default:
                out += " " + scalar(v, indent: indent + 2) + "\n"
            }
        }
    }

    private static func writeList(_ l: [YAMLValue], indent: Int, to out: inout String) {
        for v in l {
            out += pad(indent) + "- "
            switch v {
            case .map(let inner) where !inner.isEmpty:
                writeMap(inner, indent: indent + 2, to: &out, firstLinePrefixed: true)
            case .list(let inner) where !inner.isEmpty:
                out += "\n"
                writeList(inner, indent: indent + 2, to: &out)
            default:
                out += scalar(v, indent: indent + 2) + "\n"
            }
        }
    }

    private static func key(_ k: String) -> String {
        isPlainSafe(k) ? k : doubleQuoted(k)
    }

    private static func scalar(_ v: YAMLValue, indent: Int) -> String {
        switch v {
        case .raw(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .map: return "{}"
        case .list: return "[]"
        case .string(let s):
            if s.contains("\n") && canBeLiteralBlock(s) {
                return literalBlock(s, indent: indent)
            }
            return isPlainSafe(s) ? s : doubleQuoted(s)
        }
    }

    private static func canBeLiteralBlock(_ s: String) -> Bool {
        if s.unicodeScalars.contains(where: mustEscape) { return false }
        // Lines made only of spaces before content make indentation ambiguous, and a tab where
        // the first line's indentation is being found is an error.
        return !s.hasPrefix("\n") && !s.hasPrefix(" ") && !s.hasPrefix("\t")
    }

    /// A character YAML cannot hold as it is: outside YAML's printable set (libyaml refuses to
    /// read those), a carriage return (read as a line break, and normalised), NEL, LS and PS
    /// (line breaks to libyaml), or the byte order mark. Only double quotes can carry them,
    /// escaped.
    static func mustEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09, 0x0A, 0x20...0x7E: false
        case 0x85, 0x2028, 0x2029, 0xFEFF: true
        case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: false
        default: true
        }
    }

    private static func literalBlock(_ s: String, indent: Int) -> String {
        var body = s
        var chomp = "-"
        if body.hasSuffix("\n") {
            body.removeLast()
            chomp = body.hasSuffix("\n") ? "+" : ""
            if chomp == "+" { body = s; body.removeLast() }
        }
        var out = "|" + chomp
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            out += "\n"
            if !line.isEmpty { out += pad(indent) + line }
        }
        return out
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if u.value < 0x20 || mustEscape(u) {
                    // `\x` takes exactly two hex digits, `\u` four.
                    let hex = String(u.value, radix: 16, uppercase: true)
                    let (prefix, digits) = u.value <= 0xFF ? ("\\x", 2) : u.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8)
                    out += prefix + String(repeating: "0", count: digits - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "<<", "=",
    ]

    /// Whether a string can be written as a plain scalar and read back as the same string.
    public static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if first == " " || last == " " || first == "\t" || last == "\t" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if reserved.contains(s.lowercased()) { return false }
        var previous: Unicode.Scalar = " "
        for u in s.unicodeScalars {
            if u.value < 0x20 || mustEscape(u) { return false }
            if u == "#" && (previous == " " || previous == "\t") { return false }
            if previous == ":" && (u == " " || u == "\t") { return false }
            previous = u
        }
        if last == ":" { return false }
        if s.hasPrefix("---") || s.hasPrefix("...") { return false }
        // Anything that might read as a number, date or special float.
        if let f = s.unicodeScalars.first, ("0"..."9").contains(f) || f == "+" || f == "." {
            return isDurationLike(s)
        }
        return true
    }

    private static func isDurationLike(_ s: String) -> Bool {
        guard case .success = parseDurationLiteral(s), s != "0" else { return false }
        return true
    }
}
