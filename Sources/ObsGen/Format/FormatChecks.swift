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
        func line(of offset: Int) -> Int { lines.line(of: offset) }
        var protected = [Bool](repeating: false, count: starts.count)
        var measurable = true
        var seen: Set<Int32> = []
        func visit(_ node: YNode, parentIndent: Int) {
            guard seen.insert(node.index).inserted else { return }
            switch node.kind {
            case .mapping:
                for (k, v) in node.pairs { visit(k, parentIndent: k.column - 1); visit(v, parentIndent: k.column - 1) }
            case .sequence:
                for item in node.items { visit(item, parentIndent: node.column - 1) }
            case .scalar:
                let first = line(of: node.offset)
                var last = first
                switch node.style {
                case .literal, .folded:
                    // The indicator follows a tag or anchor, if any.
                    var p = node.offset
                    while p < bytes.count, bytes[p] != UInt8(ascii: "|"), bytes[p] != UInt8(ascii: ">"), bytes[p] != 0x0A { p += 1 }
                    guard let block = BlockScalar(bytes: bytes, at: p, parentIndent: parentIndent) else {
                        measurable = false
                        return
                    }
                    last = line(of: block.contentEnd)
                    if block.keepsTrailingLines {
                        // Its trailing blank lines are content.
                        while last + 1 < starts.count, isBlank(bytes, starts[last + 1]) { last += 1 }
                    }
                default:
                    last = line(of: Swift.max(node.offset, yaml.range(node).end - 1))
                }
                if last > first { for l in (first + 1)...last { protected[l] = true } }
            }
        }
        visit(root, parentIndent: -1)
        guard measurable else { return text }
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
