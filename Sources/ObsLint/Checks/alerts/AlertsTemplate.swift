/// Template errors in labels and annotations; labels that do not survive the expression.
public struct AlertsTemplate: LintCheck {
    public static let description = CheckDescription(
        id: "alerts/template", severity: .error,
        summary: "A Go template in a label or annotation is malformed, uses $value in a label, or reads a label the expression does not keep.",
        rationale: "A broken template makes Prometheus drop the annotation at evaluation; `$value` in a label creates a new alert at every evaluation; `$labels.instance` after `sum by (job)` is always empty.",
        triggering: [
            .alert("sum by (job) (rate(errors_total[5m])) > 1", annotations: "↓summary: \"{{ $labels.instance }} is failing\""),
            .alert("up == 0", annotations: "↓summary: \"{{ $labels.job \""),
            .alert("up == 0", labels: "↓value: \"{{ $value }}\""),
        ],
        nonTriggering: [.alert("sum by (job) (rate(errors_total[5m])) > 1", annotations: "summary: \"{{ $labels.job }} is failing at {{ $value | humanize }}\"")])

    public init() {}

    static let functions: Set<String> = ["humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toUpper", "toLower",
                                         "title", "reReplaceAll", "match", "label", "value", "first", "query", "printf", "len", "index", "and", "or", "not",
                                         "eq", "ne", "lt", "le", "gt", "ge", "print", "println", "html", "js", "urlquery", "safeHtml", "graphLink",
                                         "tableLink", "args", "externalURL", "pathPrefix", "stripPort", "stripDomain", "parseDuration", "toTime",
                                         "sortByLabel", "strvalue", "urlQueryEscape", "humanizeUnit"]

    /// Checks a template; returns an error message or nil, and the labels it reads.
    static func analyse(_ t: String) -> (error: String?, labels: [String], usesValue: Bool) {
        var labels: [String] = []
        var usesValue = false
        var depth = 0
        let b = Array(t.utf8)
        var i = 0
        func find(_ x: UInt8, _ y: UInt8, from: Int) -> Int? {
            var k = from
            while k + 1 < b.count {
                if b[k] == x && b[k + 1] == y { return k }
                k += 1
            }
            return nil
        }
        while let open = find(0x7B, 0x7B, from: i) {
            // Text before the action must not hold a stray "}}".
            if find(0x7D, 0x7D, from: i).map({ $0 < open }) ?? false { return ("}} without {{", labels, usesValue) }
            guard let close = find(0x7D, 0x7D, from: open + 2) else { return ("unclosed action: {{ without }}", labels, usesValue) }
            var lo = open + 2, hi = close
            while lo < hi, b[lo] == 0x20 || b[lo] == 0x2D { lo += 1 }
            while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x2D { hi -= 1 }
            let action = String(decoding: b[lo..<hi], as: UTF8.self)
            if find(0x7B, 0x7B, from: open + 2).map({ $0 < close }) ?? false { return ("{{ inside an action", labels, usesValue) }
            let words = action.split(whereSeparator: { $0 == " " || $0 == "|" || $0 == "(" || $0 == ")" })
            if let first = words.first {
                switch first {
                case "if", "range", "with", "define", "block": depth += 1
                case "end": depth -= 1
                default: break
                }
                if depth < 0 { return ("{{ end }} without an opening action", labels, usesValue) }
            }
            for w in words {
                if w.hasPrefix("$labels.") || w.hasPrefix(".Labels.") { labels.append(String(w.dropFirst(8))) }
                if w == "$value" || w == ".Value" { usesValue = true }
            }
            if words.count > 1 {
                for w in words where w.first!.isLetter && !w.utf8.contains(UInt8(ascii: ".")) && !["if", "else", "end", "range", "with", "define", "block", "template", "true", "false", "nil"].contains(w) && !functions.contains(String(w)) {
                    return ("unknown function \"\(w)\"", labels, usesValue)
                }
            }
            i = close + 2
        }
        if find(0x7D, 0x7D, from: i) != nil { return ("}} without {{", labels, usesValue) }
        if depth != 0 { return ("unclosed {{ if }}/{{ range }}: missing {{ end }}", labels, usesValue) }
        return (nil, labels, usesValue)
    }

    func keyRange(_ r: LintRule, key: String) -> PositionRange {
        let src = r.file.source
        let startLine = src.location(of: r.siteRange.start).line
        for n in startLine..<min(src.lineCount + 1, startLine + 60) {
            let l = src.line(n)
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(key + ":") || t.hasPrefix("\"\(key)\":") {
                let col = l.prefix { $0 == " " }.count + 1
                let off = src.offset(line: n, column: col)
                return PositionRange(start: off, end: off + key.count)
            }
        }
        return r.siteRange
    }

    public func run(_ context: LintContext, report: inout Findings) {
        // Templates repeat across rules; analyse each distinct one once.
        var cache: [String: (error: String?, labels: [String], usesValue: Bool)] = [:]
        func analyse(_ t: String) -> (error: String?, labels: [String], usesValue: Bool) {
            if !t.utf8.contains(0x7B) && !t.utf8.contains(0x7D) { return (nil, [], false) }
            if let hit = cache[t] { return hit }
            let a = Self.analyse(t)
            cache[t] = a
            return a
        }
        for r in context.rules {
            guard let a = r.alert else { continue }
            let kept = r.expr.map(Analysis.labels) ?? .unknown
            for (k, v) in a.labels.sorted(by: { $0.key < $1.key }) {
                let t = analyse(v)
                if let err = t.error { report.add(r.file, keyRange(r, key: k), "label \(k): \(err)") }
                if t.usesValue { report.add(r.file, keyRange(r, key: k), "label \(k) uses $value: every new value starts a new alert", hint: "put $value in an annotation") }
            }
            for (k, v) in a.annotations.all.sorted(by: { $0.key < $1.key }) {
                let t = analyse(v)
                if let err = t.error { report.add(r.file, keyRange(r, key: k), "annotation \(k): \(err)") }
                for l in Set(t.labels).sorted() where !kept.canHave(l) && a.labels[l] == nil {
                    report.add(r.file, keyRange(r, key: k), "annotation \(k) reads $labels.\(l), which the expression does not keep; it is always empty")
                }
            }
        }
    }
}

import Foundation
