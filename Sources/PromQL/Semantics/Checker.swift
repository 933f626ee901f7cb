/// Type checking as Prometheus' `checkAST` does it: argument types and counts, operator
/// operand types, vector matching rules, non-empty selectors. Messages follow Prometheus'.
struct Checker {
    let options: ParseOptions
    var diagnostics: [Diagnostic] = []

    init(options: ParseOptions) {
        self.options = options
    }

    private mutating func fail(_ message: String, _ range: PositionRange) {
        diagnostics.append(Diagnostic(severity: .error, id: "promql/syntax", message: message, range: range))
    }

    /// `expected type X in <context>, got Y`.
    private mutating func expect(_ e: Expr, _ want: ValueType, _ context: @autoclosure () -> String) {
        let got = e.type
        if got == .placeholder || got == want { return }
        fail("expected type \(want.documentedName) in \(context()), got \(got.documentedName)", e.range)
    }

    mutating func check(_ e: Expr) {
        check(e, allowEmptySelector: false)
    }

    private mutating func check(_ e: Expr, allowEmptySelector: Bool) {
        switch e {
        case .number, .string, .placeholder:
            return
        case .vectorSelector(let vs):
            checkSelector(vs, allowEmpty: allowEmptySelector)
        case .matrixSelector(let ms):
            checkSelector(ms.selector, allowEmpty: false)
        case .subquery(let sq):
            check(sq.expr)
            let t = sq.expr.type
            if t != .vector && t != .placeholder {
                fail("subquery is only allowed on instant vector, got \(t == .matrix ? "matrix" : t.rawValue) instead", sq.range)
            }
        case .paren(let p):
            check(p.expr)
        case .unary(let u):
            check(u.expr)
            let t = u.expr.type
            if t != .scalar && t != .vector && t != .placeholder {
                fail("unary expression only allowed on expressions of type scalar or instant vector, got \(goQuote(t.documentedName))", u.range)
            }
        case .aggregation(let a):
            if let p = a.param { check(p) }
            check(a.expr)
            expect(a.expr, .vector, "aggregation expression")
            switch a.op {
            case .topk, .bottomk, .quantile, .limitk, .limitRatio:
                if let p = a.param { expect(p, .scalar, "aggregation parameter") }
            case .countValues:
                if let p = a.param { expect(p, .string, "aggregation parameter") }
            default: break
            }
        case .call(let c):
            checkCall(c)
        case .binary(let b):
            checkBinary(b)
        }
    }

    private mutating func checkSelector(_ vs: VectorSelector, allowEmpty: Bool) {
        if allowEmpty || vs.nameIsTemplated { return }
        if vs.name != nil && !(vs.name!.isEmpty) { return }
        if options.grafana, vs.matchers.contains(where: { $0.value.containsTemplateVariable || $0.name.containsTemplateVariable }) { return }
        if vs.allMatchers.allSatisfy({ $0.matchesEmpty }) {
            fail("vector selector must contain at least one non-empty matcher", vs.range)
        }
    }

    private mutating func checkCall(_ c: Call) {
        let f = c.function
        let n = c.args.count
        switch f.arity {
        case .fixed:
            if n != f.argumentTypes.count {
                fail("expected \(f.argumentTypes.count) argument(s) in call to \(goQuote(f.name)), got \(n)", c.range)
            }
        default:
            if n < f.minimumArguments {
                fail("expected at least \(f.minimumArguments) argument(s) in call to \(goQuote(f.name)), got \(n)", c.range)
            } else if let maxArgs = f.maximumArguments, n > maxArgs {
                fail("expected at most \(maxArgs) argument(s) in call to \(goQuote(f.name)), got \(n)", c.range)
            }
        }
        if f.name == "info", c.args.count > 1 {
            // The second argument selects info metrics by their labels: only a label selector.
            let second = c.args[1]
            switch second {
            case .vectorSelector(let vs):
                if vs.name != nil {
                    fail("expected label selectors only, got vector selector instead", second.range)
                }
            case .placeholder:
                break
            default:
                fail("expected label selectors only", second.range)
            }
        }
        for (i, arg) in c.args.enumerated() {
            let allowEmpty = f.name == "info" && i == 1
            check(arg, allowEmptySelector: allowEmpty)
            guard let want = f.argumentType(at: i) else { break }
            expect(arg, want, "call to function \(goQuote(f.name))")
        }
    }

    private mutating func checkBinary(_ b: BinaryExpr) {
        check(b.lhs)
        check(b.rhs)
        let lt = b.lhs.type
        let rt = b.rhs.type
        let opRange = b.operatorRange
        if lt == .placeholder || rt == .placeholder { return }
        if b.returnBool && !b.op.isComparison {
            fail("bool modifier can only be used on comparison operators", opRange)
        }
        if b.op.isComparison && !b.returnBool && lt == .scalar && rt == .scalar {
            fail("comparisons between scalars must use BOOL modifier", opRange)
        }
        if let m = b.matching, m.on {
            for l in m.labels where m.include.contains(l) {
                fail("label \(goQuote(l)) must not occur in ON and GROUP clause at once", opRange)
            }
        }
        if lt != .scalar && lt != .vector {
            fail("binary expression must contain only scalar and instant vector types", b.lhs.range)
        }
        if rt != .scalar && rt != .vector {
            fail("binary expression must contain only scalar and instant vector types", b.rhs.range)
        }
        if lt != .vector || rt != .vector {
            if let m = b.matching, !m.labels.isEmpty {
                fail("vector matching only allowed between instant vectors", b.range)
            }
            if b.fill != nil, lt == .vector || rt == .vector {
                fail("fill modifiers are only allowed between instant vectors", opRange)
            }
        } else if b.op.isSetOperator {
            let card = b.matching?.cardinality ?? .oneToOne
            if card == .oneToMany || card == .manyToOne {
                fail("no grouping allowed for \(goQuote(b.op.rawValue)) operation", b.range)
                fail("set operations must always be many-to-many", b.range)
            }
            if b.fill != nil {
                fail("fill modifiers are not allowed for set operator \(goQuote(b.op.rawValue))", opRange)
            }
        }
        if (lt == .scalar || rt == .scalar) && b.op.isSetOperator {
            fail("set operator \(goQuote(b.op.rawValue)) not allowed in binary scalar expression", b.range)
        }
    }
}
