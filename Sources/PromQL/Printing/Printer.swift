extension Expr: CustomStringConvertible {
    /// The canonical one-line form (Prometheus' `String()`): re-parses to an equal expression.
    public var description: String {
        var out = ""
        Printer.write(self, to: &out)
        return out
    }

    /// The multi-line form in the spirit of `promtool promql format`: an expression longer
    /// than `maxLineLength` is split at its operators and arguments, two spaces per level.
    public func pretty(maxLineLength: Int = 100) -> String {
        Prettier(maxLineLength: maxLineLength).pretty(self, level: 0)
    }
}

extension DurationExpr: CustomStringConvertible {
    public var description: String {
        var out = ""
        Printer.writeDuration(self, to: &out)
        return out
    }
}

enum Printer {
    static func write(_ e: Expr, to out: inout String) {
        switch e {
        case .number(let n):
            if let ms = n.durationMilliseconds {
                out += formatDuration(milliseconds: ms)
            } else {
                out += formatNumber(n.value)
            }
        case .string(let s):
            out += goQuote(s.value)
        case .placeholder(let p):
            out += p.text
        case .vectorSelector(let vs):
            writeSelector(vs, to: &out)
            writeModifiers(vs.modifiers, to: &out)
        case .matrixSelector(let ms):
            writeSelector(ms.selector, to: &out)
            out += "["
            writeRange(ms.rangeDuration, to: &out)
            out += "]"
            writeModifiers(ms.modifiers, to: &out)
        case .subquery(let sq):
            write(sq.expr, to: &out)
            writeSubquerySuffix(sq, to: &out)
        case .call(let c):
            out += c.function.name
            out += "("
            for (i, a) in c.args.enumerated() {
                if i > 0 { out += ", " }
                write(a, to: &out)
            }
            out += ")"
        case .aggregation(let a):
            out += aggregationPrefix(a)
            out += "("
            if let p = a.param {
                write(p, to: &out)
                out += ", "
            }
            write(a.expr, to: &out)
            out += ")"
        case .binary(let b):
            if isUnsignedBase(b) { out += "Inf" } else { write(b.lhs, to: &out) }
            out += " "
            out += binaryOperatorText(b)
            out += " "
            write(b.rhs, to: &out)
        case .unary(let u):
            out += u.negative ? "-" : "+"
            write(u.expr, to: &out)
        case .paren(let p):
            out += "("
            write(p.expr, to: &out)
            out += ")"
        }
    }

    /// `+Inf ^ x` would read back as `+(Inf ^ x)`: a unary sign binds looser than `^`. Positive
    /// infinity as the base of a power is written `Inf`, which reads back as the same number.
    static func isUnsignedBase(_ b: BinaryExpr) -> Bool {
        guard b.op == .pow, case .number(let n) = b.lhs, n.durationMilliseconds == nil else { return false }
        return n.value == .infinity
    }

    static func writeSubquerySuffix(_ sq: Subquery, to out: inout String) {
        out += "["
        writeRange(sq.rangeDuration, to: &out)
        out += ":"
        if let s = sq.step { writeRange(s, to: &out) }
        out += "]"
        writeModifiers(sq.modifiers, to: &out)
    }

    /// `sum by (a, b) ` / `sum without () ` / `sum`.
    static func aggregationPrefix(_ a: Aggregation) -> String {
        var s = a.op.rawValue
        if a.without {
            s += " without (" + labelList(a.grouping, templated: a.templatedLabels) + ") "
        } else if !a.grouping.isEmpty {
            s += " by (" + labelList(a.grouping, templated: a.templatedLabels) + ") "
        }
        return s
    }

    /// Labels as written: plain names and bare Grafana variables as they are, others quoted
    /// (a quoted `"$x"` is a label named `$x` outside Grafana, and stays quoted).
    static func labelList(_ labels: [String], templated: Set<String> = []) -> String {
        labels.map { isLegacyLabelName($0) || templated.contains($0) ? $0 : goQuote($0) }.joined(separator: ", ")
    }

    /// The operator with `bool`, matching and fill modifiers: `+ on (a) group_left (b) fill (0)`.
    static func binaryOperatorText(_ b: BinaryExpr) -> String {
        var s = b.op.rawValue
        if b.returnBool { s += " bool" }
        if let m = b.matching, m.on || !m.labels.isEmpty || m.cardinality == .manyToOne || m.cardinality == .oneToMany {
            s += (m.on ? " on (" : " ignoring (") + labelList(m.labels, templated: m.templatedLabels) + ")"
            if m.cardinality == .manyToOne { s += " group_left (" + labelList(m.include, templated: m.templatedLabels) + ")" }
            if m.cardinality == .oneToMany { s += " group_right (" + labelList(m.include, templated: m.templatedLabels) + ")" }
        }
        if let f = b.fill {
            if let l = f.left, let r = f.right, l == r || (l.isNaN && r.isNaN) {
                s += " fill (" + formatNumber(l) + ")"
            } else {
                if let l = f.left { s += " fill_left (" + formatNumber(l) + ")" }
                if let r = f.right { s += " fill_right (" + formatNumber(r) + ")" }
            }
        }
        return s
    }

    static func writeSelector(_ vs: VectorSelector, to out: inout String) {
        if let name = vs.name { out += name }
        var parts: [String] = []
        parts.reserveCapacity(vs.matchers.count)
        for m in vs.matchers {
            parts.append(matcherText(m))
        }
        if parts.isEmpty {
            // Braces are the whole selector when there is no name: `info(x, {})` selects every
            // info metric, and printing nothing there would not parse. A name that is one Grafana
            // variable (`$metric{}`, `$a::${b}{}`) stays a selector with them; alone, the word
            // reads back as a value (`node_${x}_total` does not need them).
            if vs.name == nil || vs.name!.isEmpty || (vs.nameIsTemplated && Placeholder.readsAsValue(vs.name!)) {
                out += "{}"
            }
        } else {
            parts.sort()
            out += "{"
            out += parts.joined(separator: ",")
            out += "}"
        }
    }

    static func matcherText(_ m: LabelMatcher) -> String {
        let name = isLegacyLabelName(m.name) || m.nameIsTemplated ? m.name : goQuote(m.name)
        return name + m.op.rawValue + goQuote(m.value)
    }

    static func writeModifiers(_ m: Modifiers, to out: inout String) {
        if let r = m.rangeModifier { out += " " + r.rawValue }
        if let at = m.at {
            switch at {
            case .start: out += " @ start()"
            case .end: out += " @ end()"
            case .timestamp(let t): out += " @ " + formatTimestamp(t)
            }
        }
        if let o = m.offset {
            out += " offset "
            writeRange(o, to: &out)
        }
    }

    /// `%.3f` as Go prints it, with Go's spelling of infinities.
    static func formatTimestamp(_ t: Double) -> String {
        if !t.isFinite { return goFloat(t) }
        let ms = (t * 1000).rounded()
        let negative = ms < 0
        let absMs = abs(ms)
        let whole = (absMs / 1000).rounded(.towardZero)
        let frac = Int(absMs - whole * 1000)
        let fracText = frac < 10 ? "00\(frac)" : (frac < 100 ? "0\(frac)" : "\(frac)")
        let wholeText = whole < 1e18 ? String(Int64(whole)) : formatNumber(whole)
        return (negative ? "-" : "") + wholeText + "." + fracText
    }

    /// A range, step or offset: a plain literal as a Prometheus duration, an expression as written.
    static func writeRange(_ d: DurationExpr, to out: inout String) {
        switch d {
        case .literal(let s, _, _) where abs(s * 1000) < 9e18:
            out += formatDuration(milliseconds: Int64((s * 1000).rounded(.towardZero)))
        case .unary(true, .literal(let s, _, _), _) where abs(s * 1000) < 9e18:
            out += formatDuration(milliseconds: -Int64((s * 1000).rounded(.towardZero)))
        default:
            writeDuration(d, to: &out)
        }
    }

    static func writeDuration(_ d: DurationExpr, to out: inout String) {
        switch d {
        case .literal(let s, let isDuration, _):
            out += isDuration && abs(s * 1000) < 9e18 ? formatDuration(milliseconds: Int64((s * 1000).rounded())) : formatNumber(s)
        case .unary(let negative, let e, _):
            out += negative ? "-" : "+"
            writeDuration(e, to: &out)
        case .binary(let op, let a, let b, _):
            writeDuration(a, to: &out)
            out += " " + op.rawValue + " "
            writeDuration(b, to: &out)
        case .paren(let e, _):
            out += "("
            writeDuration(e, to: &out)
            out += ")"
        case .step: out += "step()"
        case .queryRange: out += "range()"
        case .minOf(let a, let b, _), .maxOf(let a, let b, _):
            if case .minOf = d { out += "min_of(" } else { out += "max_of(" }
            writeDuration(a, to: &out)
            out += ", "
            writeDuration(b, to: &out)
            out += ")"
        case .placeholder(let text, _):
            out += text
        }
    }
}

/// Prometheus' prettier: split what does not fit on a line.
struct Prettier {
    let maxLineLength: Int

    private func needsSplit(_ e: Expr) -> Bool { e.description.utf8.count > maxLineLength }

    func pretty(_ e: Expr, level: Int) -> String {
        var out = ""
        write(e, level: level, indented: true, to: &out)
        return out
    }

    /// Appends to one buffer: output is quadratic in nesting depth (each level indents), the
    /// work must not be quadratic on top of that.
    private func write(_ e: Expr, level: Int, indented: Bool, to out: inout String) {
        func indent(_ l: Int) { for _ in 0..<l { out += "  " } }
        /// The first line's indentation (left out after a unary sign).
        func lead() { if indented { indent(level) } }
        switch e {
        case .aggregation(let a):
            lead()
            guard needsSplit(e) else { out += e.description; return }
            out += Printer.aggregationPrefix(a) + "(\n"
            if let p = a.param { write(p, level: level + 1, indented: true, to: &out); out += ",\n" }
            write(a.expr, level: level + 1, indented: true, to: &out)
            out += "\n"; indent(level); out += ")"
        case .binary(let b):
            guard needsSplit(e) else { lead(); out += e.description; return }
            // The operands carry their own, deeper indentation.
            if Printer.isUnsignedBase(b) {
                if indented { indent(level + 1) }
                out += "Inf"
            } else {
                write(b.lhs, level: level + 1, indented: indented, to: &out)
            }
            out += "\n"; indent(level); out += Printer.binaryOperatorText(b) + "\n"
            write(b.rhs, level: level + 1, indented: true, to: &out)
        case .call(let c):
            lead()
            guard needsSplit(e), !c.args.isEmpty else { out += e.description; return }
            out += c.function.name + "(\n"
            for (i, arg) in c.args.enumerated() {
                if i > 0 { out += ",\n" }
                write(arg, level: level + 1, indented: true, to: &out)
            }
            out += "\n"; indent(level); out += ")"
        case .paren(let p):
            lead()
            guard needsSplit(e) else { out += e.description; return }
            out += "(\n"
            write(p.expr, level: level + 1, indented: true, to: &out)
            out += "\n"; indent(level); out += ")"
        case .subquery(let sq):
            // An unsplit subquery is written without indentation.
            guard needsSplit(e) else { out += e.description; return }
            write(sq.expr, level: level, indented: indented, to: &out)
            Printer.writeSubquerySuffix(sq, to: &out)
        case .unary(let u):
            lead()
            out += u.negative ? "-" : "+"
            write(u.expr, level: level, indented: false, to: &out)
        default:
            lead()
            out += e.description
        }
    }
}

