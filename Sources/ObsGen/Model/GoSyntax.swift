/// Bits of Go's syntax that Prometheus and Alertmanager inherit.
enum GoSyntax {
    struct UnquoteError: Error { var message: String }

    /// Go's `strconv.Unquote` for a double-quoted (escapes) or back-quoted (raw) string.
    static func unquote(_ s: Substring) throws(UnquoteError) -> String {
        guard let q = s.first, s.count >= 2, s.last == q else { throw UnquoteError(message: "unterminated string") }
        let body = s.dropFirst().dropLast()
        if q == "`" {
            if body.contains("`") { throw UnquoteError(message: "backquote inside a raw string") }
            return String(body.filter { $0 != "\r" })
        }
        guard q == "\"" || q == "'" else { throw UnquoteError(message: "not a quoted string") }
        var out = String.UnicodeScalarView()
        var it = Array(body.unicodeScalars)[...]
        func hexValue(_ n: Int) throws(UnquoteError) -> UInt32 {
            guard it.count >= n else { throw UnquoteError(message: "invalid escape") }
            var v: UInt32 = 0
            for _ in 0..<n {
                guard let f = it.first, let d = UInt32(String(f), radix: 16) else {
                    throw UnquoteError(message: "invalid escape")
                }
                v = v * 16 + d
                it = it.dropFirst()
            }
            return v
        }
        while let c = it.first {
            it = it.dropFirst()
            if c == "\n" { throw UnquoteError(message: "newline in string") }
            if c == Unicode.Scalar(q.unicodeScalars.first!) { throw UnquoteError(message: "unescaped quote in string") }
            guard c == "\\" else { out.append(c); continue }
            guard let e = it.first else { throw UnquoteError(message: "escape sequence not terminated") }
            it = it.dropFirst()
            switch e {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "\"" where q == "\"", "'" where q == "'": out.append(e)
            case "x":
                let v = try hexValue(2)
                // A byte: Go keeps it raw; valid UTF-8 only when ASCII.
                guard let s = Unicode.Scalar(v), v < 0x80 else { throw UnquoteError(message: "non-ASCII \\x escape") }
                out.append(s)
            case "u", "U":
                let v = try hexValue(e == "u" ? 4 : 8)
                guard let s = Unicode.Scalar(v) else { throw UnquoteError(message: "invalid Unicode code point in escape") }
                out.append(s)
            case "0"..."7":
                var v = e.value - 48
                for _ in 0..<2 {
                    guard let d = it.first, ("0"..."7").contains(d) else { throw UnquoteError(message: "invalid octal escape") }
                    v = v * 8 + d.value - 48
                    it = it.dropFirst()
                }
                guard v < 0x80, let s = Unicode.Scalar(v) else { throw UnquoteError(message: "non-ASCII octal escape") }
                out.append(s)
            default:
                throw UnquoteError(message: "unknown escape sequence \\\(e)")
            }
        }
        if q == "'" && out.count != 1 { throw UnquoteError(message: "a character literal holds one character") }
        return String(out)
    }
}
