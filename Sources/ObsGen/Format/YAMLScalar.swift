import Foundation

/// When a string may be written as a plain YAML scalar, and what a plain scalar is read as.
///
/// Prometheus reads rule files with go-yaml, whose resolver follows YAML 1.1 in places (`yes`,
/// `on`, `0o17`, `1_000`, `1:30` …) where libyaml and YAML 1.2 read a string, so the test is the
/// union of both, and on the safe side: a string stays quoted when any of them could read its
/// plain form as something else, or when the plain form needs care to parse (an indicator first,
/// `: ` or ` #` inside, blanks at either end, control characters).
enum YAMLScalar {
    /// Plain when YAML reads it back as the same string, else quoted: in double quotes when
    /// `preferDouble` and nothing in it needs escaping there, else in single quotes.
    static func oneLine(_ s: String, preferDouble: Bool = false) -> String {
        if isPlainSafe(s) { return s }
        if preferDouble, !s.contains("\""), !s.contains("\\"), !hasControlCharacters(s) { return "\"" + s + "\"" }
        return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    static let booleans: Set<String> = ["true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
                                        "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"]

    /// What a plain scalar is read as, besides a string.
    enum PlainType: String, Sendable {
        case null, bool, number, timestamp, merge, string
    }

    /// How a YAML 1.1 or 1.2 resolver may read `s` written plain (a superset: `1.2.3` counts as
    /// a number).
    static func plainType(_ s: String) -> PlainType {
        // Numbers and timestamps start with a digit, a sign or a dot (go-yaml's resolver
        // looks no further for anything else); the reserved words are short.
        guard let f = s.utf8.first else { return .null }
        guard (f >= 0x30 && f <= 0x39) || f == UInt8(ascii: "+") || f == UInt8(ascii: "-") || f == UInt8(ascii: ".") || s.utf8.count <= 5 else {
            return .string
        }
        if nulls.contains(s) { return .null }
        if booleans.contains(s) { return .bool }
        if s == "<<" || s == "=" { return .merge }
        if looksNumeric(s) { return .number }
        if looksLikeTimestamp(s) { return .timestamp }
        return .string
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last, plainType(s) == .string else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) || first == " " || last == " " || last == ":" { return false }
        if s.hasPrefix("...") || s.contains(": ") || s.contains(" #") || s.contains("\t") { return false }
        return !hasControlCharacters(s)
    }

    static func hasControlCharacters(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0xFEFF || (0x80...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }

    /// Integers and floats of YAML 1.1 and 1.2 and of Go's `strconv` (which go-yaml calls after
    /// dropping underscores): signs, `0x`/`0o`/`0b` prefixes, base-60 `1:30`, exponents,
    /// `.inf`/`.nan` and Go's `Inf`/`NaN` spellings after a sign.
    static func looksNumeric(_ s: String) -> Bool {
        var t = Substring(s.replacingOccurrences(of: "_", with: ""))
        var signed = false
        if let f = t.first, f == "+" || f == "-" {
            t = t.dropFirst()
            signed = true
        }
        let lower = t.lowercased()
        if [".inf", ".nan"].contains(lower) || (signed && ["inf", "infinity", "nan"].contains(lower)) { return true }
        if lower.hasPrefix("0x") {
            let rest = lower.dropFirst(2)
            return !rest.isEmpty && rest.allSatisfy { $0.isHexDigit || $0 == "." || $0 == "p" || $0 == "+" || $0 == "-" }
        }
        if lower.hasPrefix("0o") || lower.hasPrefix("0b") {
            let rest = lower.dropFirst(2)
            return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
        }
        let parts = lower.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = parts[0]
        guard mantissa.contains(where: { $0.isASCII && $0.isNumber }), mantissa.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." || $0 == ":" }) else { return false }
        guard parts.count == 2 else { return true }
        var exponent = parts[1]
        if let f = exponent.first, f == "+" || f == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `2001-12-14` and anything that starts like it (YAML 1.1 timestamps).
    static func looksLikeTimestamp(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(10))
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { $0 < u.count && u[$0] >= 0x30 && u[$0] <= 0x39 } }
        guard u.count >= 8, digits(0..<4), u[4] == UInt8(ascii: "-"), digits(5..<6) else { return false }
        return true
    }
}
