/// The kinds of token the PromQL lexer produces.
public enum TokenKind: UInt8, Sendable, Hashable {
    case eof
    case error
    case identifier
    case metricIdentifier
    case number
    case duration
    case string
    /// A Grafana template variable (`$var`, `${var}`, `${var:fmt}`, `[[var]]`), Grafana mode only.
    case placeholder

    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, assign

    // Operators.
    case add, sub, mul, div, mod, pow
    case eqlc, neq, lte, lss, gte, gtr
    case eqlRegex, neqRegex
    case trimUpper, trimLower
    case at
    case land, lor, lunless, atan2

    // Aggregators.
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, countValues, quantile, limitk, limitRatio

    // Keywords.
    case offset, smoothed, anchored, by, without, on, ignoring, groupLeft, groupRight
    case fill, fillLeft, fillRight, bool
    case start, end, step, range
    /// `min_of` / `max_of`, only inside duration expressions.
    case minOf, maxOf

    var isAggregator: Bool {
        switch self {
        case .sum, .avg, .count, .min, .max, .group, .stddev, .stdvar, .topk, .bottomk, .countValues, .quantile, .limitk, .limitRatio: true
        default: false
        }
    }

    var isKeyword: Bool {
        switch self {
        case .offset, .smoothed, .anchored, .by, .without, .on, .ignoring, .groupLeft, .groupRight,
             .fill, .fillLeft, .fillRight, .bool, .start, .end, .step, .range, .minOf, .maxOf: true
        default: false
        }
    }

    var isOperator: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow, .eqlc, .neq, .lte, .lss, .gte, .gtr, .eqlRegex, .neqRegex,
             .trimUpper, .trimLower, .at, .land, .lor, .lunless, .atan2: true
        default: false
        }
    }

    /// Words that may stand for a metric or label name where Prometheus' grammar allows
    /// keywords there (`offset{step="1s"}`, `sum by (smoothed) (x)`).
    var isWord: Bool {
        self == .identifier || isAggregator || isKeyword || self == .land || self == .lor || self == .lunless || self == .atan2
    }

    /// The fixed spelling of punctuation, operators and keywords.
    var spelling: String? {
        switch self {
        case .leftParen: "("
        case .rightParen: ")"
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .leftBracket: "["
        case .rightBracket: "]"
        case .comma: ","
        case .colon: ":"
        case .assign: "="
        case .add: "+"
        case .sub: "-"
        case .mul: "*"
        case .div: "/"
        case .mod: "%"
        case .pow: "^"
        case .eqlc: "=="
        case .neq: "!="
        case .lte: "<="
        case .lss: "<"
        case .gte: ">="
        case .gtr: ">"
        case .eqlRegex: "=~"
        case .neqRegex: "!~"
        case .trimUpper: ">/"
        case .trimLower: "</"
        case .at: "@"
        case .land: "and"
        case .lor: "or"
        case .lunless: "unless"
        case .atan2: "atan2"
        case .sum: "sum"
        case .avg: "avg"
        case .count: "count"
        case .min: "min"
        case .max: "max"
        case .group: "group"
        case .stddev: "stddev"
        case .stdvar: "stdvar"
        case .topk: "topk"
        case .bottomk: "bottomk"
        case .countValues: "count_values"
        case .quantile: "quantile"
        case .limitk: "limitk"
        case .limitRatio: "limit_ratio"
        case .offset: "offset"
        case .smoothed: "smoothed"
        case .anchored: "anchored"
        case .by: "by"
        case .without: "without"
        case .on: "on"
        case .ignoring: "ignoring"
        case .groupLeft: "group_left"
        case .groupRight: "group_right"
        case .fill: "fill"
        case .fillLeft: "fill_left"
        case .fillRight: "fill_right"
        case .bool: "bool"
        case .start: "start"
        case .end: "end"
        case .step: "step"
        case .range: "range"
        case .minOf: "min_of"
        case .maxOf: "max_of"
        default: nil
        }
    }

    /// Keyword table (lower-case spelling → kind), as Prometheus' lexer `key` map.
    /// Up to 16 ASCII bytes packed into two integers.
    struct KeywordKey: Hashable {
        var a: UInt64 = 0
        var b: UInt64 = 0
        mutating func append(_ byte: UInt8, at i: Int) {
            if i < 8 { a |= UInt64(byte) << (8 * UInt64(i)) } else { b |= UInt64(byte) << (8 * UInt64(i - 8)) }
        }
        init() {}
        init(_ s: String) {
            for (i, byte) in s.utf8.enumerated() { append(byte, at: i) }
        }
    }

    static let keywordsByKey: [KeywordKey: TokenKind] = {
        var map: [KeywordKey: TokenKind] = [:]
        for (k, v) in keywords { map[KeywordKey(k)] = v }
        return map
    }()

    static let keywords: [String: TokenKind] = {
        var map: [String: TokenKind] = [:]
        let all: [TokenKind] = [
            .land, .lor, .lunless, .atan2,
            .sum, .avg, .count, .min, .max, .group, .stddev, .stdvar, .topk, .bottomk, .countValues, .quantile, .limitk, .limitRatio,
            .offset, .smoothed, .anchored, .by, .without, .on, .ignoring, .groupLeft, .groupRight,
            .fill, .fillLeft, .fillRight, .bool, .start, .end, .step, .range,
        ]
        for k in all { map[k.spelling!] = k }
        return map
    }()
}

/// A token: its kind and byte range in the input. Text is read from the input on demand.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var start: Int
    public var end: Int

    public var range: PositionRange { PositionRange(start: start, end: end) }
}
