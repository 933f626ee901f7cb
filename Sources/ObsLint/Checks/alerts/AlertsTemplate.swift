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
        var rest = Substring(t)
        var depth = 0
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return ("unclosed action: {{ without }}", labels, usesValue) }
            let action = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: " -"))
            if action.contains("{{") { return ("{{ inside an action", labels, usesValue) }
            let words = action.split(whereSeparator: { " |()".contains($0) })
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
            if words.count > 1 || action.contains("|") {
                for w in words where w.first!.isLetter && !w.contains(".") && !["if", "else", "end", "range", "with", "define", "block", "template", "true", "false", "nil"].contains(w) && !functions.contains(String(w)) {
                    return ("unknown function \"\(w)\"", labels, usesValue)
                }
            }
            rest = rest[close.upperBound...]
        }
        if rest.contains("}}") { return ("}} without {{", labels, usesValue) }
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
        for r in context.rules {
            guard let a = r.alert else { continue }
            let kept = r.expr.map(Analysis.labels) ?? .unknown
            for (k, v) in a.labels.sorted(by: { $0.key < $1.key }) {
                let t = Self.analyse(v)
                if let err = t.error { report.add(r.file, keyRange(r, key: k), "label \(k): \(err)") }
                if t.usesValue { report.add(r.file, keyRange(r, key: k), "label \(k) uses $value: every new value starts a new alert", hint: "put $value in an annotation") }
            }
            for (k, v) in a.annotations.all.sorted(by: { $0.key < $1.key }) {
                let t = Self.analyse(v)
                if let err = t.error { report.add(r.file, keyRange(r, key: k), "annotation \(k): \(err)") }
                for l in Set(t.labels).sorted() where !kept.canHave(l) && a.labels[l] == nil {
                    report.add(r.file, keyRange(r, key: k), "annotation \(k) reads $labels.\(l), which the expression does not keep; it is always empty")
                }
            }
        }
    }
}

import Foundation
