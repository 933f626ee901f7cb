/// Static facts about PromQL expressions that several checks share.
public enum Analysis {
    /// Every vector selector, with whether it sits inside a range (matrix) selector.
    public static func selectors(_ e: Expr) -> [(selector: VectorSelector, inRange: Bool)] {
        var out: [(selector: VectorSelector, inRange: Bool)] = []
        func visit(_ e: Expr) {
            switch e {
            case .vectorSelector(let v): out.append((v, false))
            case .matrixSelector(let m): out.append((m.selector, true))
            case .number, .string, .placeholder: return
            case .subquery(let s): visit(s.expr)
            case .call(let c): for a in c.args { visit(a) }
            case .aggregation(let a):
                if let p = a.param { visit(p) }
                visit(a.expr)
            case .binary(let b):
                visit(b.lhs)
                visit(b.rhs)
            case .unary(let u): visit(u.expr)
            case .paren(let p): visit(p.expr)
            }
        }
        visit(e)
        return out
    }

    /// Every function call.
    public static func calls(_ e: Expr) -> [Call] {
        var out: [Call] = []
        e.walk { if case .call(let c) = $0 { out.append(c) } }
        return out
    }

    /// What labels an expression's result can carry.
    public enum LabelSet: Sendable, Equatable {
        /// Exactly these labels (after `by`, or of a scalar: none).
        case exactly(Set<String>)
        /// At most the labels of the input minus these (after `without`).
        case without(Set<String>)
        /// Unknown: whatever the series carry.
        case unknown

        public func canHave(_ label: String) -> Bool {
            switch self {
            case .exactly(let s): s.contains(label)
            case .without(let s): !s.contains(label)
            case .unknown: true
            }
        }
    }

    /// Infers the labels a result keeps through aggregations and joins.
    public static func labels(_ e: Expr) -> LabelSet {
        switch e {
        case .number, .string: return .exactly([])
        case .placeholder: return .unknown
        case .paren(let p): return labels(p.expr)
        case .unary(let u): return labels(u.expr)
        case .vectorSelector, .matrixSelector, .subquery: return .unknown
        case .aggregation(let a):
            if a.op == .countValues, case .string(let s) = a.param {
                if a.without { return .unknown }
                return .exactly(Set(a.grouping + [s.value]))
            }
            if a.op == .topk || a.op == .bottomk || a.op == .limitk || a.op == .limitRatio { return labels(a.expr) }
            if a.without {
                switch labels(a.expr) {
                case .exactly(let s): return .exactly(s.subtracting(a.grouping))
                case .without(let s): return .without(s.union(a.grouping))
                case .unknown: return .without(Set(a.grouping))
                }
            }
            return .exactly(Set(a.grouping))
        case .call(let c):
            switch c.function.name {
            case "label_replace":
                if c.args.count > 1, case .string(let dst) = c.args[1] {
                    if case .exactly(let s) = labels(c.args[0]) { return .exactly(s.union([dst.value])) }
                }
                return .unknown
            case "label_join":
                if c.args.count > 1, case .string(let dst) = c.args[1], case .exactly(let s) = labels(c.args[0]) { return .exactly(s.union([dst.value])) }
                return .unknown
            case "vector", "time", "scalar", "pi": return .exactly([])
            case "absent", "absent_over_time": return .unknown
            default:
                if let first = c.args.first(where: { $0.type == .vector || $0.type == .matrix }) { return labels(first) }
                return .unknown
            }
        case .binary(let b):
            let lt = b.lhs.type, rt = b.rhs.type
            if lt == .scalar && rt == .scalar { return .exactly([]) }
            if lt == .scalar { return labels(b.rhs) }
            if rt == .scalar { return labels(b.lhs) }
            if b.op.isSetOperator {
                if b.op == .or {
                    if case .exactly(let x) = labels(b.lhs), case .exactly(let y) = labels(b.rhs) { return .exactly(x.union(y)) }
                    return .unknown
                }
                return labels(b.lhs)
            }
            let m = b.matching
            let side = m?.cardinality == .oneToMany ? labels(b.rhs) : labels(b.lhs)
            if let m, m.cardinality == .manyToOne || m.cardinality == .oneToMany {
                if case .exactly(let s) = side { return .exactly(s.union(m.include)) }
                return side
            }
            if let m, m.on, !b.returnBool || b.op.isComparison {
                // One-to-one with on(): the result keeps the left side's labels.
                return side
            }
            return side
        }
    }

    /// The metric name a selector reads, when fixed.
    public static func metricName(_ v: VectorSelector) -> String? { v.metricName }

    /// Whether an expression is (or wraps) a comparison with a literal: `x > 5`.
    public static func comparisons(_ e: Expr) -> [BinaryExpr] {
        var out: [BinaryExpr] = []
        e.walk { if case .binary(let b) = $0, b.op.isComparison { out.append(b) } }
        return out
    }

    /// Whether an expression returns only the series that meet a condition, so an alert on it
    /// does not fire for every series it reads. A condition is a comparison without `bool`
    /// (it drops the series that fail), `absent()`/`absent_over_time()`, or `and`/`unless`;
    /// it holds wherever it stands:
    /// - through functions and subqueries that keep series (`timestamp(x > 1)`,
    ///   `max_over_time((x > 1)[1h:])`), and through every aggregation (`count(x < 50)` is
    ///   empty when nothing is below 50; `topk(1, x >= 0)` is filtered by its argument);
    /// - through arithmetic and `bool` comparisons between vectors, which keep only the series
    ///   matched on both sides: either side's condition filters the result
    ///   (`(up == 0) * on (instance) group_left (boot > 600)`, `(x > 1) > bool 1`), unless
    ///   `fill` gives that side's missing series a value;
    /// - through `or` only when both sides have one.
    /// Functions that make a series out of nothing (`vector()`, `time()`) or a scalar of a
    /// vector (`scalar()`) drop it.
    public static func hasCondition(_ e: Expr) -> Bool {
        switch e {
        case .paren(let p): return hasCondition(p.expr)
        case .unary(let u): return hasCondition(u.expr)
        case .number, .string, .placeholder, .vectorSelector, .matrixSelector: return false
        case .subquery(let s): return hasCondition(s.expr)
        case .aggregation(let a): return hasCondition(a.expr)
        case .call(let c):
            if c.function.name == "absent" || c.function.name == "absent_over_time" { return true }
            guard c.function.returnType == .vector || c.function.returnType == .matrix else { return false }
            return c.args.contains { ($0.type == .vector || $0.type == .matrix) && hasCondition($0) }
        case .binary(let b):
            let lhsVector = b.lhs.type == .vector, rhsVector = b.rhs.type == .vector
            if b.op.isComparison && !b.returnBool && (lhsVector || rhsVector) { return true }
            switch b.op {
            case .and, .unless: return true
            case .or: return hasCondition(b.lhs) && hasCondition(b.rhs)
            default:
                let lhs = lhsVector && b.fill?.left == nil && hasCondition(b.lhs)
                let rhs = rhsVector && b.fill?.right == nil && hasCondition(b.rhs)
                return lhs || rhs
            }
        }
    }

    /// Levenshtein distance over UTF-8 bytes, for did-you-mean hints (metric and label names
    /// are ASCII in practice). Gives up early, returning a value above `limit`, once every
    /// alignment costs more than `limit`.
    public static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in distance(x, y, limit: limit) } }
    }

    /// Levenshtein distance of two byte strings; stops (returning a value above `limit`) as soon
    /// as every entry of a row exceeds it. Two rows on the stack for short strings, no copies.
    static func distance(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        let width = y.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { rows in
            var prev = rows.baseAddress!, cur = prev + width
            for j in 0..<width { prev[j] = j }
            for i in 1...x.count {
                cur[0] = i
                var rowMin = i
                let xi = x[i - 1]
                for j in 1...y.count {
                    let v = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (xi == y[j - 1] ? 0 : 1))
                    cur[j] = v
                    if v < rowMin { rowMin = v }
                }
                if rowMin > limit { return rowMin }
                swap(&prev, &cur)
            }
            return prev[y.count]
        }
    }

    /// Candidate names for "did you mean" hints, grouped by length, with each name's answer kept:
    /// a large input asks about the same few names many times, over many candidates.
    public final class NameIndex {
        let byLength: [Int: [(order: Int, name: String)]]
        var answers: [String: String?] = [:]
        /// At most this many edits apart (besides `closest`'s own bound of a third of the name).
        let maxDistance: Int

        public init(_ candidates: [String], maxDistance: Int = .max) {
            var groups: [Int: [(order: Int, name: String)]] = [:]
            for (i, c) in candidates.enumerated() { groups[c.utf8.count, default: []].append((i, c)) }
            byLength = groups
            self.maxDistance = maxDistance
        }

        /// The same answer as `Analysis.closest(name, in: candidates)`.
        public func closest(_ name: String) -> String? {
            if let known = answers[name] { return known }
            let n = name.utf8.count
            let limit = min(max(2, n / 3), maxDistance)
            var best: (order: Int, name: String, d: Int)?
            var key = name
            key.withUTF8 { x in
                for length in max(0, n - limit)...(n + limit) {
                    for var c in byLength[length] ?? [] {
                        let d = c.name.withUTF8 { y in Analysis.distance(x, y, limit: min(limit, best?.d ?? limit)) }
                        // The earliest candidate of the smallest distance, as a scan in order finds it.
                        if d <= limit, best == nil || d < best!.d || (d == best!.d && c.order < best!.order) { best = (c.order, c.name, d) }
                    }
                }
            }
            answers[name] = .some(best?.name)
            return best?.name
        }
    }

    public static func closest(_ name: String, in candidates: [String]) -> String? {
        let n = name.utf8.count
        let limit = max(2, n / 3)
        var best: (String, Int)?
        for c in candidates where abs(c.utf8.count - n) <= limit {
            let d = distance(name, c, limit: min(limit, best.map { $0.1 } ?? limit))
            if d <= limit, d < (best?.1 ?? .max) { best = (c, d) }
        }
        return best?.0
    }
}
