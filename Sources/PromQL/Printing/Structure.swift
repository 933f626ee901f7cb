extension Expr {
    /// A position-free dump of the tree (an S-expression). Two expressions with the same
    /// structure mean the same query, whatever their spacing or spelling; used to check that
    /// printing and re-parsing keeps an expression intact.
    public var structure: String {
        var out = ""
        dump(self, &out)
        return out
    }

    /// Equality that ignores source positions.
    public func isStructurallyEqual(to other: Expr) -> Bool { structure == other.structure }
}

private func num(_ v: Double) -> String {
    v.isNaN ? "NaN" : (v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)")
}

private func dump(_ e: Expr, _ o: inout String) {
    switch e {
    case .number(let n): o += "(num \(num(n.value)))"
    case .string(let s): o += "(str \(goQuote(s.value)))"
    case .placeholder(let p): o += "(var \(p.text))"
    case .vectorSelector(let vs):
        o += "(sel "
        dumpSelector(vs, &o)
        dumpModifiers(vs.modifiers, &o)
        o += ")"
    case .matrixSelector(let ms):
        o += "(matrix "
        dumpSelector(ms.selector, &o)
        o += " "
        dumpDuration(ms.rangeDuration, &o)
        dumpModifiers(ms.modifiers, &o)
        o += ")"
    case .subquery(let sq):
        o += "(subquery "
        dump(sq.expr, &o)
        o += " "
        dumpDuration(sq.rangeDuration, &o)
        o += " "
        if let s = sq.step { dumpDuration(s, &o) } else { o += "default" }
        dumpModifiers(sq.modifiers, &o)
        o += ")"
    case .call(let c):
        o += "(call \(c.function.name)"
        for a in c.args {
            o += " "
            dump(a, &o)
        }
        o += ")"
    case .aggregation(let a):
        o += "(agg \(a.op.rawValue) \(a.without ? "without" : "by") [\(a.grouping.joined(separator: ","))]"
        if let p = a.param {
            o += " "
            dump(p, &o)
        }
        o += " "
        dump(a.expr, &o)
        o += ")"
    case .binary(let b):
        o += "(\(b.op.rawValue)\(b.returnBool ? " bool" : "")"
        if let m = b.matching {
            o += " \(m.on ? "on" : "ignoring")[\(m.labels.joined(separator: ","))] \(m.cardinality.rawValue)[\(m.include.joined(separator: ","))]"
        }
        if let f = b.fill {
            o += " fill[\(f.left.map(num) ?? "-"),\(f.right.map(num) ?? "-")]"
        }
        o += " "
        dump(b.lhs, &o)
        o += " "
        dump(b.rhs, &o)
        o += ")"
    case .unary(let u):
        o += "(\(u.negative ? "neg" : "pos") "
        dump(u.expr, &o)
        o += ")"
    case .paren(let p):
        o += "(paren "
        dump(p.expr, &o)
        o += ")"
    }
}

private func dumpSelector(_ vs: VectorSelector, _ o: inout String) {
    o += vs.name ?? "_"
    let ms = vs.matchers.map { "\($0.name)\($0.op.rawValue)\(goQuote($0.value))" }.sorted()
    o += "{" + ms.joined(separator: ",") + "}"
}

private func dumpModifiers(_ m: Modifiers, _ o: inout String) {
    if let r = m.rangeModifier { o += " \(r.rawValue)" }
    if let at = m.at {
        switch at {
        case .start: o += " @start"
        case .end: o += " @end"
        case .timestamp(let t): o += " @\(Printer.formatTimestamp(t))"
        }
    }
    if let off = m.offset {
        o += " offset "
        dumpDuration(off, &o)
    }
}

private func dumpDuration(_ d: DurationExpr, _ o: inout String) {
    // A plain literal is its value in milliseconds, however it was spelled.
    if let v = d.constantSeconds, d.isSimple {
        o += "\(num((v * 1000).rounded(.towardZero)))ms"
        return
    }
    switch d {
    case .literal(let s, _, _): o += "\(num(s * 1000))ms"
    case .unary(let n, let e, _):
        o += n ? "(neg " : "(pos "
        dumpDuration(e, &o)
        o += ")"
    case .binary(let op, let a, let b, _):
        o += "(\(op.rawValue) "
        dumpDuration(a, &o)
        o += " "
        dumpDuration(b, &o)
        o += ")"
    case .paren(let e, _):
        o += "(paren "
        dumpDuration(e, &o)
        o += ")"
    case .step: o += "step()"
    case .queryRange: o += "range()"
    case .minOf(let a, let b, _), .maxOf(let a, let b, _):
        if case .minOf = d { o += "(min_of " } else { o += "(max_of " }
        dumpDuration(a, &o)
        o += " "
        dumpDuration(b, &o)
        o += ")"
    case .placeholder(let t, _): o += t
    }
}
