import Foundation

/// Go's `fmt` as Prometheus' alert templates print with it: `%v` of a float64 (the shortest
/// digits that read back, in `e` notation from exponent 6 or below -4, as
/// `strconv.FormatFloat(v, 'g', -1, 64)`), `%.4g` (the humanize functions), `printf`'s verbs,
/// flags, width and precision (and its `%!d(float64=1)` complaints), and `time.Time` and
/// `time.Duration` strings.
enum GoFormat {
    /// A value a template computes with.
    enum Value: Sendable, Equatable {
        case string(String)
        case float(Double)
        case int(Int64)
        case bool(Bool)
        case map([String: String])
        /// A `*time.Time`, in Unix nanoseconds (UTC).
        case time(Int64)
        /// A `time.Duration` in nanoseconds.
        case duration(Int64)
        case null

        /// Go's type name, as `%!d(float64=1)` writes it.
        var typeName: String {
            switch self {
            case .string: "string"
            case .float: "float64"
            case .int: "int"
            case .bool: "bool"
            case .map: "map[string]string"
            case .time: "*time.Time"
            case .duration: "time.Duration"
            case .null: "<nil>"
            }
        }
    }

    // MARK: Floats

    /// Decimal digits of `v` (> 0, finite) and the decimal point's position: v = 0.d₁d₂… × 10^dp.
    /// `significant` nil: the shortest digits that read back to `v`; else rounded to that many.
    static func digits(_ v: Double, significant: Int? = nil) -> (digits: [UInt8], dp: Int) {
        let text: String
        if let n = significant {
            text = String(format: "%.\(max(n, 1) - 1)e", v)
        } else {
            text = "\(v)"
        }
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
        }
        var ds: [UInt8] = []
        var dp = 0
        var seenPoint = false
        for c in mantissa.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            guard c >= 48, c <= 57 else { continue }
            ds.append(c - 48)
            if !seenPoint { dp += 1 }
        }
        dp += exponent
        while let f = ds.first, f == 0, ds.count > 1 { ds.removeFirst(); dp -= 1 }
        while let l = ds.last, l == 0, ds.count > 1 { ds.removeLast() }
        if ds == [0] { dp = 1 }
        return (ds, dp)
    }

    private static func fmtE(_ ds: [UInt8], _ dp: Int, decimals: Int, upper: Bool) -> String {
        var out = String(UnicodeScalar(ds[0] + 48))
        if decimals > 0 {
            out += "."
            for i in 1...decimals { out += i < ds.count ? String(UnicodeScalar(ds[i] + 48)) : "0" }
        }
        let exp = ds == [0] ? 0 : dp - 1
        out += upper ? "E" : "e"
        out += exp < 0 ? "-" : "+"
        let a = abs(exp)
        out += a < 10 ? "0\(a)" : "\(a)"
        return out
    }

    private static func fmtF(_ ds: [UInt8], _ dp: Int, decimals: Int) -> String {
        var out = ""
        if dp > 0 {
            for i in 0..<dp { out += i < ds.count ? String(UnicodeScalar(ds[i] + 48)) : "0" }
        } else {
            out = "0"
        }
        if decimals > 0 {
            out += "."
            for i in 0..<decimals {
                let j = dp + i
                out += j >= 0 && j < ds.count ? String(UnicodeScalar(ds[j] + 48)) : "0"
            }
        }
        return out
    }

    /// `strconv.FormatFloat(v, verb, prec, 64)` for `e`, `E`, `f`, `g`, `G`; prec -1 is the shortest.
    static func formatFloat(_ v: Double, verb: Character, prec: Int) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let neg = v.sign == .minus
        let a = abs(v)
        let body: String
        switch verb {
        case "f", "F":
            if prec < 0 {
                let (ds, dp) = a == 0 ? ([0], 1) : digits(a)
                body = fmtF(ds, dp, decimals: max(ds.count - dp, 0))
            } else {
                body = String(format: "%.\(prec)f", a)
            }
        case "e", "E":
            let (ds, dp) = a == 0 ? ([0], 1) : (prec < 0 ? digits(a) : digits(a, significant: prec + 1))
            body = fmtE(ds, dp, decimals: prec < 0 ? ds.count - 1 : prec, upper: verb == "E")
        default: // g, G
            let shortest = prec < 0
            var p = prec == 0 ? 1 : prec
            let (ds, dp) = a == 0 ? ([0], 1) : (shortest ? digits(a) : digits(a, significant: p))
            if shortest { p = ds.count }
            var eprec = p
            if eprec > ds.count && ds.count >= dp { eprec = ds.count }
            if shortest { eprec = 6 }
            let exp = dp - 1
            if exp < -4 || exp >= eprec {
                if p > ds.count { p = ds.count }
                body = fmtE(ds, dp, decimals: p - 1, upper: verb == "G")
            } else {
                if p > dp { p = ds.count }
                body = fmtF(ds, dp, decimals: max(p - dp, 0))
            }
        }
        return neg ? "-" + body : body
    }

    // MARK: Printing

    /// `fmt.Sprint` of one value (`%v`).
    static func string(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .float(let d): return formatFloat(d, verb: "g", prec: -1)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .map(let m): return "map[" + m.keys.sorted().map { "\($0):\(m[$0]!)" }.joined(separator: " ") + "]"
        case .time(let ns): return timeString(ns)
        case .duration(let ns): return durationString(ns)
        case .null: return "<nil>"
        }
    }

    /// `fmt.Sprint(args...)`: spaces between operands when neither is a string.
    static func sprint(_ args: [Value]) -> String {
        var out = ""
        for (i, a) in args.enumerated() {
            if i > 0, !isString(a), !isString(args[i - 1]) { out += " " }
            out += string(a)
        }
        return out
    }

    /// `fmt.Sprintln(args...)`.
    static func sprintln(_ args: [Value]) -> String { args.map(string).joined(separator: " ") + "\n" }

    private static func isString(_ v: Value) -> Bool { if case .string = v { true } else { false } }

    /// `fmt.Sprintf`.
    static func sprintf(_ format: String, _ args: [Value]) -> String {
        var out = ""
        let f = Array(format.unicodeScalars)
        var i = 0
        var argIndex = 0
        while i < f.count {
            let c = f[i]
            if c != "%" { out.unicodeScalars.append(c); i += 1; continue }
            i += 1
            guard i < f.count else { out += "%!(NOVERB)"; break }
            var minus = false, plus = false, sharp = false, space = false, zero = false
            flags: while i < f.count {
                switch f[i] {
                case "-": minus = true; zero = false
                case "+": plus = true
                case "#": sharp = true
                case " ": space = true
                case "0": zero = !minus
                default: break flags
                }
                i += 1
            }
            func number() -> Int? {
                if i < f.count, f[i] == "*" {
                    i += 1
                    if argIndex < args.count, case .int(let n) = args[argIndex] { argIndex += 1; return Int(n) }
                    argIndex += 1
                    return nil
                }
                var n: Int?
                while i < f.count, let d = Int(String(f[i])), ("0"..."9").contains(f[i]) { n = (n ?? 0) * 10 + d; i += 1 }
                return n
            }
            var width = number()
            if let w = width, w < 0 { minus = true; width = -w }
            var precision: Int?
            if i < f.count, f[i] == "." {
                i += 1
                precision = number() ?? 0
            }
            guard i < f.count else { out += "%!(NOVERB)"; break }
            let verb = Character(f[i])
            i += 1
            if verb == "%" { out += "%"; continue }
            guard argIndex < args.count else { out += "%!\(verb)(MISSING)"; continue }
            let arg = args[argIndex]
            argIndex += 1
            let spec = Spec(minus: minus, plus: plus, sharp: sharp, space: space, zero: zero, width: width, precision: precision)
            out += Self.format(arg, verb: verb, spec)
        }
        if argIndex < args.count {
            out += "%!(EXTRA " + args[argIndex...].map { "\($0.typeName)=\(string($0))" }.joined(separator: ", ") + ")"
        }
        return out
    }

    struct Spec {
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var width: Int?
        var precision: Int?
    }

    private static func pad(_ s: String, _ spec: Spec, numeric: Bool) -> String {
        guard let w = spec.width, s.count < w else { return s }
        let fill = w - s.count
        if spec.minus { return s + String(repeating: " ", count: fill) }
        if spec.zero {
            if numeric, let first = s.first, first == "-" || first == "+" || first == " " {
                return String(first) + String(repeating: "0", count: fill) + s.dropFirst()
            }
            return String(repeating: "0", count: fill) + s
        }
        return String(repeating: " ", count: fill) + s
    }

    private static func signed(_ body: String, negative: Bool, _ spec: Spec) -> String {
        if negative { return "-" + body }
        if spec.plus { return "+" + body }
        if spec.space { return " " + body }
        return body
    }

    private static func bad(_ verb: Character, _ v: Value) -> String {
        if case .null = v { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(v.typeName)=\(string(v)))"
    }

    static func format(_ v: Value, verb: Character, _ spec: Spec) -> String {
        switch v {
        case .float(let d):
            guard "vgGeEfF".contains(verb) else { return bad(verb, v) }
            let goVerb: Character = verb == "v" ? "g" : verb
            var s = formatFloat(abs(d), verb: goVerb, prec: spec.precision ?? (verb == "v" || verb == "g" || verb == "G" ? -1 : 6))
            if d.isNaN {
                s = spec.plus ? "+NaN" : (spec.space ? " NaN" : "NaN")
                var sp = spec; sp.zero = false
                return pad(s, sp, numeric: false)
            }
            s = signed(s.hasPrefix("+") ? String(s.dropFirst()) : s, negative: d.sign == .minus, spec)
            if d.isInfinite {
                if d > 0, !spec.plus, !spec.space { s = "+" + s.drop { $0 == "+" } }
                var sp = spec; sp.zero = false
                return pad(s, sp, numeric: false)
            }
            return pad(s, spec, numeric: true)
        case .int(let n):
            let mag = n.magnitude
            var body: String
            switch verb {
            case "d", "v": body = String(mag)
            case "b": body = String(mag, radix: 2)
            case "o", "O": body = (verb == "O" ? "0o" : (spec.sharp ? "0" : "")) + String(mag, radix: 8)
            case "x": body = (spec.sharp ? "0x" : "") + String(mag, radix: 16)
            case "X": body = (spec.sharp ? "0X" : "") + String(mag, radix: 16).uppercased()
            case "c": return pad(Unicode.Scalar(UInt32(truncatingIfNeeded: n)).map { String(Character($0)) } ?? "\u{FFFD}", spec, numeric: false)
            case "q": return pad(Unicode.Scalar(UInt32(truncatingIfNeeded: n)).map { "'\(Character($0))'" } ?? "'\u{FFFD}'", spec, numeric: false)
            case "U": return pad("U+" + String(format: "%04X", mag), spec, numeric: false)
            default: return bad(verb, v)
            }
            if let p = spec.precision, body.count < p { body = String(repeating: "0", count: p - body.count) + body }
            var sp = spec
            if spec.precision != nil { sp.zero = false }
            return pad(signed(body, negative: n < 0, spec), sp, numeric: true)
        case .string(let s):
            var t = s
            switch verb {
            case "s", "v":
                if let p = spec.precision { t = String(t.unicodeScalars.prefix(p).map(Character.init)) }
            case "q": t = goQuote(spec.precision.map { String(s.unicodeScalars.prefix($0).map(Character.init)) } ?? s)
            case "x", "X":
                t = s.utf8.map { String(format: verb == "x" ? "%02x" : "%02X", $0) }.joined()
            default: return bad(verb, v)
            }
            return pad(t, spec, numeric: false)
        case .bool(let b):
            guard verb == "t" || verb == "v" else { return bad(verb, v) }
            return pad(b ? "true" : "false", spec, numeric: false)
        case .null:
            guard verb == "v" else { return bad(verb, v) }
            return pad("<nil>", spec, numeric: false)
        case .map, .time, .duration:
            guard verb == "v" || verb == "s" else { return bad(verb, v) }
            return pad(string(v), spec, numeric: false)
        }
    }

    // MARK: Time

    /// `time.Time.String()` of a UTC instant: `2015-06-23 13:19:44.128 +0000 UTC`.
    static func timeString(_ unixNanos: Int64) -> String {
        var sec = unixNanos / 1_000_000_000
        var nsec = unixNanos % 1_000_000_000
        if nsec < 0 { sec -= 1; nsec += 1_000_000_000 }
        var days = sec / 86_400
        var rem = sec % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var year = String(y)
        if y >= 0 && y < 1000 { year = String(repeating: "0", count: 4 - year.count) + year }
        var out = "\(year)-\(two(m))-\(two(d)) \(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60))"
        if nsec != 0 {
            var frac = String(nsec)
            frac = String(repeating: "0", count: 9 - frac.count) + frac
            while frac.hasSuffix("0") { frac.removeLast() }
            out += "." + frac
        }
        return out + " +0000 UTC"
    }

    /// `time.Duration.String()`: `1h2m3.5s`, `1.5s`, `500ms`, `0s`.
    static func durationString(_ d: Int64) -> String {
        if d == 0 { return "0s" }
        let neg = d < 0
        var u = d.magnitude
        var out: String
        if u < 1_000_000_000 {
            // Under a second: ns, µs or ms with a fraction.
            let (unit, scale): (String, UInt64) = u < 1000 ? ("ns", 1) : (u < 1_000_000 ? ("µs", 1000) : ("ms", 1_000_000))
            out = fraction(u, scale) + unit
        } else {
            let s = fraction(u % 60_000_000_000, 1_000_000_000) + "s"
            u /= 60_000_000_000
            out = s
            if u > 0 {
                out = "\(u % 60)m" + out
                u /= 60
                if u > 0 { out = "\(u)h" + out }
            }
        }
        return neg ? "-" + out : out
    }

    private static func fraction(_ v: UInt64, _ scale: UInt64) -> String {
        let whole = v / scale
        var frac = v % scale
        guard frac != 0 else { return String(whole) }
        var digits = String(scale).count - 1
        var text = ""
        while digits > 0 {
            digits -= 1
            let p = UInt64(pow(10.0, Double(digits)))
            text += String(frac / p)
            frac %= p
        }
        while text.hasSuffix("0") { text.removeLast() }
        return "\(whole).\(text)"
    }
}
