/// The same rule twice.
public struct RulesDuplicate: LintCheck {
    public static let description = CheckDescription(
        id: "rules/duplicate", severity: .error,
        summary: "Two rules record the same series, or two alerts have the same name, labels and expression.",
        rationale: "Two recording rules writing the same series (same name and labels) overwrite each other at every evaluation; a repeated alert pages twice. Within one file that is always so; across files only when one Prometheus loads both — an error when a prometheus.yml linted in the same run loads both files (its rule_files globs), a warning otherwise, since files of different servers may hold the same rule. A prometheus-operator `PrometheusRule` resource and a plain rule file are never loaded by one Prometheus (the operator loads resources only, and a plain Prometheus cannot read them), so the same rule in one of each is not a duplicate.",
        triggering: [Example(.rules, "groups:\n  - name: a\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n  - name: b\n    rules:\n      - ↓record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[10m]))\n"),
                     Example(.rules, "groups:\n  - name: a\n    rules:\n      - alert: Down\n        expr: up == 0\n",
                             with: [Example(.rules, "groups:\n  - name: b\n    rules:\n      - ↓alert: Down\n        expr: up == 0\n"),
                                    Example(.prometheusConfig, "rule_files: [\"*.yml\"]\n")])],
        nonTriggering: [Example(.rules, "groups:\n  - name: a\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n        labels: {window: short}\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[1h]))\n        labels: {window: long}\n"),
                        // The same rules as a PrometheusRule resource and as a plain rule file (kube-prometheus
                        // ships both): no one Prometheus loads the two.
                        Example(.rules, "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: node\nspec:\n  groups:\n    - name: node\n      rules:\n        - alert: NodeDown\n          expr: up{job=\"node\"} == 0\n",
                                with: [Example(.rules, "groups:\n  - name: node\n    rules:\n      - alert: NodeDown\n        expr: up{job=\"node\"} == 0\n")])])

    public init() {}

    /// Labels in a stable order, for comparing rules.
    private static func labelKey(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "\u{1F}")
    }

    /// Whether one linted prometheus.yml loads both files (its `rule_files` globs, relative to
    /// its folder), so that one Prometheus evaluates both.
    static func loadedTogether(_ a: String, _ b: String, _ context: LintContext) -> Bool {
        if context.isWholeProject { return true }
        guard !context.scrapeConfigs.isEmpty else { return false }
        func absolute(_ p: String, from dir: String) -> String {
            (p.hasPrefix("/") ? p : (dir as NSString).appendingPathComponent(p) as String).replacingOccurrences(of: "/./", with: "/")
        }
        let cwd = FileManager.default.currentDirectoryPath
        let (fa, fb) = (URL(fileURLWithPath: absolute(a, from: cwd)).standardizedFileURL.path, URL(fileURLWithPath: absolute(b, from: cwd)).standardizedFileURL.path)
        for c in context.scrapeConfigs {
            let dir = URL(fileURLWithPath: absolute(c.file.path, from: cwd)).deletingLastPathComponent().path
            let globs = c.loaded.ruleFiles.map { URL(fileURLWithPath: absolute($0, from: dir)).standardizedFileURL.path }
            let loads = { (f: String) in globs.contains { fnmatch($0, f, FNM_PATHNAME) == 0 } }
            if loads(fa) && loads(fb) { return true }
        }
        return false
    }

    public func run(_ context: LintContext, report: inout Findings) {
        var seen: [String: LintRule] = [:]
        // The rules an SLO spec generates are what `obsgen slo generate` writes, not rules a
        // server loads: linted beside the file written from them, they are not duplicates (and
        // an SLO declared twice is the spec reader's error).
        for r in context.rules where r.file.kind != .sloSpec {
            // Resources are compared with resources, plain files with plain files.
            var key = context.prometheusRuleFiles.contains(r.file.path) ? "resource|" : "file|"
            switch r.rule {
            case .recording(let rr):
                // Rules that select different series (code=~"2.." and code=~"5..") write
                // different series under one name: not duplicates.
                let matchers = r.expr.map { _ in r.selectors.map { s in s.selector.matchers.map { "\($0.name)\($0.op.rawValue)\($0.value)" }.sorted().joined(separator: ",") }.joined(separator: ";") } ?? rr.expr
                key += "record|" + rr.record + "|" + Self.labelKey(rr.labels) + "|" + matchers
            case .alert(let a): key += "alert|" + a.name + "|" + Self.labelKey(a.labels) + "|" + a.expr.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let first = seen[key] else {
                seen[key] = r
                continue
            }
            let loc = first.file.source.location(of: first.siteRange.start)
            let what = "\(r.recording != nil ? "recording rule" : "alert") \(r.name) duplicates the one at \(first.file.path):\(loc.line)"
            if first.file.path == r.file.path {
                report.add(r, what)
            } else if Self.loadedTogether(first.file.path, r.file.path, context) {
                report.add(r, what + ", and one Prometheus loads both files")
            } else {
                // Files of different servers may well hold the same rule.
                report.add(r.file, r.siteRange, what + " in another file", hint: "an error when one prometheus.yml loads both (lint it with them)", severity: .warning)
            }
        }
    }
}

import Foundation
