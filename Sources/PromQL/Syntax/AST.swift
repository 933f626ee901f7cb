import Foundation

/// A PromQL expression. Every node carries its byte range in the source text.
public indirect enum Expr: Sendable, Hashable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(Subquery)
    case call(Call)
    case aggregation(Aggregation)
    case binary(BinaryExpr)
    case unary(UnaryExpr)
    case paren(ParenExpr)
    /// A Grafana template variable standing for a value (`$threshold`, `$__interval_ms`).
    case placeholder(Placeholder)

    public var range: PositionRange {
        switch self {
        case .number(let n): n.range
        case .string(let s): s.range
        case .vectorSelector(let v): v.range
        case .matrixSelector(let m): m.range
        case .subquery(let s): s.range
        case .call(let c): c.range
        case .aggregation(let a): a.range
        case .binary(let b): b.range
        case .unary(let u): u.range
        case .paren(let p): p.range
        case .placeholder(let p): p.range
        }
    }

    /// The static result type, as Prometheus computes it.
    public var type: ValueType {
        switch self {
        case .number: .scalar
        case .string: .string
        case .vectorSelector: .vector
        case .matrixSelector, .subquery: .matrix
        case .call(let c): c.function.returnType
        case .aggregation: .vector
        case .binary(let b):
            if b.lhs.type == .scalar && b.rhs.type == .scalar { .scalar } else { .vector }
        case .unary(let u): u.expr.type
        case .paren(let p): p.expr.type
        case .placeholder: .placeholder
        }
    }

    /// Direct children, left to right.
    public var children: [Expr] {
        switch self {
        case .number, .string, .vectorSelector, .placeholder: []
        case .matrixSelector(let m): [.vectorSelector(m.selector)]
        case .subquery(let s): [s.expr]
        case .call(let c): c.args
        case .aggregation(let a): (a.param.map { [$0] } ?? []) + [a.expr]
        case .binary(let b): [b.lhs, b.rhs]
        case .unary(let u): [u.expr]
        case .paren(let p): [p.expr]
        }
    }

    /// Visits this node and all descendants, depth first, parents before children.
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        switch self {
        case .number, .string, .vectorSelector, .placeholder: return
        case .matrixSelector(let m): Expr.vectorSelector(m.selector).walk(visit)
        case .subquery(let s): s.expr.walk(visit)
        case .call(let c): for a in c.args { a.walk(visit) }
        case .aggregation(let a):
            a.param?.walk(visit)
            a.expr.walk(visit)
        case .binary(let b):
            b.lhs.walk(visit)
            b.rhs.walk(visit)
        case .unary(let u): u.expr.walk(visit)
        case .paren(let p): p.expr.walk(visit)
        }
    }

    /// Strips parentheses.
    public var unparenthesized: Expr {
        var e = self
        while case .paren(let p) = e { e = p.expr }
        return e
    }
}

public struct NumberLiteral: Sendable, Hashable {
    public var value: Double
    /// Set when the literal was written as a duration (`5m`); printed back that way.
    public var durationMilliseconds: Int64?
    public var range: PositionRange

    public init(value: Double, durationMilliseconds: Int64? = nil, range: PositionRange) {
        self.value = value
        self.durationMilliseconds = durationMilliseconds
        self.range = range
    }

    public static func == (a: NumberLiteral, b: NumberLiteral) -> Bool {
        (a.value == b.value || (a.value.isNaN && b.value.isNaN)) && a.durationMilliseconds == b.durationMilliseconds && a.range == b.range
    }

    public func hash(into h: inout Hasher) {
        h.combine(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
        h.combine(durationMilliseconds)
        h.combine(range)
    }
}

public struct StringLiteral: Sendable, Hashable {
    public var value: String
    public var range: PositionRange
    public init(value: String, range: PositionRange) {
        self.value = value
        self.range = range
    }
}

public struct Placeholder: Sendable, Hashable {
    /// The variable as written (`$__rate_interval`, `${env:regex}`, `[[job]]`).
    public var text: String
    public var range: PositionRange

    public init(text: String, range: PositionRange) {
        self.text = text
        self.range = range
    }

    /// The variable's name without decoration (`__rate_interval`, `env`, `job`).
    public var name: String { Placeholder.variableNames(in: text).first ?? text }

    /// The names of every Grafana variable in a piece of text.
    /// Whether a word with Grafana variables in it, standing alone, is one variable standing for
    /// a value (`$threshold`, `${x}`, `[[x]]`) rather than a metric name (`node_${x}_total`). The
    /// parser reads it so, and the printer writes a selector of such a name with its braces.
    public static func readsAsValue(_ word: String) -> Bool {
        variableNames(in: word).count == 1 && (word.hasPrefix("$") || word.hasPrefix("[["))
            && (word.hasSuffix("}") || word.hasSuffix("]]") || word.utf8.dropFirst().allSatisfy(Lexer.isAlphaNumeric))
    }

    public static func variableNames(in text: String) -> [String] {
        var names: [String] = []
        let b = Array(text.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "$") {
                if i + 1 < b.count, b[i + 1] == UInt8(ascii: "{") {
                    var j = i + 2
                    while j < b.count, b[j] != UInt8(ascii: "}"), b[j] != UInt8(ascii: ":") { j += 1 }
                    if j > i + 2 { names.append(String(decoding: b[(i + 2)..<j], as: UTF8.self)) }
                    while j < b.count, b[j] != UInt8(ascii: "}") { j += 1 }
                    i = j + 1
                    continue
                }
                var j = i + 1
                while j < b.count, Lexer.isAlphaNumeric(b[j]) { j += 1 }
                if j > i + 1 { names.append(String(decoding: b[(i + 1)..<j], as: UTF8.self)) }
                i = j
                continue
            }
            if b[i] == UInt8(ascii: "["), i + 1 < b.count, b[i + 1] == UInt8(ascii: "[") {
                var j = i + 2
                while j < b.count, b[j] != UInt8(ascii: "]"), b[j] != UInt8(ascii: ":") { j += 1 }
                if j > i + 2 { names.append(String(decoding: b[(i + 2)..<j], as: UTF8.self)) }
                while j < b.count, b[j] != UInt8(ascii: "]") { j += 1 }
                i = j + 2
                continue
            }
            i += 1
        }
        return names
    }
}

// MARK: - Selectors

public enum MatchOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case regexMatch = "=~"
    case regexNoMatch = "!~"

    public var isRegex: Bool { self == .regexMatch || self == .regexNoMatch }
}

public struct LabelMatcher: Sendable, Hashable {
    public var name: String
    public var op: MatchOperator
    public var value: String
    public var range: PositionRange

    /// The name was written as a bare Grafana variable (`{$label="x"}`), and prints bare again.
    public var nameIsTemplated: Bool

    public init(name: String, op: MatchOperator, value: String, range: PositionRange = .zero, nameIsTemplated: Bool = false) {
        self.name = name
        self.op = op
        self.value = value
        self.range = range
        self.nameIsTemplated = nameIsTemplated
    }

    /// Whether this matcher matches a series that lacks the label (an empty value).
    public var matchesEmpty: Bool {
        switch op {
        case .equal: value.isEmpty
        case .notEqual: !value.isEmpty
        case .regexMatch: RegexSupport.matchesEmpty(value) ?? false
        case .regexNoMatch: !(RegexSupport.matchesEmpty(value) ?? true)
        }
    }
}

/// `@` modifier value.
public enum AtModifier: Sendable, Hashable {
    /// Unix timestamp in seconds.
    case timestamp(Double)
    case start
    case end
}

/// `anchored` / `smoothed` (experimental extended range selectors).
public enum RangeModifier: String, Sendable, Hashable {
    case anchored
    case smoothed
}

/// Modifiers written after a selector or subquery.
public struct Modifiers: Sendable, Hashable {
    public var offset: DurationExpr?
    public var at: AtModifier?
    public var rangeModifier: RangeModifier?
    /// Order in which `offset` and `@` were written (printed back the same way).
    public var atBeforeOffset = false

    public init(offset: DurationExpr? = nil, at: AtModifier? = nil, rangeModifier: RangeModifier? = nil) {
        self.offset = offset
        self.at = at
        self.rangeModifier = rangeModifier
    }

    public var isEmpty: Bool { offset == nil && at == nil && rangeModifier == nil }
}

public struct VectorSelector: Sendable, Hashable {
    /// The metric name when given (outside or inside the braces), else nil.
    public var name: String?
    /// Matchers other than the metric name, in source order.
    public var matchers: [LabelMatcher]
    public var modifiers: Modifiers
    public var range: PositionRange
    /// The name was written as a bare identifier in front of the braces.
    public var nameOutsideBraces: Bool
    /// The name contains Grafana variables.
    public var nameIsTemplated: Bool

    public init(name: String?, matchers: [LabelMatcher], modifiers: Modifiers = Modifiers(), range: PositionRange = .zero, nameOutsideBraces: Bool = true, nameIsTemplated: Bool = false) {
        self.name = name
        self.matchers = matchers
        self.modifiers = modifiers
        self.range = range
        self.nameOutsideBraces = nameOutsideBraces
        self.nameIsTemplated = nameIsTemplated
    }

    /// All matchers including `__name__="<name>"`.
    public var allMatchers: [LabelMatcher] {
        guard let name else { return matchers }
        return [LabelMatcher(name: "__name__", op: .equal, value: name, range: range)] + matchers
    }

    /// The metric name when it is known exactly (`foo`, `{__name__="foo"}`).
    public var metricName: String? {
        if let name { return name }
        return matchers.first { $0.name == "__name__" && $0.op == .equal }?.value
    }
}

public struct MatrixSelector: Sendable, Hashable {
    public var selector: VectorSelector
    public var rangeDuration: DurationExpr
    public var modifiers: Modifiers
    public var range: PositionRange
}

public struct Subquery: Sendable, Hashable {
    public var expr: Expr
    public var rangeDuration: DurationExpr
    public var step: DurationExpr?
    public var modifiers: Modifiers
    public var range: PositionRange
}

// MARK: - Durations

/// A duration: a literal (`5m`, `300`) or, with `promql-duration-expr`, an arithmetic expression.
public indirect enum DurationExpr: Sendable, Hashable {
    /// A number of seconds; `isDuration` when written with units (`1h30m`).
    case literal(seconds: Double, isDuration: Bool, range: PositionRange)
    case unary(negative: Bool, DurationExpr, range: PositionRange)
    case binary(DurationOperator, DurationExpr, DurationExpr, range: PositionRange)
    case paren(DurationExpr, range: PositionRange)
    /// `step()`, `range()`.
    case step(range: PositionRange)
    case queryRange(range: PositionRange)
    /// `min_of(a, b)`, `max_of(a, b)`.
    case minOf(DurationExpr, DurationExpr, range: PositionRange)
    case maxOf(DurationExpr, DurationExpr, range: PositionRange)
    /// A Grafana variable (`$__rate_interval`).
    case placeholder(String, range: PositionRange)

    public var range: PositionRange {
        switch self {
        case .literal(_, _, let r), .unary(_, _, let r), .binary(_, _, _, let r), .paren(_, let r),
             .step(let r), .queryRange(let r), .minOf(_, _, let r), .maxOf(_, _, let r), .placeholder(_, let r):
            r
        }
    }

    /// True for what plain PromQL allows without `promql-duration-expr`: a literal, or a signed literal.
    public var isSimple: Bool {
        switch self {
        case .literal, .placeholder: true
        case .unary(_, let e, _):
            switch e {
            case .literal, .placeholder: true
            default: false
            }
        default: false
        }
    }

    /// The value in seconds when it does not depend on the query (no `step()`/`range()`/variables).
    public var constantSeconds: Double? {
        switch self {
        case .literal(let s, _, _): s
        case .unary(let neg, let e, _): e.constantSeconds.map { neg ? -$0 : $0 }
        case .paren(let e, _): e.constantSeconds
        case .step, .queryRange, .placeholder: nil
        case .minOf(let a, let b, _):
            if let x = a.constantSeconds, let y = b.constantSeconds { Swift.min(x, y) } else { nil }
        case .maxOf(let a, let b, _):
            if let x = a.constantSeconds, let y = b.constantSeconds { Swift.max(x, y) } else { nil }
        case .binary(let op, let a, let b, _):
            if let x = a.constantSeconds, let y = b.constantSeconds { op.apply(x, y) } else { nil }
        }
    }

    /// Contains a Grafana variable.
    public var containsPlaceholder: Bool {
        switch self {
        case .placeholder: true
        case .literal, .step, .queryRange: false
        case .unary(_, let e, _), .paren(let e, _): e.containsPlaceholder
        case .binary(_, let a, let b, _), .minOf(let a, let b, _), .maxOf(let a, let b, _): a.containsPlaceholder || b.containsPlaceholder
        }
    }
}

public enum DurationOperator: String, Sendable, Hashable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^"

    func apply(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .add: x + y
        case .sub: x - y
        case .mul: x * y
        case .div: x / y
        case .mod: x.truncatingRemainder(dividingBy: y)
        case .pow: Foundation.pow(x, y)
        }
    }
}

// MARK: - Calls, aggregations, operators

public struct Call: Sendable, Hashable {
    public var function: Function
    public var args: [Expr]
    public var range: PositionRange
}

public enum AggregationOp: String, Sendable, Hashable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk
    case countValues = "count_values"
    case quantile, limitk
    case limitRatio = "limit_ratio"

    /// Takes a parameter before the vector (`topk(5, x)`).
    public var takesParameter: Bool {
        switch self {
        case .topk, .bottomk, .countValues, .quantile, .limitk, .limitRatio: true
        default: false
        }
    }

    public var isExperimental: Bool { self == .limitk || self == .limitRatio }
}

public struct Aggregation: Sendable, Hashable {
    public var op: AggregationOp
    public var param: Expr?
    public var expr: Expr
    /// Labels of `by (…)` or `without (…)`.
    public var grouping: [String]
    public var without: Bool
    public var range: PositionRange
    /// Grouping labels written as bare Grafana variables (`by ($var)`), printed bare again;
    /// any other label that is not a plain name is printed quoted.
    public var templatedLabels: Set<String> = []
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case eql = "==", neq = "!=", lte = "<=", lss = "<", gte = ">=", gtr = ">"
    case trimUpper = ">/", trimLower = "</"
    case and, or, unless

    public var isComparison: Bool {
        switch self {
        case .eql, .neq, .lte, .lss, .gte, .gtr: true
        default: false
        }
    }

    public var isSetOperator: Bool { self == .and || self == .or || self == .unless }

    /// Binding strength, higher binds tighter.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and, .unless: 2
        case .eql, .neq, .lte, .lss, .gte, .gtr, .trimUpper, .trimLower: 3
        case .add, .sub: 4
        case .mul, .div, .mod, .atan2: 5
        case .pow: 6
        }
    }

    public var isRightAssociative: Bool { self == .pow }
}

public enum Cardinality: String, Sendable, Hashable {
    case oneToOne = "one-to-one"
    case manyToOne = "many-to-one"
    case oneToMany = "one-to-many"
    case manyToMany = "many-to-many"
}

public struct VectorMatching: Sendable, Hashable {
    public var cardinality: Cardinality
    /// `on` (true) or `ignoring` (false).
    public var on: Bool
    public var labels: [String]
    /// Labels of `group_left (…)` / `group_right (…)`.
    public var include: [String]
    /// Labels of either list written as bare Grafana variables (`on ($var)`).
    public var templatedLabels: Set<String>

    public init(cardinality: Cardinality = .oneToOne, on: Bool = false, labels: [String] = [], include: [String] = [], templatedLabels: Set<String> = []) {
        self.cardinality = cardinality
        self.on = on
        self.labels = labels
        self.include = include
        self.templatedLabels = templatedLabels
    }
}

/// `fill(v)`, `fill_left(v)`, `fill_right(v)` (experimental): values used for missing matches.
public struct FillModifier: Sendable, Hashable {
    public var left: Double?
    public var right: Double?

    public static func == (a: FillModifier, b: FillModifier) -> Bool {
        func eq(_ x: Double?, _ y: Double?) -> Bool {
            switch (x, y) {
            case (nil, nil): true
            case (let x?, let y?): x == y || (x.isNaN && y.isNaN)
            default: false
            }
        }
        return eq(a.left, b.left) && eq(a.right, b.right)
    }

    public func hash(into h: inout Hasher) {
        h.combine(left?.bitPattern)
        h.combine(right?.bitPattern)
    }
}

public struct BinaryExpr: Sendable, Hashable {
    public var op: BinaryOperator
    public var lhs: Expr
    public var rhs: Expr
    public var returnBool: Bool
    /// `on`/`ignoring`/`group_*` as written; nil when none was given.
    public var matching: VectorMatching?
    public var fill: FillModifier?
    public var range: PositionRange
    /// Range of the operator and its modifiers (for diagnostics).
    public var operatorRange: PositionRange
}

public struct UnaryExpr: Sendable, Hashable {
    public var negative: Bool
    public var expr: Expr
    public var range: PositionRange
}

public struct ParenExpr: Sendable, Hashable {
    public var expr: Expr
    public var range: PositionRange
}

