/// Options for reading PromQL.
public struct ParseOptions: Sendable, Hashable {
    /// Experimental syntax to accept (Prometheus feature flags).
    public var features: Features
    /// Accept Grafana template variables (`$var`, `${var}`, `[[var]]`, `$__rate_interval`, …).
    public var grafana: Bool
    /// Deepest nesting accepted before a clean error; protects the stack from hostile input.
    public var maxDepth: Int

    public init(features: Features = .none, grafana: Bool = false, maxDepth: Int = 200) {
        self.features = features
        self.grafana = grafana
        self.maxDepth = maxDepth
    }

    public static let `default` = ParseOptions()
    /// Everything Prometheus' own tests enable.
    public static let allFeatures = ParseOptions(features: .all)
}

/// Errors found while reading an expression: syntax, then types. Never empty.
public struct ParseError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.message).joined(separator: "; ") }
    /// The first problem.
    public var first: Diagnostic { diagnostics[0] }
}

/// The PromQL front end's entry points.
public enum PromQL {
    /// Parses and type-checks an expression.
    public static func parse(_ text: String, options: ParseOptions = .default) throws(ParseError) -> Expr {
        try parse(utf8: Array(text.utf8), options: options)
    }

    /// Parses raw bytes (which need not be valid UTF-8; invalid sequences in strings are errors).
    public static func parse(utf8 bytes: [UInt8], options: ParseOptions = .default) throws(ParseError) -> Expr {
        var p = Parser(input: bytes, options: options)
        let expr: Expr
        do {
            expr = try p.parseTopLevel()
        } catch {
            throw ParseError(diagnostics: p.diagnostics.isEmpty ? [error] : [error] + p.diagnostics)
        }
        if !p.diagnostics.isEmpty {
            throw ParseError(diagnostics: p.diagnostics)
        }
        var checker = Checker(options: options)
        checker.check(expr)
        if !checker.diagnostics.isEmpty {
            throw ParseError(diagnostics: checker.diagnostics)
        }
        return expr
    }

    /// Parses without throwing: the expression when valid, and every diagnostic.
    public static func check(_ text: String, options: ParseOptions = .default) -> (expr: Expr?, diagnostics: [Diagnostic]) {
        do {
            let e = try parse(text, options: options)
            return (e, [])
        } catch {
            return (nil, error.diagnostics)
        }
    }
}

/// A hand-written Pratt parser for PromQL. Operator precedence (loosest first):
/// `or` < `and`/`unless` < comparisons and trims < `+ -` < `* / % atan2` < `^` (right-assoc).
/// Unary minus binds looser than `^` and tighter than `*`; `[…]`, `offset`, `@`,
/// `anchored`/`smoothed` bind tightest, to the expression just before them.
struct Parser {
    private var lexer: Lexer
    private let input: [UInt8]
    private let options: ParseOptions
    private var tok: Token
    private var lookahead: Token?
    private var depth = 0
    /// Non-fatal problems (the parse goes on after them).
    var diagnostics: [Diagnostic] = []

    init(input: [UInt8], options: ParseOptions) {
        self.input = input
        self.options = options
        self.lexer = Lexer(input: input, grafana: options.grafana)
        self.tok = Token(kind: .eof, start: 0, end: 0)
        self.tok = lexer.next()
    }

    // MARK: - Token handling

    private mutating func advance() {
        if let l = lookahead {
            tok = l
            lookahead = nil
        } else {
            tok = lexer.next()
        }
    }

    private mutating func peek() -> Token {
        if let l = lookahead { return l }
        let t = lexer.next()
        lookahead = t
        return t
    }

    private func text(_ t: Token) -> String {
        String(decoding: input[t.start..<t.end], as: UTF8.self)
    }

    private func textLowercased(_ t: Token) -> String {
        text(t).lowercased()
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .error: return lexer.errorMessage
        case .identifier: return "identifier \(goQuote(text(t)))"
        case .metricIdentifier: return "metric identifier \(goQuote(text(t)))"
        case .number: return "number \(goQuote(text(t)))"
        case .duration: return "duration \(goQuote(text(t)))"
        case .string: return "string \(goQuote(text(t)))"
        case .placeholder: return "template variable \(goQuote(text(t)))"
        default:
            let s = text(t)
            if t.kind.isAggregator { return "<aggr:\(s)>" }
            if t.kind.isKeyword || t.kind == .land || t.kind == .lor || t.kind == .lunless { return "<\(s)>" }
            if t.kind.isOperator { return "<op:\(s)>" }
            return goQuote(s)
        }
    }

    private func error(_ message: String, _ range: PositionRange) -> Diagnostic {
        Diagnostic(severity: .error, id: "promql/syntax", message: message, range: range)
    }

    /// Throws the error for an unexpected current token.
    private func unexpected(_ context: String = "", _ expected: String = "") -> Diagnostic {
        if tok.kind == .error {
            return error(lexer.errorMessage, tok.range)
        }
        var m = "unexpected \(describe(tok))"
        if !context.isEmpty { m += " in \(context)" }
        if !expected.isEmpty { m += ", expected \(expected)" }
        return error(m, tok.range)
    }

    private mutating func note(_ message: String, _ range: PositionRange) {
        diagnostics.append(error(message, range))
    }

    private mutating func requireFeature(_ feature: Features, _ what: String, _ range: PositionRange) {
        if !options.features.contains(feature) {
            diagnostics.append(Diagnostic(
                severity: .error, id: "promql/features",
                message: "\(what) is experimental and needs --enable-feature=\(feature.flagName)",
                range: range))
        }
    }

    private mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > options.maxDepth {
            throw error("expression nests too deeply (more than \(options.maxDepth) levels)", tok.range)
        }
    }

    // MARK: - Expressions

    mutating func parseTopLevel() throws(Diagnostic) -> Expr {
        if tok.kind == .eof {
            throw error("no expression found in input", .zero)
        }
        let e = try parseExpr(minPrecedence: 0)
        if tok.kind != .eof {
            throw unexpected()
        }
        return e
    }

    private func binaryOperator(_ k: TokenKind) -> BinaryOperator? {
        switch k {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        case .mod: .mod
        case .pow: .pow
        case .atan2: .atan2
        case .eqlc: .eql
        case .neq: .neq
        case .lte: .lte
        case .lss: .lss
        case .gte: .gte
        case .gtr: .gtr
        case .trimUpper: .trimUpper
        case .trimLower: .trimLower
        case .land: .and
        case .lor: .or
        case .lunless: .unless
        default: nil
        }
    }

    private mutating func parseExpr(minPrecedence: Int) throws(Diagnostic) -> Expr {
        try enter()
        defer { depth -= 1 }
        var lhs = try parseUnary()
        var chain = 0
        while let op = binaryOperator(tok.kind), op.precedence >= minPrecedence {
            let opStart = tok.start
            // A chain of operators deepens the tree as nesting does; bound both together.
            chain += 1
            if depth + chain > options.maxDepth * 5 {
                throw error("expression nests too deeply (more than \(options.maxDepth * 5) operators in a chain)", tok.range)
            }
            if op == .trimUpper || op == .trimLower {
                requireFeature(.experimentalFunctions, "the trim operator \"\(op.rawValue)\"", tok.range)
            }
            advance()
            var returnBool = false
            var matching: VectorMatching?
            var fill: FillModifier?
            if tok.kind == .bool {
                returnBool = true
                advance()
            }
            if tok.kind == .on || tok.kind == .ignoring {
                let on = tok.kind == .on
                advance()
                let labels = try parseGroupingLabels()
                var m = VectorMatching(cardinality: .oneToOne, on: on, labels: labels.names, templatedLabels: labels.templated)
                if tok.kind == .groupLeft || tok.kind == .groupRight {
                    m.cardinality = tok.kind == .groupLeft ? .manyToOne : .oneToMany
                    advance()
                    if tok.kind == .leftParen {
                        let include = try parseGroupingLabels()
                        m.include = include.names
                        m.templatedLabels.formUnion(include.templated)
                    }
                }
                // `ignoring ()` without grouping means the same as no clause at all.
                if m.on || !m.labels.isEmpty || m.cardinality != .oneToOne { matching = m }
            }
            while tok.kind == .fill || tok.kind == .fillLeft || tok.kind == .fillRight {
                let kind = tok.kind
                let fillStart = tok.start
                advance()
                guard tok.kind == .leftParen else { throw unexpected("fill modifier", "\"(\"") }
                advance()
                let value = try parseSignedNumber(context: "fill modifier")
                guard tok.kind == .rightParen else { throw unexpected("fill modifier", "\")\"") }
                requireFeature(.fillModifiers, "the \(kind.spelling!) modifier", PositionRange(start: fillStart, end: tok.end))
                advance()
                var f = fill ?? FillModifier()
                switch kind {
                case .fill: f.left = value; f.right = value
                case .fillLeft: f.left = value
                default: f.right = value
                }
                fill = f
            }
            let opRange = PositionRange(start: opStart, end: Swift.max(opStart, tokStartBeforeOperand()))
            let rhs = try parseExpr(minPrecedence: op.isRightAssociative ? op.precedence : op.precedence + 1)
            lhs = .binary(BinaryExpr(
                op: op, lhs: lhs, rhs: rhs, returnBool: returnBool, matching: matching, fill: fill,
                range: lhs.range.merged(with: rhs.range), operatorRange: opRange))
        }
        return lhs
    }

    private func tokStartBeforeOperand() -> Int { tok.start }

    private mutating func parseSignedNumber(context: String) throws(Diagnostic) -> Double {
        var sign = 1.0
        if tok.kind == .sub || tok.kind == .add {
            if tok.kind == .sub { sign = -1 }
            advance()
        }
        switch tok.kind {
        case .number:
            let v = try numberValue(tok)
            advance()
            return sign * v
        case .duration:
            let v = try durationSeconds(tok)
            advance()
            return sign * v
        default:
            throw unexpected(context, "number")
        }
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expr {
        if tok.kind == .sub || tok.kind == .add {
            let negative = tok.kind == .sub
            let start = tok.start
            advance()
            try enter()
            defer { depth -= 1 }
            // Unary minus takes everything that binds tighter than `*`: that is `^` and postfix.
            let operand = try parseExpr(minPrecedence: BinaryOperator.pow.precedence)
            if case .number(var n) = operand {
                if negative { n.value = -n.value }
                n.range.start = start
                if negative, let ms = n.durationMilliseconds { n.durationMilliseconds = -ms }
                return .number(n)
            }
            return .unary(UnaryExpr(negative: negative, expr: operand, range: PositionRange(start: start, end: operand.range.end)))
        }
        let primary = try parsePrimary()
        return try parsePostfix(primary)
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let t = tok
        switch t.kind {
        case .number:
            let v = try numberValue(t)
            advance()
            return .number(NumberLiteral(value: v, range: t.range))
        case .duration:
            let s = try durationSeconds(t)
            advance()
            return .number(NumberLiteral(value: s, durationMilliseconds: Int64((s * 1000).rounded()), range: t.range))
        case .string:
            let v = try unquote(t)
            advance()
            return .string(StringLiteral(value: v, range: t.range))
        case .leftParen:
            advance()
            try enter()
            defer { depth -= 1 }
            let inner = try parseExpr(minPrecedence: 0)
            guard tok.kind == .rightParen else { throw unexpected("paren expression", "\")\"") }
            let end = tok.end
            advance()
            return .paren(ParenExpr(expr: inner, range: PositionRange(start: t.start, end: end)))
        case .leftBrace:
            return .vectorSelector(try parseSelector(nameToken: nil))
        case .identifier:
            if peek().kind == .leftParen { return try parseCall() }
            advance()
            return .vectorSelector(try parseSelector(nameToken: t))
        case .metricIdentifier:
            advance()
            return .vectorSelector(try parseSelector(nameToken: t))
        case .placeholder:
            advance()
            // `$metric{…}`, `$metric[5m]`, `node_${x}_total`: a metric name; `$threshold`: a value.
            let whole = text(t)
            if tok.kind == .leftBrace || tok.kind == .leftBracket || tok.kind == .offset || tok.kind == .at || !Placeholder.readsAsValue(whole) {
                return .vectorSelector(try parseSelector(nameToken: t))
            }
            return .placeholder(Placeholder(text: whole, range: t.range))
        case .start, .end, .step, .range:
            if peek().kind == .leftParen { return try parseCall() }
            advance()
            return .vectorSelector(try parseSelector(nameToken: t))
        case .bool, .on, .ignoring, .groupLeft, .groupRight, .atan2, .eof, .error:
            throw unexpected()
        default:
            if t.kind.isAggregator {
                let next = peek().kind
                if next == .leftParen || next == .by || next == .without {
                    return try parseAggregation()
                }
                advance()
                return .vectorSelector(try parseSelector(nameToken: t))
            }
            if t.kind.isWord {
                advance()
                return .vectorSelector(try parseSelector(nameToken: t))
            }
            throw unexpected()
        }
    }

    // MARK: - Postfix: ranges, subqueries, offset, @, anchored/smoothed

    private mutating func parsePostfix(_ expr: Expr) throws(Diagnostic) -> Expr {
        var e = expr
        while true {
            switch tok.kind {
            case .leftBracket: e = try parseRangeOrSubquery(e)
            case .offset: e = try parseOffset(e)
            case .at: e = try parseAt(e)
            case .anchored, .smoothed: e = try parseRangeModifier(e)
            default: return e
            }
        }
    }

    private mutating func parseRangeOrSubquery(_ e: Expr) throws(Diagnostic) -> Expr {
        let open = tok
        advance()
        if tok.kind == .rightBracket || tok.kind == .colon {
            throw unexpected("subquery or range selector", "number, duration, step(), or range()")
        }
        let rangeExpr = try parseDurationExpr(context: "subquery or range selector")
        checkDuration(rangeExpr, positive: true)
        if tok.kind == .colon {
            advance()
            var step: DurationExpr?
            if tok.kind != .rightBracket {
                let s = try parseDurationExpr(context: "subquery selector")
                checkDuration(s, positive: false)
                step = s
            }
            guard tok.kind == .rightBracket else { throw unexpected("subquery selector", "\"]\"") }
            let end = tok.end
            advance()
            return .subquery(Subquery(expr: e, rangeDuration: rangeExpr, step: step, modifiers: Modifiers(),
                                      range: PositionRange(start: e.range.start, end: end)))
        }
        guard tok.kind == .rightBracket else { throw unexpected("subquery or range", "\":\" or \"]\"") }
        let close = tok
        advance()
        let errRange = PositionRange(start: open.start, end: close.end)
        guard case .vectorSelector(var vs) = e else {
            throw error("ranges only allowed for vector selectors", errRange)
        }
        if vs.modifiers.offset != nil { throw error("no offset modifiers allowed before range", errRange) }
        if vs.modifiers.at != nil { throw error("no @ modifiers allowed before range", errRange) }
        let modifiers = vs.modifiers
        vs.modifiers = Modifiers()
        return .matrixSelector(MatrixSelector(selector: vs, rangeDuration: rangeExpr, modifiers: modifiers,
                                              range: PositionRange(start: vs.range.start, end: close.end)))
    }

    private mutating func parseOffset(_ e: Expr) throws(Diagnostic) -> Expr {
        let kw = tok
        advance()
        var negative = false
        var signStart = tok.start
        var signed = false
        if tok.kind == .sub || tok.kind == .add {
            negative = tok.kind == .sub
            signed = true
            signStart = tok.start
            advance()
        }
        if tok.kind == .eof || tok.kind == .error || !startsDurationPrimary(tok) {
            throw unexpected("offset", "number, duration, step(), or range()")
        }
        var d = try parseDurationPrimary(context: "offset")
        if signed {
            if negative {
                d = .unary(negative: true, d, range: PositionRange(start: signStart, end: d.range.end))
            }
        }
        if !d.isSimple { requireFeature(.durationExpressions, "a duration expression", d.range) }
        checkDuration(d, positive: false)
        let end = d.range.end
        return try applyModifier(e, keyword: "offset", range: PositionRange(start: kw.start, end: end)) { (m: inout Modifiers) throws(Diagnostic) in
            if m.offset != nil { throw self.error("offset may not be set multiple times", e.range) }
            m.offset = d
        }
    }

    private mutating func parseAt(_ e: Expr) throws(Diagnostic) -> Expr {
        let kw = tok
        advance()
        let at: AtModifier
        var end = tok.end
        switch tok.kind {
        case .start, .end:
            let isStart = tok.kind == .start
            advance()
            guard tok.kind == .leftParen else { throw unexpected("@", "\"(\"") }
            advance()
            guard tok.kind == .rightParen else { throw unexpected("@", "\")\"") }
            end = tok.end
            advance()
            at = isStart ? .start : .end
        case .number, .duration, .sub, .add:
            let v = try parseSignedNumber(context: "@")
            if !v.isFinite || abs(v * 1000) > 9.223372036854775e18 {
                note("timestamp out of bounds for @ modifier: \(goFloat(v))", PositionRange(start: kw.start, end: end))
            }
            at = .timestamp(v)
        default:
            throw unexpected("@", "timestamp")
        }
        return try applyModifier(e, keyword: "@", range: PositionRange(start: kw.start, end: end)) { (m: inout Modifiers) throws(Diagnostic) in
            if m.at != nil { throw self.error("@ <timestamp> may not be set multiple times", e.range) }
            m.at = at
            if m.offset == nil { m.atBeforeOffset = true }
        }
    }

    private mutating func parseRangeModifier(_ e: Expr) throws(Diagnostic) -> Expr {
        let kw = tok
        let modifier: RangeModifier = tok.kind == .anchored ? .anchored : .smoothed
        advance()
        requireFeature(.extendedRangeSelectors, "the \(modifier.rawValue) modifier", kw.range)
        switch e {
        case .vectorSelector(var vs):
            if vs.modifiers.rangeModifier != nil { throw error("anchored or smoothed may be set only once", kw.range) }
            vs.modifiers.rangeModifier = modifier
            vs.range.end = kw.end
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if ms.modifiers.rangeModifier != nil { throw error("anchored or smoothed may be set only once", kw.range) }
            ms.modifiers.rangeModifier = modifier
            ms.range.end = kw.end
            return .matrixSelector(ms)
        default:
            throw error("\(modifier.rawValue) modifier must be preceded by an instant vector selector or range vector selector", kw.range)
        }
    }

    private func applyModifier(_ e: Expr, keyword: String, range: PositionRange, _ change: (inout Modifiers) throws(Diagnostic) -> Void) throws(Diagnostic) -> Expr {
        switch e {
        case .vectorSelector(var vs):
            try change(&vs.modifiers)
            vs.range.end = range.end
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            try change(&ms.modifiers)
            ms.range.end = range.end
            return .matrixSelector(ms)
        case .subquery(var sq):
            try change(&sq.modifiers)
            sq.range.end = range.end
            return .subquery(sq)
        default:
            throw error("\(keyword) modifier must be preceded by an instant vector selector or range vector selector or a subquery", range)
        }
    }

    // MARK: - Durations

    private func startsDurationPrimary(_ t: Token) -> Bool {
        switch t.kind {
        case .number, .duration, .leftParen, .step, .range, .minOf, .maxOf, .placeholder: return true
        case .identifier:
            let s = textLowercased(t)
            return s == "min_of" || s == "max_of"
        default: return false
        }
    }

    /// Full duration arithmetic, as inside `[…]`.
    private mutating func parseDurationExpr(context: String) throws(Diagnostic) -> DurationExpr {
        let e = try parseDurationBinary(minPrecedence: 0, context: context)
        if !e.isSimple { requireFeature(.durationExpressions, "a duration expression", e.range) }
        return e
    }

    private func durationOperator(_ k: TokenKind) -> (DurationOperator, Int)? {
        switch k {
        case .add: (.add, 1)
        case .sub: (.sub, 1)
        case .mul: (.mul, 2)
        case .div: (.div, 2)
        case .mod: (.mod, 2)
        case .pow: (.pow, 3)
        default: nil
        }
    }

    private mutating func parseDurationBinary(minPrecedence: Int, context: String) throws(Diagnostic) -> DurationExpr {
        try enter()
        defer { depth -= 1 }
        var lhs = try parseDurationUnary(context: context)
        while let (op, prec) = durationOperator(tok.kind), prec >= minPrecedence {
            advance()
            let rhs = try parseDurationBinary(minPrecedence: op == .pow ? prec : prec + 1, context: context)
            if op == .div || op == .mod, let y = rhs.constantSeconds, y == 0 {
                note(op == .div ? "division by zero" : "modulo by zero", rhs.range)
            }
            lhs = .binary(op, lhs, rhs, range: lhs.range.merged(with: rhs.range))
        }
        return lhs
    }

    private mutating func parseDurationUnary(context: String) throws(Diagnostic) -> DurationExpr {
        if tok.kind == .sub || tok.kind == .add {
            let negative = tok.kind == .sub
            let start = tok.start
            advance()
            try enter()
            defer { depth -= 1 }
            let operand = try parseDurationUnary(context: context)
            if !negative { return operand }
            return .unary(negative: true, operand, range: PositionRange(start: start, end: operand.range.end))
        }
        return try parseDurationPrimary(context: context)
    }

    private mutating func parseDurationPrimary(context: String) throws(Diagnostic) -> DurationExpr {
        let t = tok
        switch t.kind {
        case .number:
            let v = try numberValue(t)
            advance()
            return .literal(seconds: v, isDuration: false, range: t.range)
        case .duration:
            let v = try durationSeconds(t)
            advance()
            return .literal(seconds: v, isDuration: true, range: t.range)
        case .placeholder:
            advance()
            return .placeholder(text(t), range: t.range)
        case .leftParen:
            advance()
            try enter()
            defer { depth -= 1 }
            let inner = try parseDurationBinary(minPrecedence: 0, context: context)
            guard tok.kind == .rightParen else { throw unexpected(context, "\")\"") }
            let end = tok.end
            advance()
            return .paren(inner, range: PositionRange(start: t.start, end: end))
        case .step, .range:
            advance()
            guard tok.kind == .leftParen else { throw unexpected(context, "\"(\"") }
            advance()
            guard tok.kind == .rightParen else { throw unexpected(context, "\")\"") }
            let r = PositionRange(start: t.start, end: tok.end)
            advance()
            return t.kind == .step ? .step(range: r) : .queryRange(range: r)
        case .minOf, .maxOf, .identifier:
            let name = textLowercased(t)
            guard name == "min_of" || name == "max_of" else {
                throw unexpected(context, "number, duration, step(), or range()")
            }
            advance()
            guard tok.kind == .leftParen else { throw unexpected(context, "\"(\"") }
            advance()
            let a = try parseDurationBinary(minPrecedence: 0, context: context)
            guard tok.kind == .comma else { throw unexpected(context, "\",\"") }
            advance()
            let b = try parseDurationBinary(minPrecedence: 0, context: context)
            guard tok.kind == .rightParen else { throw unexpected(context, "\")\"") }
            let r = PositionRange(start: t.start, end: tok.end)
            advance()
            return name == "min_of" ? .minOf(a, b, range: r) : .maxOf(a, b, range: r)
        default:
            throw unexpected(context, "number, duration, step(), or range()")
        }
    }

    /// Range checks on a constant duration: ranges must be positive; nothing may overflow.
    private mutating func checkDuration(_ d: DurationExpr, positive: Bool) {
        guard let v = d.constantSeconds else { return }
        if v.isNaN { return }  // Division by zero, already reported.
        if abs(v) * 1e9 > 9.223372036854775807e18 {
            note("duration out of range", d.range)
            return
        }
        if positive && (v * 1000).rounded(.towardZero) <= 0 {
            note("duration must be greater than 0", d.range)
        }
    }

    // MARK: - Literals

    private func numberValue(_ t: Token) throws(Diagnostic) -> Double {
        let s = text(t)
        if let v = parseGoNumber(s) { return v }
        throw error("error parsing number: strconv.ParseFloat: parsing \(goQuote(s)): value out of range", t.range)
    }

    private func durationSeconds(_ t: Token) throws(Diagnostic) -> Double {
        switch parseDurationLiteral(text(t)) {
        case .success(let ms): return Double(ms) / 1000
        case .failure(let e): throw error(e.message, t.range)
        }
    }

    private func unquote(_ t: Token) throws(Diagnostic) -> String {
        switch unquoteString(input[t.start..<t.end]) {
        case .success(let s): return s
        case .failure(let e): throw error(e.message, t.range)
        }
    }

    // MARK: - Selectors

    private mutating func parseSelector(nameToken: Token?) throws(Diagnostic) -> VectorSelector {
        let start = nameToken?.start ?? tok.start
        var end = nameToken?.end ?? tok.end
        let name = nameToken.map { text($0) }
        var matchers: [LabelMatcher] = []
        if tok.kind == .leftBrace {
            advance()
            while true {
                if tok.kind == .rightBrace {
                    end = tok.end
                    advance()
                    break
                }
                let m = try parseMatcher()
                matchers.append(m)
                if tok.kind == .comma {
                    advance()
                    continue
                }
                if tok.kind == .rightBrace { continue }
                throw unexpected("label matching", "\",\" or \"}\"")
            }
        }
        let range = PositionRange(start: start, end: end)
        if let name {
            if let dup = matchers.first(where: { $0.name == "__name__" }) {
                note("metric name must not be set twice: \(goQuote(name)) or \(goQuote(dup.value))", range)
            }
        }
        return VectorSelector(name: name, matchers: matchers, range: range,
                              nameOutsideBraces: name != nil,
                              nameIsTemplated: nameToken?.kind == .placeholder)
    }

    private mutating func parseMatcher() throws(Diagnostic) -> LabelMatcher {
        let first = tok
        let label: String
        switch tok.kind {
        case .identifier, .placeholder:
            label = text(tok)
            advance()
        case .string:
            let s = try unquote(tok)
            advance()
            if tok.kind == .comma || tok.kind == .rightBrace {
                // A bare quoted string is the metric name: {"http.requests.total"}.
                return LabelMatcher(name: "__name__", op: .equal, value: s, range: first.range)
            }
            label = s
        default:
            throw unexpected("label matching", "identifier or \"}\"")
        }
        let op: MatchOperator
        switch tok.kind {
        case .assign: op = .equal
        case .neq: op = .notEqual
        case .eqlRegex: op = .regexMatch
        case .neqRegex: op = .regexNoMatch
        default: throw unexpected("label matching", "label matching operator")
        }
        advance()
        guard tok.kind == .string else { throw unexpected("label matching", "string") }
        let valueToken = tok
        let value = try unquote(tok)
        advance()
        let range = PositionRange(start: first.start, end: valueToken.end)
        if op.isRegex, !(options.grafana && value.containsTemplateVariable), let message = RegexSupport.validationError(value) {
            note(message, valueToken.range)
        }
        return LabelMatcher(name: label, op: op, value: value, range: range, nameIsTemplated: first.kind == .placeholder)
    }

    // MARK: - Calls and aggregations

    private mutating func parseArguments(context: String) throws(Diagnostic) -> (args: [Expr], end: Int) {
        guard tok.kind == .leftParen else { throw unexpected(context, "\"(\"") }
        advance()
        var args: [Expr] = []
        if tok.kind == .rightParen {
            let end = tok.end
            advance()
            return (args, end)
        }
        while true {
            args.append(try parseExpr(minPrecedence: 0))
            if tok.kind == .comma {
                let comma = tok
                advance()
                if tok.kind == .rightParen {
                    note("trailing commas not allowed in function call args", comma.range)
                    let end = tok.end
                    advance()
                    return (args, end)
                }
                continue
            }
            guard tok.kind == .rightParen else { throw unexpected(context, "\",\" or \")\"") }
            let end = tok.end
            advance()
            return (args, end)
        }
    }

    private mutating func parseCall() throws(Diagnostic) -> Expr {
        let nameToken = tok
        let name = text(nameToken)
        advance()
        try enter()
        defer { depth -= 1 }
        let (args, end) = try parseArguments(context: "function call")
        let range = PositionRange(start: nameToken.start, end: end)
        guard let function = Function.named(name) else {
            throw error("unknown function with name \(goQuote(name))", nameToken.range)
        }
        if function.isExperimental {
            requireFeature(.experimentalFunctions, "function \(goQuote(name))", nameToken.range)
        }
        return .call(Call(function: function, args: args, range: range))
    }

    private mutating func parseAggregation() throws(Diagnostic) -> Expr {
        let opToken = tok
        let op = AggregationOp(rawValue: textLowercased(opToken))!
        advance()
        if op.isExperimental {
            requireFeature(.experimentalFunctions, "aggregation \(goQuote(op.rawValue))", opToken.range)
        }
        try enter()
        defer { depth -= 1 }
        var grouping: [String] = []
        var templated: Set<String> = []
        var without = false
        var hasModifier = false
        if tok.kind == .by || tok.kind == .without {
            without = tok.kind == .without
            advance()
            (grouping, templated) = try parseGroupingLabels()
            hasModifier = true
        }
        let (args, end) = try parseArguments(context: "aggregation")
        var range = PositionRange(start: opToken.start, end: end)
        if !hasModifier, tok.kind == .by || tok.kind == .without {
            without = tok.kind == .without
            advance()
            let labelsStart = tok.start
            (grouping, templated) = try parseGroupingLabels()
            range.end = Swift.max(range.end, labelsStart)
        }
        if args.isEmpty {
            throw error("no arguments for aggregate expression provided", range)
        }
        let desired = op.takesParameter ? 2 : 1
        if args.count != desired {
            throw error("wrong number of arguments for aggregate expression provided, expected \(desired), got \(args.count)", range)
        }
        return .aggregation(Aggregation(
            op: op, param: op.takesParameter ? args[0] : nil, expr: args[desired - 1],
            grouping: grouping, without: without, range: range, templatedLabels: templated))
    }

    /// `( label, "quoted.label", … )` after by/without/on/ignoring/group_left/group_right.
    private mutating func parseGroupingLabels() throws(Diagnostic) -> (names: [String], templated: Set<String>) {
        guard tok.kind == .leftParen else { throw unexpected("grouping opts", "\"(\"") }
        advance()
        var labels: [String] = []
        var templated: Set<String> = []
        while true {
            if tok.kind == .rightParen {
                advance()
                return (labels, templated)
            }
            switch tok.kind {
            case .string:
                labels.append(try unquote(tok))
            case .placeholder where options.grafana:
                labels.append(text(tok))
                templated.insert(text(tok))
            default:
                guard tok.kind.isWord || tok.kind == .metricIdentifier, isLegacyLabelName(text(tok)) else {
                    throw unexpected("grouping opts", "label")
                }
                labels.append(text(tok))
            }
            advance()
            if tok.kind == .comma {
                advance()
                if tok.kind == .comma { throw unexpected("grouping opts", "label") }
                continue
            }
            guard tok.kind == .rightParen else { throw unexpected("grouping opts", "\",\" or \")\"") }
        }
    }
}

extension String {
    /// Contains a Grafana template variable reference.
    var containsTemplateVariable: Bool {
        utf8.contains(UInt8(ascii: "$")) || contains("[[")
    }
}
