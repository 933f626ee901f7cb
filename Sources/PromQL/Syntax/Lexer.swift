/// The PromQL lexer. It works on UTF-8 bytes and produces tokens on demand; token text is never
/// copied unless the parser asks for it.
///
/// Like Prometheus' lexer it keeps a little state — inside `{…}`, inside `[…]`, parenthesis
/// depth — because PromQL's tokens depend on where they stand: keywords are plain label names
/// inside braces, `:` separates a subquery's range and step inside brackets, and only
/// arithmetic is allowed inside a range.
struct Lexer {
    let input: [UInt8]
    var pos = 0
    /// Set on an `.error` token.
    var errorMessage = ""
    var grafana = false

    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false
    private var done = false

    init(input: [UInt8], grafana: Bool) {
        self.input = input
        self.grafana = grafana
    }

    @inline(__always) private func byte(_ i: Int) -> UInt8 {
        i < input.count ? input[i] : 0
    }

    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always) static func isAlphaNumeric(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    private mutating func error(_ message: String, at start: Int) -> Token {
        errorMessage = message
        done = true
        return Token(kind: .error, start: start, end: Swift.max(start, Swift.min(pos, input.count)))
    }

    /// Describes the (UTF-8) character at `i` as Go's `%q` of a rune would.
    private func quotedRune(at i: Int) -> String {
        guard i < input.count else { return "EOF" }
        let (scalar, _) = decodeScalar(at: i)
        return "'" + goRuneEscape(scalar) + "'"
    }

    func decodeScalar(at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = input[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var it = input[i...].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&it) {
        case .scalarValue(let s):
            return (s, String(s).utf8.count)
        default:
            return (Unicode.Scalar(0xFFFD)!, 1)
        }
    }

    mutating func next() -> Token {
        if done { return Token(kind: .eof, start: input.count, end: input.count) }
        while true {
            // Skip spaces and comments.
            while pos < input.count {
                let b = input[pos]
                if Lexer.isSpace(b) {
                    pos += 1
                } else if b == UInt8(ascii: "#") {
                    while pos < input.count, input[pos] != 0x0A, input[pos] != 0x0D { pos += 1 }
                } else {
                    break
                }
            }
            if braceOpen { return lexInsideBraces() }
            return lexStatement()
        }
    }

    // MARK: - Statements

    private mutating func lexStatement() -> Token {
        let start = pos
        guard pos < input.count else {
            if parenDepth > 0 { return error("unclosed left parenthesis", at: start) }
            if bracketOpen { return error("unclosed left bracket", at: start) }
            done = true
            return Token(kind: .eof, start: start, end: start)
        }
        let b = input[pos]
        pos += 1
        func tok(_ k: TokenKind) -> Token { Token(kind: k, start: start, end: pos) }
        switch b {
        case UInt8(ascii: ","): return tok(.comma)
        case UInt8(ascii: "*"): return tok(.mul)
        case UInt8(ascii: "/"): return tok(.div)
        case UInt8(ascii: "%"): return tok(.mod)
        case UInt8(ascii: "+"): return tok(.add)
        case UInt8(ascii: "-"): return tok(.sub)
        case UInt8(ascii: "^"): return tok(.pow)
        case UInt8(ascii: "@"): return tok(.at)
        case UInt8(ascii: "="):
            if byte(pos) == UInt8(ascii: "=") { pos += 1; return tok(.eqlc) }
            if byte(pos) == UInt8(ascii: "~") { return error("unexpected character after '=': '~'", at: start) }
            return tok(.assign)
        case UInt8(ascii: "!"):
            if byte(pos) == UInt8(ascii: "=") { pos += 1; return tok(.neq) }
            let q = quotedRune(at: pos)
            pos += 1
            return error("unexpected character after '!': \(q)", at: start)
        case UInt8(ascii: "<"):
            if byte(pos) == UInt8(ascii: "=") { pos += 1; return tok(.lte) }
            if byte(pos) == UInt8(ascii: "/") { pos += 1; return tok(.trimLower) }
            return tok(.lss)
        case UInt8(ascii: ">"):
            if byte(pos) == UInt8(ascii: "=") { pos += 1; return tok(.gte) }
            if byte(pos) == UInt8(ascii: "/") { pos += 1; return tok(.trimUpper) }
            return tok(.gtr)
        case UInt8(ascii: "("):
            parenDepth += 1
            return tok(.leftParen)
        case UInt8(ascii: ")"):
            parenDepth -= 1
            if parenDepth < 0 { return error("unexpected right parenthesis ')'", at: start) }
            return tok(.rightParen)
        case UInt8(ascii: "{"):
            braceOpen = true
            return tok(.leftBrace)
        case UInt8(ascii: "}"):
            return error("unexpected character: '}'", at: start)
        case UInt8(ascii: "["):
            if grafana, byte(pos) == UInt8(ascii: "["), let t = lexDoubleBracketVariable(start: start) { return t }
            if bracketOpen { return error("unexpected left bracket '['", at: start) }
            bracketOpen = true
            return tok(.leftBracket)
        case UInt8(ascii: "]"):
            if !bracketOpen { return error("unexpected right bracket ']'", at: start) }
            bracketOpen = false
            return tok(.rightBracket)
        case UInt8(ascii: ":") where bracketOpen:
            return tok(.colon)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return lexString(quote: b, start: start)
        case UInt8(ascii: "`"):
            return lexRawString(start: start)
        case UInt8(ascii: "$") where grafana:
            pos = start
            return lexWord(start: start)
        default:
            break
        }
        if Lexer.isDigit(b) || (b == UInt8(ascii: ".") && Lexer.isDigit(byte(pos))) {
            pos = start
            return lexNumberOrDuration(start: start)
        }
        if Lexer.isAlpha(b) || b == UInt8(ascii: ":") {
            pos = start
            if bracketOpen { return lexDurationKeyword(start: start) }
            return lexWord(start: start)
        }
        pos = start
        let q = quotedRune(at: start)
        pos = start + decodeScalar(at: start).1
        if bracketOpen { return error("unexpected character in duration expression: \(q)", at: start) }
        return error("unexpected character: \(q)", at: start)
    }

    /// Identifiers, keywords, metric names with colons; in Grafana mode, words with `$var` parts.
    private mutating func lexWord(start: Int) -> Token {
        var sawColon = false
        var sawVariable = false
        while pos < input.count {
            let b = input[pos]
            if Lexer.isAlphaNumeric(b) {
                pos += 1
            } else if b == UInt8(ascii: ":") {
                // Inside `[…]` a colon separates a subquery's range from its step:
                // `[$__range:$__interval]`, `[$__interval:]`.
                if bracketOpen { break }
                sawColon = true
                pos += 1
            } else if grafana, b == UInt8(ascii: "$"), let end = variableEnd(at: pos) {
                sawVariable = true
                pos = end
            } else if grafana, b == UInt8(ascii: "["), byte(pos + 1) == UInt8(ascii: "["), pos > start, let end = doubleBracketEnd(at: pos) {
                sawVariable = true
                pos = end
            } else {
                break
            }
        }
        if pos == start {
            // A lone `$` that does not start a variable.
            pos += 1
            return error("unexpected character: '$'", at: start)
        }
        if sawVariable { return Token(kind: .placeholder, start: start, end: pos) }
        if !sawColon, let kw = keyword(start: start, end: pos) {
            if kw == .fill || kw == .fillLeft || kw == .fillRight {
                // Only a modifier when followed by '(' — `fill` stays usable as a metric name.
                var p = pos
                while p < input.count, Lexer.isSpace(input[p]) { p += 1 }
                if byte(p) != UInt8(ascii: "(") { return Token(kind: .identifier, start: start, end: pos) }
            }
            return Token(kind: kw, start: start, end: pos)
        }
        if !sawColon, isInfOrNaN(start: start, end: pos) {
            return Token(kind: .number, start: start, end: pos)
        }
        return Token(kind: sawColon ? .metricIdentifier : .identifier, start: start, end: pos)
    }

    /// Inside `[…]` only `step`, `range`, `min_of`, `max_of` (any case) are words.
    private mutating func lexDurationKeyword(start: Int) -> Token {
        while pos < input.count, Lexer.isAlpha(input[pos]) || Lexer.isDigit(input[pos]) { pos += 1 }
        let word = String(decoding: input[start..<pos], as: UTF8.self).lowercased()
        switch word {
        case "step": return Token(kind: .step, start: start, end: pos)
        case "range": return Token(kind: .range, start: start, end: pos)
        case "min_of": return Token(kind: .minOf, start: start, end: pos)
        case "max_of": return Token(kind: .maxOf, start: start, end: pos)
        default:
            let q = quotedRune(at: start)
            pos = start + 1
            return error("unexpected character in duration expression: \(q)", at: start)
        }
    }

    private func keyword(start: Int, end: Int) -> TokenKind? {
        let len = end - start
        guard len >= 2, len <= 12 else { return nil }
        // The word lower-cased into two integers (keywords are at most 12 ASCII bytes): no
        // string is made for the lookup.
        var key = TokenKind.KeywordKey()
        for i in start..<end {
            var b = input[i]
            if b >= 0x80 { return nil }
            if b >= 0x41 && b <= 0x5A { b += 0x20 }
            key.append(b, at: i - start)
        }
        return TokenKind.keywordsByKey[key]
    }

    private func isInfOrNaN(start: Int, end: Int) -> Bool {
        guard end - start == 3 else { return false }
        let a = input[start] | 0x20, b = input[start + 1] | 0x20, c = input[start + 2] | 0x20
        return (a == 0x69 && b == 0x6E && c == 0x66) || (a == 0x6E && b == 0x61 && c == 0x6E)
    }

    // MARK: - Grafana variables

    /// End of a `$name` / `${…}` variable starting at `i`, or nil.
    private func variableEnd(at i: Int) -> Int? {
        guard byte(i) == UInt8(ascii: "$") else { return nil }
        if byte(i + 1) == UInt8(ascii: "{") {
            var p = i + 2
            while p < input.count, input[p] != UInt8(ascii: "}"), input[p] != 0x0A { p += 1 }
            guard byte(p) == UInt8(ascii: "}"), p > i + 2 else { return nil }
            return p + 1
        }
        var p = i + 1
        while p < input.count, Lexer.isAlphaNumeric(input[p]) { p += 1 }
        return p > i + 1 ? p : nil
    }

    private func doubleBracketEnd(at i: Int) -> Int? {
        var p = i + 2
        while p < input.count, Lexer.isAlphaNumeric(input[p]) || input[p] == UInt8(ascii: ":") { p += 1 }
        guard p > i + 2, byte(p) == UInt8(ascii: "]"), byte(p + 1) == UInt8(ascii: "]") else { return nil }
        return p + 2
    }

    private mutating func lexDoubleBracketVariable(start: Int) -> Token? {
        guard let end = doubleBracketEnd(at: start) else { return nil }
        pos = end
        // Allow the variable to continue as a word (`[[prefix]]_total`).
        while pos < input.count, Lexer.isAlphaNumeric(input[pos]) || input[pos] == UInt8(ascii: ":") { pos += 1 }
        return Token(kind: .placeholder, start: start, end: pos)
    }

    // MARK: - Braces

    private mutating func lexInsideBraces() -> Token {
        let start = pos
        guard pos < input.count else { return error("unexpected end of input inside braces", at: start) }
        let b = input[pos]
        pos += 1
        func tok(_ k: TokenKind) -> Token { Token(kind: k, start: start, end: pos) }
        switch b {
        case UInt8(ascii: ","): return tok(.comma)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return lexString(quote: b, start: start)
        case UInt8(ascii: "`"): return lexRawString(start: start)
        case UInt8(ascii: "="):
            if byte(pos) == UInt8(ascii: "~") { pos += 1; return tok(.eqlRegex) }
            return tok(.assign)
        case UInt8(ascii: "!"):
            if byte(pos) == UInt8(ascii: "~") { pos += 1; return tok(.neqRegex) }
            if byte(pos) == UInt8(ascii: "=") { pos += 1; return tok(.neq) }
            let q = quotedRune(at: pos)
            pos += 1
            return error("unexpected character after '!' inside braces: \(q)", at: start)
        case UInt8(ascii: "{"):
            return error("unexpected left brace '{'", at: start)
        case UInt8(ascii: "}"):
            braceOpen = false
            return tok(.rightBrace)
        default:
            if Lexer.isAlpha(b) {
                while pos < input.count, Lexer.isAlphaNumeric(input[pos]) { pos += 1 }
                return tok(.identifier)
            }
            if grafana, b == UInt8(ascii: "$"), let end = variableEnd(at: start) {
                pos = end
                return tok(.placeholder)
            }
            let q = quotedRune(at: start)
            pos = start + decodeScalar(at: start).1
            return error("unexpected character inside braces: \(q)", at: start)
        }
    }

    // MARK: - Strings

    private mutating func lexString(quote: UInt8, start: Int) -> Token {
        while pos < input.count {
            let b = input[pos]
            if b == quote {
                pos += 1
                return Token(kind: .string, start: start, end: pos)
            }
            switch b {
            case UInt8(ascii: "\\"):
                pos += 1
                if let message = lexEscape(quote: quote) { return error(message, at: start) }
            case 0x0A:
                return error("unterminated quoted string", at: start)
            default:
                if b >= 0x80 {
                    guard let n = validUTF8Length(at: pos) else { return error("invalid UTF-8 rune", at: start) }
                    pos += n
                } else {
                    pos += 1
                }
            }
        }
        return error("unterminated quoted string", at: start)
    }

    private mutating func lexRawString(start: Int) -> Token {
        while pos < input.count {
            let b = input[pos]
            if b == UInt8(ascii: "`") {
                pos += 1
                return Token(kind: .string, start: start, end: pos)
            }
            if b >= 0x80 {
                guard let n = validUTF8Length(at: pos) else { return error("invalid UTF-8 rune", at: start) }
                pos += n
            } else {
                pos += 1
            }
        }
        return error("unterminated raw string", at: start)
    }

    /// Validates the escape after a backslash (Go rules); returns an error message or nil.
    private mutating func lexEscape(quote: UInt8) -> String? {
        guard pos < input.count else { return "escape sequence not terminated" }
        let c = input[pos]
        pos += 1
        var n = 0
        var base: UInt32 = 0
        var maxValue: UInt32 = 0
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
             UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), quote:
            return nil
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            n = 3; base = 8; maxValue = 255
            pos -= 1
        case UInt8(ascii: "x"): n = 2; base = 16; maxValue = 255
        case UInt8(ascii: "u"): n = 4; base = 16; maxValue = 0x10FFFF
        case UInt8(ascii: "U"): n = 8; base = 16; maxValue = 0x10FFFF
        default:
            pos -= 1
            let (scalar, len) = decodeScalar(at: pos)
            pos += len
            return "unknown escape sequence \(goUnicodeFormat(scalar))"
        }
        var x: UInt32 = 0
        for _ in 0..<n {
            guard pos < input.count else { return "escape sequence not terminated" }
            let d = digitValue(input[pos])
            if d >= base {
                if input[pos] == quote { return "escape sequence not terminated" }
                let (scalar, len) = decodeScalar(at: pos)
                pos += len
                return "illegal character \(goUnicodeFormat(scalar)) in escape sequence"
            }
            x = x &* base &+ d
            pos += 1
        }
        if x > maxValue || (0xD800 <= x && x < 0xE000) {
            return "escape sequence is an invalid Unicode code point"
        }
        return nil
    }

    private func digitValue(_ b: UInt8) -> UInt32 {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: 16
        }
    }

    /// Length of the valid UTF-8 sequence at `i`, or nil.
    private func validUTF8Length(at i: Int) -> Int? {
        let b0 = input[i]
        let n: Int
        if b0 & 0xE0 == 0xC0 { n = 2 } else if b0 & 0xF0 == 0xE0 { n = 3 } else if b0 & 0xF8 == 0xF0 { n = 4 } else { return nil }
        guard i + n <= input.count else { return nil }
        for k in 1..<n where input[i + k] & 0xC0 != 0x80 { return nil }
        if n == 2, b0 < 0xC2 { return nil }
        if n == 3 {
            let cp = (UInt32(b0 & 0x0F) << 12) | (UInt32(input[i + 1] & 0x3F) << 6) | UInt32(input[i + 2] & 0x3F)
            if cp < 0x800 || (cp >= 0xD800 && cp < 0xE000) { return nil }
        }
        if n == 4 {
            let cp = (UInt32(b0 & 0x07) << 18) | (UInt32(input[i + 1] & 0x3F) << 12) | (UInt32(input[i + 2] & 0x3F) << 6) | UInt32(input[i + 3] & 0x3F)
            if cp < 0x10000 || cp > 0x10FFFF { return nil }
        }
        return n
    }

    // MARK: - Numbers and durations

    private mutating func lexNumberOrDuration(start: Int) -> Token {
        if scanNumber() {
            return Token(kind: .number, start: start, end: pos)
        }
        if acceptRemainingDuration() {
            pos -= 1
            return Token(kind: .duration, start: start, end: pos)
        }
        let text = String(decoding: input[start..<Swift.min(pos, input.count)], as: UTF8.self)
        return error("bad number or duration syntax: \"\(text)\"", at: start)
    }

    @inline(__always) private mutating func accept(_ set: (UInt8) -> Bool) -> Bool {
        if pos < input.count, set(input[pos]) {
            pos += 1
            return true
        }
        return false
    }

    private mutating func acceptRemainingDuration() -> Bool {
        func unit(_ b: UInt8) -> Bool {
            b == UInt8(ascii: "s") || b == UInt8(ascii: "m") || b == UInt8(ascii: "h") || b == UInt8(ascii: "d") || b == UInt8(ascii: "w") || b == UInt8(ascii: "y")
        }
        func unitNoYear(_ b: UInt8) -> Bool { unit(b) && b != UInt8(ascii: "y") }
        guard accept(unit) else { return false }
        _ = accept { $0 == UInt8(ascii: "s") }
        while accept(Lexer.isDigit) {
            while accept(Lexer.isDigit) {}
            guard accept(unitNoYear) else { return false }
            _ = accept { $0 == UInt8(ascii: "s") }
        }
        // Consume the next character, as Prometheus does, then check it.
        let next = pos < input.count ? input[pos] : 0
        pos += 1
        return !Lexer.isAlphaNumeric(next)
    }

    /// Scans decimal, hex, octal-looking and float numbers (Prometheus' scanNumber). The text
    /// is not necessarily a valid number; the parser checks the value.
    private mutating func scanNumber() -> Bool {
        let initial = pos
        var hex = false
        if byte(pos) == UInt8(ascii: "0") {
            pos += 1
            if byte(pos) == UInt8(ascii: "x") || byte(pos) == UInt8(ascii: "X") {
                pos += 1
                hex = true
                if byte(pos) == UInt8(ascii: "_") { pos += 1 }
            }
        }
        func isDigitOf(_ b: UInt8) -> Bool {
            hex ? (Lexer.isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)) : Lexer.isDigit(b)
        }
        func isExp(_ b: UInt8) -> Bool { !hex && (b == UInt8(ascii: "e") || b == UInt8(ascii: "E")) }
        _ = accept { $0 == UInt8(ascii: ".") }
        _ = accept(isDigitOf)
        var dot = false
        var exp = false
        while pos < input.count {
            let b = input[pos]
            guard isDigitOf(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || isExp(b) else { break }
            if b == UInt8(ascii: ".") {
                if dot { pos += 1; return false }
                dot = true
                pos += 1
                if accept({ $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }) { return false }
                if hex { return false }
                continue
            }
            if isExp(b) {
                if exp { pos += 1; return false }
                exp = true
                pos += 1
                _ = accept { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
                if accept({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) || pos >= input.count {
                    return false
                }
                continue
            }
            if b == UInt8(ascii: "_") {
                pos += 1
                if accept({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) || pos >= input.count {
                    return false
                }
                continue
            }
            while pos < input.count, isDigitOf(input[pos]) { pos += 1 }
        }
        if pos == initial { return false }
        let next = byte(pos)
        return !Lexer.isAlphaNumeric(next)
    }
}

// MARK: - Go-style character formatting used in messages

/// Go's `%q` of a rune, without the quotes.
func goRuneEscape(_ s: Unicode.Scalar) -> String {
    switch s {
    case "\u{07}": return "\\a"
    case "\u{08}": return "\\b"
    case "\u{0C}": return "\\f"
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    case "\u{0B}": return "\\v"
    case "\\": return "\\\\"
    case "'": return "\\'"
    default:
        if s.value < 0x20 || s.value == 0x7F { return "\\x" + hex(s.value, width: 2) }
        return String(s)
    }
}

/// Go's `%#U`: `U+0063 'c'`.
func goUnicodeFormat(_ s: Unicode.Scalar) -> String {
    let code = "U+" + hex(s.value, width: 4).uppercased()
    if s.value >= 0x20, s.value != 0x7F, s.properties.generalCategory != .control {
        return "\(code) '\(String(s))'"
    }
    return code
}

func hex(_ v: UInt32, width: Int) -> String {
    let s = String(v, radix: 16)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
