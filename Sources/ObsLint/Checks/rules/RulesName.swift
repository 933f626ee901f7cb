import Foundation
/// Naming conventions of alerts and recording rules.
public struct RulesName: LintCheck {
    public static let description = CheckDescription(
        id: "rules/name", severity: .info,
        summary: "Alert names are CamelCase; recording rule names follow level:metric:operations.",
        rationale: "Prometheus' naming practice makes a recording rule's name say what it aggregates (`job:http_requests:rate5m`), so readers know its labels and meaning without opening the rule; CamelCase alert names are what Alertmanager routes and people search. Info: a name never changes what a rule does, and renaming an established rule breaks the dashboards, routes and silences that use it. A rule that republishes one metric under another name, series for series (the node exporter's compatibility rules: `record: node_cpu`, `expr: label_replace(node_cpu_seconds_total, …)`), stands in for a metric and is named like one.",
        triggering: [.alert("up == 0", name: "↓instance_down"), .record("sum(rate(x_total[5m]))", name: "↓x_rate"),
                     // One metric, but a rate over a window: a derived series, not a rename.
                     .record("rate(x_total[5m])", name: "↓x_rate")],
        nonTriggering: [.alert("up == 0", name: "InstanceDown"), .record("sum by (job) (rate(x_total[5m]))", name: "job:x:rate5m"),
                        // Compatibility rules (node exporter 0.16 and 0.17) keep dashboards working across a rename.
                        .record("node_disk_io_time_ms / 1000", name: "node_disk_io_time_seconds_total"),
                        .record("label_replace(node_cpu_seconds_total, \"cpu\", \"$1\", \"cpu\", \"cpu(.+)\")", name: "node_cpu"),
                        .record("time() - node_supervisord_start_time_seconds", name: "node_supervisord_uptime")])

    public init() {}

    /// Whether a rule republishes one metric series for series: its expression reads one
    /// metric, with no aggregation and no range (a selector, arithmetic with constants or
    /// time(), label_replace()).
    static func isRename(_ e: Expr) -> Bool {
        let names = Set(Analysis.selectors(e).map { $0.selector.metricName })
        guard names.count == 1, names.first! != nil else { return false }
        var derived = false
        e.walk {
            switch $0 {
            case .aggregation, .matrixSelector, .subquery: derived = true
            default: break
            }
        }
        return !derived
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            let range = nameRange(r)
            switch r.rule {
            case .alert(let a):
                if let f = a.name.first, !(f.isUppercase) || a.name.contains("_") || a.name.contains(" ") || a.name.contains("-") {
                    report.add(r.file, range, "alert name \(a.name) is not CamelCase")
                }
            case .recording(let rr):
                let parts = rr.record.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count == 1, let e = r.expr, Self.isRename(e) { continue }
                // Sloth's info series keeps Sloth's name (dashboards and tools read it).
                if rr.record == SLORules.infoMetric { continue }
                if parts.count != 3 || parts.contains(where: { $0.isEmpty }) {
                    report.add(r.file, range, "recording rule name \(rr.record) does not follow level:metric:operations",
                               hint: parts.count == 1 ? "e.g. job:\(rr.record):rate5m" : "three parts, none empty: the labels kept, the metric, the operations (job:http_requests:rate5m)")
                }
            }
        }
    }

    func nameRange(_ r: LintRule) -> PositionRange { r.range(ofValue: r.alert != nil ? "alert" : "record") }
}
