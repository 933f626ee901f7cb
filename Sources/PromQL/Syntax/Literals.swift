/// A literal that cannot be read.
public struct LiteralError: Error, Sendable { public let message: String; init(_ m: String) { message = m } }

/// Literal values as Go's strconv and Prometheus' model package read and write them.

/// Parses a PromQL number literal like Prometheus: `strconv.ParseInt(s, 0, 64)` first (so hex
/// `0x1F`, octal `0755`, underscores), then `strconv.ParseFloat`. `Inf`/`NaN` in any case.
/// Returns nil when the value overflows or the text is not a number.
func parseGoNumber(_ s: String) -> Double? {
    // The usual literals (`0`, `5`, `100`, `0.95`, `1e9`) need none of Go's forms below: digits
    // (not starting with 0 when more than one: octal), or a decimal with a dot or exponent.
    if let v = plainDecimal(s) { return v }
    let lower = s.lowercased()
    switch lower {
    case "inf", "+inf": return .infinity
    case "-inf": return -.infinity
    case "nan", "+nan", "-nan": return .nan
    default: break
    }
    var digits = s.replacingOccurrences(of: "_", with: "")
    if s.contains("_") {
        // Go only accepts underscores between digits (or after a base prefix).
        if s.hasPrefix("_") || s.hasSuffix("_") || s.contains("__") { return nil }
    }
    var negative = false
    if digits.hasPrefix("-") { negative = true; digits.removeFirst() } else if digits.hasPrefix("+") { digits.removeFirst() }
    let sign: Double = negative ? -1 : 1
    let lowerDigits = digits.lowercased()
    if lowerDigits.hasPrefix("0x") {
        let body = lowerDigits.dropFirst(2)
        if let v = Int64(body, radix: 16) { return sign * Double(v) }
        // Hex floats need a 'p' exponent in Go; the lexer never produces one.
        return nil
    }
    if lowerDigits.hasPrefix("0o"), let v = Int64(lowerDigits.dropFirst(2), radix: 8) { return sign * Double(v) }
    if lowerDigits.hasPrefix("0b"), let v = Int64(lowerDigits.dropFirst(2), radix: 2) { return sign * Double(v) }
    if digits.count > 1, digits.hasPrefix("0"), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) {
        if let v = Int64(digits, radix: 8) { return sign * Double(v) }
    }
    if digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let v = Int64(digits) {
        return sign * Double(v)
    }
    guard let v = Double(digits) else { return nil }
    if v.isInfinite { return nil }  // Go reports ErrRange.
    return sign * v
}

/// A plain decimal literal's value, without the general path's string copies: an integer of
/// digits (no leading zero), or digits with one dot and/or an exponent. Nil for anything else
/// (signs, underscores, hex, octal, Inf, NaN), which the general path reads.
private func plainDecimal(_ s: String) -> Double? {
    var digitsOnly = true, dots = 0, exponent = false
    var count = 0
    var first: UInt8 = 0
    for b in s.utf8 {
        if count == 0 { first = b }
        count += 1
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): continue
        case UInt8(ascii: "."): dots += 1; digitsOnly = false
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            // Only after a digit or dot: a sign in front is the general path's.
            if count == 1 { return nil }
            if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { exponent = true }
            digitsOnly = false
        default: return nil
        }
    }
    guard count > 0, first != UInt8(ascii: "."), dots <= 1 else { return nil }
    if digitsOnly {
        if count > 1 && first == UInt8(ascii: "0") { return nil }   // octal
        guard count <= 18 else { return nil }                       // may overflow Int64
        var v: Int64 = 0
        for b in s.utf8 { v = v * 10 + Int64(b - UInt8(ascii: "0")) }
        return Double(v)
    }
    if first == UInt8(ascii: "0"), count > 1, !exponent, dots == 0 { return nil }
    guard let v = Double(s), !v.isInfinite else { return nil }
    return v
}

/// Units of Prometheus durations, largest first, with their size in milliseconds.
private let durationUnits: [(String, Int64)] = [
    ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
    ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
]

/// Parses a Prometheus duration (`1h30m`, `5m`, `1y`, `100ms`) into milliseconds, following
/// `model.ParseDuration`: units from largest to smallest, each at most once.
public func parseDurationLiteral(_ s: String) -> Result<Int64, LiteralError> {
    if s == "0" { return .success(0) }
    if s.isEmpty { return .failure(LiteralError("empty duration string")) }
    let bytes = Array(s.utf8)
    var i = 0
    var total: Int64 = 0
    var lastUnit = -1
    let maxNanos = Double(Int64.max)
    while i < bytes.count {
        guard bytes[i] >= 0x30, bytes[i] <= 0x39 else { return .failure(LiteralError("not a valid duration string: \(goQuote(s))")) }
        var j = i
        while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
        guard let v = UInt64(String(decoding: bytes[i..<j], as: UTF8.self)) else {
            return .failure(LiteralError("not a valid duration string: \(goQuote(s))"))
        }
        var k = j
        while k < bytes.count, !(bytes[k] >= 0x30 && bytes[k] <= 0x39) { k += 1 }
        guard k > j else { return .failure(LiteralError("not a valid duration string: \(goQuote(s))")) }
        let unit = String(decoding: bytes[j..<k], as: UTF8.self)
        guard let idx = durationUnits.firstIndex(where: { $0.0 == unit }) else {
            return .failure(LiteralError("unknown unit \(goQuote(unit)) in duration \(goQuote(s))"))
        }
        if idx <= lastUnit { return .failure(LiteralError("not a valid duration string: \(goQuote(s))")) }
        lastUnit = idx
        let mult = durationUnits[idx].1
        if Double(v) * Double(mult) * 1e6 > maxNanos { return .failure(LiteralError("duration out of range")) }
        total += Int64(v) * mult
        if Double(total) * 1e6 > maxNanos { return .failure(LiteralError("duration out of range")) }
        i = k
    }
    return .success(total)
}

/// Formats milliseconds as Prometheus' `model.Duration.String()` does (`1h30m`, `0s`, `1y`).
public func formatDuration(milliseconds: Int64) -> String {
    if milliseconds == 0 { return "0s" }
    var ms = milliseconds
    var out = ""
    if ms < 0 {
        out = "-"
        ms = -ms
    }
    for (unit, size) in durationUnits where ms >= size {
        // Years and weeks only when they divide exactly, as Prometheus writes them: 30d, not
        // 4w2d; 90d, not 12w6d.
        if unit == "y" || unit == "w", ms % size != 0 { continue }
        let n = ms / size
        ms -= n * size
        out += "\(n)\(unit)"
    }
    return out
}

/// Unquotes a PromQL string token (with its quotes), applying Go escape rules; raw strings
/// (backquotes) are taken as they are. Invalid UTF-8 produced by `\x` escapes is replaced.
func unquoteString(_ token: ArraySlice<UInt8>) -> Result<String, LiteralError> {
    guard token.count >= 2 else { return .failure(LiteralError("unterminated quoted string")) }
    let quote = token[token.startIndex]
    let body = token[(token.startIndex + 1)..<(token.endIndex - 1)]
    if quote == UInt8(ascii: "`") || !body.contains(UInt8(ascii: "\\")) {
        return .success(String(decoding: body, as: UTF8.self))
    }
    var out: [UInt8] = []
    out.reserveCapacity(body.count)
    var i = body.startIndex
    func appendScalar(_ v: UInt32) {
        if let s = Unicode.Scalar(v) {
            out.append(contentsOf: Array(String(s).utf8))
        } else {
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
        }
    }
    while i < body.endIndex {
        let b = body[i]
        if b != UInt8(ascii: "\\") {
            out.append(b)
            i += 1
            continue
        }
        i += 1
        guard i < body.endIndex else { return .failure(LiteralError("escape sequence not terminated")) }
        let c = body[i]
        i += 1
        switch c {
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(c)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var v = UInt32(c - 0x30)
            for _ in 0..<2 {
                guard i < body.endIndex else { return .failure(LiteralError("escape sequence not terminated")) }
                v = v * 8 + UInt32(body[i] &- 0x30)
                i += 1
            }
            out.append(UInt8(truncatingIfNeeded: v))
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = c == UInt8(ascii: "x") ? 2 : (c == UInt8(ascii: "u") ? 4 : 8)
            guard i + n <= body.endIndex, let v = UInt32(String(decoding: body[i..<(i + n)], as: UTF8.self), radix: 16) else {
                return .failure(LiteralError("invalid escape sequence"))
            }
            i += n
            if c == UInt8(ascii: "x") { out.append(UInt8(v)) } else { appendScalar(v) }
        default:
            return .failure(LiteralError("unknown escape sequence"))
        }
    }
    return .success(String(decoding: out, as: UTF8.self))
}

/// Go's `strconv.Quote`: double quotes, escapes for `"`, `\`, control and non-printable characters.
public func goQuote(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                out += "\\x" + hex(v, width: 2)
            } else if v >= 0x80 && !isPrintable(scalar) {
                out += v > 0xFFFF ? "\\U" + hex(v, width: 8) : "\\u" + hex(v, width: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out += "\""
    return out
}

private func isPrintable(_ s: Unicode.Scalar) -> Bool {
    switch s.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
    case .spaceSeparator: return s == " "
    default: return true
    }
}

/// Go's `%f`-like formatting used in a few messages (`+Inf`, `NaN`, `12.000000`).
func goFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v == .infinity { return "+Inf" }
    if v == -.infinity { return "-Inf" }
    return formatNumber(v)
}

/// Formats a number so that it reads back to the same value: integers without a fraction,
/// others in their shortest round-trip form; `+Inf`, `-Inf`, `NaN` as PromQL spells them.
public func formatNumber(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v == .infinity { return "+Inf" }
    if v == -.infinity { return "-Inf" }
    if v == v.rounded(), abs(v) < 1e15 {
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        return String(Int64(v))
    }
    return "\(v)"
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`: a label name that needs no quotes.
public func isLegacyLabelName(_ s: String) -> Bool {
    guard let f = s.utf8.first, Lexer.isAlpha(f) else { return false }
    return s.utf8.allSatisfy(Lexer.isAlphaNumeric)
}

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`: a metric name that needs no quotes.
public func isLegacyMetricName(_ s: String) -> Bool {
    guard let f = s.utf8.first, Lexer.isAlpha(f) || f == UInt8(ascii: ":") else { return false }
    return s.utf8.allSatisfy { Lexer.isAlphaNumeric($0) || $0 == UInt8(ascii: ":") }
}
