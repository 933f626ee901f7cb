import Foundation
import PromQL

/// Blank lines and trailing blanks, outside multi-line scalars.
enum Whitespace {
    /// The text with trailing blanks removed from every line, runs of blank lines made one,
    /// no blank lines at the start or the end, and one line break at the end. Lines inside a
    /// multi-line scalar (a block scalar's content, a quoted or plain scalar folded over lines)
    /// are left as they are. Nil when the text is not YAML.
    static func normalise(_ text: String, path: String) -> String? {
        let yaml = YAMLSource(path: path, text: text)
        guard yaml.diagnostics.isEmpty, let root = yaml.root else { return nil }
        let lines = Lines(text)
        let bytes = lines.bytes, starts = lines.starts
        guard let protected = RuleFileShape.scalarLines(root, yaml: yaml, lines: lines) else { return text }
        let lineBreak = TextEdits.lineBreak(of: bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingBlank = false
        var wroteLine = false
        for (l, start) in starts.enumerated() {
            // The line without its line break, and its own line break (the file's for a last
            // line without one).
            var end = l + 1 < starts.count ? starts[l + 1] - 1 : (bytes.last == 0x0A ? bytes.count - 1 : bytes.count)
            var brk: [UInt8] = end < bytes.count ? [0x0A] : Array(lineBreak.utf8)
            if end > start, bytes[end - 1] == 0x0D {
                end -= 1
                brk = [0x0D, 0x0A]
            }
            if protected[l] {
                if pendingBlank { out += brk }
                pendingBlank = false
                out += bytes[start..<end] + brk
                wroteLine = true
                continue
            }
            var e = end
            while e > start, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
            if e == start {
                pendingBlank = wroteLine
                continue
            }
            if pendingBlank { out += brk }
            pendingBlank = false
            out += bytes[start..<e] + brk
            wroteLine = true
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isBlank(_ b: [UInt8], _ start: Int) -> Bool {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D { i += 1 }
        return i >= b.count || b[i] == 0x0A
    }
}

/// Reads the formatted text back and compares it with the original, rule by rule.
enum MeaningCheck {
    /// The first difference, located at its group or rule in the original; nil when the two
    /// mean the same.
    static func compare(original: LoadedRuleFile, formatted: String, features: Features) -> Diagnostic? {
        let after = RuleFileLoader.load(text: formatted, path: original.path, features: features)
        let source = original.source
        func at(_ site: DeclarationSite) -> PositionRange {
            let o = source.offset(line: site.line, column: site.column)
            return PositionRange(start: o, end: o + 1)
        }
        func problem(_ message: String, _ range: PositionRange) -> Diagnostic {
            Diagnostic(id: RuleFileFormatter.Issue.meaning.rawValue, message: message + "; the file is left as it is", range: range)
        }
        if let e = after.diagnostics.first(where: { $0.severity == .error }) {
            let loc = after.source.location(of: e.range.start)
            return Diagnostic(id: RuleFileFormatter.Issue.unreadable.rawValue,
                              message: "the formatted text does not read back (\(loc.line):\(loc.column): \(e.message)); the file is left as it is", range: .zero)
        }
        let a = original.ruleFile, b = after.ruleFile
        guard original.format == after.format, a.name == b.name, a.groups.count == b.groups.count else {
            return problem("formatting would change the file's kind, name or groups", .zero)
        }
        let options = ParseOptions(features: features)
        func canonical(_ e: String) -> String { (try? PromQL.parse(e, options: options))?.description ?? e }
        for (g, (x, y)) in zip(a.groups, b.groups).enumerated() {
            let site = at(x.site)
            if x.name != y.name { return problem("formatting would rename group \"\(x.name)\"", site) }
            let fields: [(String, Bool)] = [("interval", x.interval == y.interval), ("query_offset", x.queryOffset == y.queryOffset), ("limit", x.limit == y.limit),
                                            ("partial_response_strategy", x.partialResponseStrategy == y.partialResponseStrategy), ("labels", x.labels == y.labels),
                                            ("rules", x.rules.count == y.rules.count)]
            if let f = fields.first(where: { !$0.1 }) { return problem("formatting would change group \"\(x.name)\"'s \(f.0)", site) }
            for (r, (p, q)) in zip(x.rules, y.rules).enumerated() {
                let start = original.ruleSpans[LoadedRuleFile.RuleKey(group: g, rule: r)]?.start ?? site.start
                let range = PositionRange(start: start, end: start + 1)
                let what = "rule \(p.name)"
                switch (p, q) {
                case (.alert(let u), .alert(let v)):
                    if u.name != v.name { return problem("formatting would rename \(what)", range) }
                    if u.forDuration != v.forDuration { return problem("formatting would change \(what)'s for", range) }
                    if u.keepFiringFor != v.keepFiringFor { return problem("formatting would change \(what)'s keep_firing_for", range) }
                    if u.annotations.all != v.annotations.all { return problem("formatting would change \(what)'s annotations", range) }
                    if u.labels != v.labels { return problem("formatting would change \(what)'s labels", range) }
                case (.recording(let u), .recording(let v)):
                    if u.record != v.record { return problem("formatting would rename \(what)", range) }
                    if u.labels != v.labels { return problem("formatting would change \(what)'s labels", range) }
                default:
                    return problem("formatting would change \(what)'s kind", range)
                }
                if canonical(p.expr) != canonical(q.expr) {
                    return problem("formatting would change \(what)'s expression (\(canonical(p.expr)) → \(canonical(q.expr)))", range)
                }
            }
        }
        return nil
    }
}

/// Reads the formatted text's YAML and compares it with the original's, node by node: the
/// same mappings (keys in any order: formatting may reorder them), lists, and scalars of the
/// same value and the same type (a quoted `"1"` is a string, a plain `1` a number — by YAML 1.1
/// and 1.2 both, as `YAMLScalar` reads them). Where the formatter rewrites a value by design
/// (`allowance`), an expression compares by its canonical PromQL form, a duration by the time
/// it reads as. So what the rule checks do not know — a dialect's own keys, a resource's
/// metadata, prometheus.yml's other settings — is checked too.
enum YAMLMeaning {
    enum Allowance {
        case expression, duration
    }

    /// Expressions and durations of a rule file (`…rules[i].expr`, `…groups[i].interval`).
    static func ruleFileAllowance(_ path: [String]) -> Allowance? {
        guard path.count >= 3, let last = path.last else { return nil }
        switch (last, path[path.count - 3]) {
        case ("expr", "rules"): return .expression
        case ("for", "rules"), ("keep_firing_for", "rules"), ("interval", "groups"), ("query_offset", "groups"): return .duration
        default: return nil
        }
    }

    /// The first difference, located at the original's node; nil when the two hold the same.
    static func compare(original: YAMLSource, formatted: String, features: Features = .all,
                        allowance: @escaping ([String]) -> Allowance? = ruleFileAllowance) -> Diagnostic? {
        let after = YAMLSource(path: original.source.name, text: formatted)
        func problem(_ message: String, _ offset: Int) -> Diagnostic {
            Diagnostic(id: RuleFileFormatter.Issue.meaning.rawValue, message: message + "; the file is left as it is", range: PositionRange(start: offset, end: offset + 1))
        }
        if let e = after.diagnostics.first {
            let loc = after.source.location(of: e.range.start)
            return Diagnostic(id: RuleFileFormatter.Issue.unreadable.rawValue,
                              message: "the formatted text does not read back (\(loc.line):\(loc.column): \(e.message)); the file is left as it is", range: .zero)
        }
        switch (original.root, after.root) {
        case (nil, nil): return nil
        case (let a?, let b?):
            var walk = Walk(features: features, allowance: allowance)
            guard let (node, path) = walk.difference(a, b) else { return nil }
            let shown = path.isEmpty ? "the document" : path.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
            return problem("formatting would change \(SafeText.escape(shown))", node.offset)
        default:
            return problem("formatting would change the document", 0)
        }
    }

    struct Walk {
        let options: ParseOptions
        let allowance: ([String]) -> Allowance?
        var path: [String] = []
        /// Pairs found equal already (an alias meets its anchor's node again).
        var equal: Set<Int64> = []

        init(features: Features, allowance: @escaping ([String]) -> Allowance?) {
            self.options = ParseOptions(features: features)
            self.allowance = allowance
        }

        static func type(_ n: YNode) -> String {
            if let t = n.tag { return t }
            return n.style == .plain ? YAMLScalar.plainType(n.string ?? "").rawValue : "string"
        }

        /// The original's node where the two differ first, and its path.
        mutating func difference(_ a: YNode, _ b: YNode) -> (YNode, [String])? {
            let pair = Int64(a.index) << 32 | Int64(b.index)
            if equal.contains(pair) { return nil }
            guard a.kind == b.kind, a.tag == b.tag else { return (a, path) }
            switch a.kind {
            case .scalar:
                if !scalarsMatch(a, b) { return (a, path) }
            case .sequence:
                let x = a.items, y = b.items
                guard x.count == y.count else { return (a, path) }
                for (i, (p, q)) in zip(x, y).enumerated() {
                    path.append("[\(i)]")
                    if let d = difference(p, q) { return d }
                    path.removeLast()
                }
            case .mapping:
                let x = a.pairs, y = b.pairs
                guard x.count == y.count else { return (a, path) }
                var byKey: [String: YNode] = [:]
                for (k, v) in y where k.isScalar { byKey[Self.type(k) + ":" + (k.string ?? "")] = v }
                for (i, (k, v)) in x.enumerated() {
                    let other: YNode?
                    if k.isScalar {
                        other = byKey[Self.type(k) + ":" + (k.string ?? "")]
                    } else {
                        // A collection as a key: compared in place.
                        if let d = difference(k, y[i].key) { return d }
                        other = y[i].value
                    }
                    guard let other else { return (k, path) }
                    path.append(k.string ?? "?")
                    if let d = difference(v, other) { return d }
                    path.removeLast()
                }
            }
            equal.insert(pair)
            return nil
        }

        func scalarsMatch(_ a: YNode, _ b: YNode) -> Bool {
            let s = a.string ?? "", t = b.string ?? ""
            switch allowance(path) {
            case .expression?:
                if s == t { return true }
                guard let x = try? PromQL.parse(s, options: options), let y = try? PromQL.parse(t, options: options) else { return false }
                return x.description == y.description
            case .duration?:
                if case .success(let x) = parseDurationLiteral(s), case .success(let y) = parseDurationLiteral(t) { return x == y }
            case nil:
                break
            }
            return s == t && Self.type(a) == Self.type(b)
        }
    }
}
