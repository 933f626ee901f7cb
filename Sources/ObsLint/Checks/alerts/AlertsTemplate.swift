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
            // A variable Prometheus does not define: it refuses the rule when loading.
            .alert("up == 0", annotations: "↓summary: \"{{ $label.instance }} is down\""),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations: {description: d, ↓\"summary\": \"{{ $labels.job \"}\n"),
        ],
        nonTriggering: [
            .alert("sum by (job) (rate(errors_total[5m])) > 1", annotations: "summary: \"{{ $labels.job }} is failing at {{ $value | humanize }}\""),
            // A group's labels are every rule's labels (Prometheus 3).
            Example(.rules, "groups:\n  - name: g\n    labels:\n      team: api\n    rules:\n      - alert: A\n        expr: sum(rate(errors_total[5m])) > 1\n        annotations:\n          summary: \"{{ $labels.team }} is failing\"\n"),
            // Quoted strings in a pipeline are strings, not function names.
            .alert("up == 0", annotations: "summary: '{{ printf \"up{job=\\\"bar\\\", instance=\\\"%s\\\"}\" $labels.instance | query }}'"),
            // Variables the template declares.
            .alert("up == 0", annotations: "summary: \"{{ $i := $labels.instance }}{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}{{ $i }}\""),
        ])

    public init() {}

    /// Checks a template; returns an error message or nil, and the labels it reads.
    static func analyse(_ t: String) -> (error: String?, warning: String?, labels: [String], usesValue: Bool) {
        let g = GoTemplate(t)
        return (g.error, g.warning, g.labels, g.usesValue)
    }

    public func run(_ context: LintContext, report: inout Findings) {
        // Templates repeat across rules; analyse each distinct one once.
        var cache: [String: (error: String?, warning: String?, labels: [String], usesValue: Bool)] = [:]
        func analyse(_ t: String) -> (error: String?, warning: String?, labels: [String], usesValue: Bool) {
            if !t.containsByte(0x7B) && !t.containsByte(0x7D) { return (nil, nil, [], false) }
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
                if let err = t.error { report.add(r.file, r.range(ofLabel: k), "label \(k): \(err)") }
                if let w = t.warning { report.add(r.file, r.range(ofLabel: k), "label \(k): \(w)", severity: .warning) }
                if t.usesValue { report.add(r.file, r.range(ofLabel: k), "label \(k) uses $value: every new value starts a new alert", hint: "put $value in an annotation") }
            }
            for (k, v) in a.annotations.all.sorted(by: { $0.key < $1.key }) {
                let t = analyse(v)
                if let err = t.error { report.add(r.file, r.range(ofAnnotation: k), "annotation \(k): \(err)") }
                if let w = t.warning { report.add(r.file, r.range(ofAnnotation: k), "annotation \(k): \(w)", severity: .warning) }
                // The rule's own labels and its group's (`labels:` of a group, Prometheus 3) are there too.
                for l in Set(t.labels).sorted() where !kept.canHave(l) && a.labels[l] == nil && r.group.labels[l] == nil {
                    report.add(r.file, r.range(ofAnnotation: k), "annotation \(k) reads $labels.\(l), which the expression does not keep; it is always empty")
                }
            }
        }
    }
}

import Foundation
