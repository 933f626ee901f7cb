/// The same rule twice.
public struct RulesDuplicate: LintCheck {
    public static let description = CheckDescription(
        id: "rules/duplicate", severity: .error,
        summary: "Two rules record the same series, or two alerts have the same name, labels and expression.",
        rationale: "Two recording rules writing the same series (same name and labels) overwrite each other at every evaluation; a repeated alert pages twice.",
        triggering: [Example(.rules, "groups:\n  - name: a\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n  - name: b\n    rules:\n      - ↓record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[10m]))\n")],
        nonTriggering: [Example(.rules, "groups:\n  - name: a\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n        labels: {window: short}\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[1h]))\n        labels: {window: long}\n")])

    public init() {}

    /// Labels in a stable order, for comparing rules.
    private static func labelKey(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "\u{1F}")
    }

    public func run(_ context: LintContext, report: inout Findings) {
        var seen: [String: LintRule] = [:]
        for r in context.rules {
            // Rule files of one Prometheus live together; files from elsewhere are not compared.
            let dir = (r.file.path as NSString).deletingLastPathComponent
            var key = dir + "|"
            switch r.rule {
            case .recording(let rr):
                // Rules that select different series (code=~"2.." and code=~"5..") write
                // different series under one name: not duplicates.
                let matchers = r.expr.map { e in Analysis.selectors(e).map { s in s.selector.matchers.map { "\($0.name)\($0.op.rawValue)\($0.value)" }.sorted().joined(separator: ",") }.joined(separator: ";") } ?? rr.expr
                key += "record|" + rr.record + "|" + Self.labelKey(rr.labels) + "|" + matchers
            case .alert(let a): key += "alert|" + a.name + "|" + Self.labelKey(a.labels) + "|" + a.expr.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let first = seen[key] {
                let loc = first.file.source.location(of: first.siteRange.start)
                report.add(r, "\(r.recording != nil ? "recording rule" : "alert") \(r.name) duplicates the one at \(first.file.path):\(loc.line)")
            } else {
                seen[key] = r
            }
        }
    }
}

import Foundation
