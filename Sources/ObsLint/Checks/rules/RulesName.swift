/// Naming conventions of alerts and recording rules.
public struct RulesName: LintCheck {
    public static let description = CheckDescription(
        id: "rules/name", severity: .warning,
        summary: "Alert names are CamelCase; recording rule names follow level:metric:operations.",
        rationale: "Prometheus' naming practice makes a recording rule's name say what it aggregates (`job:http_requests:rate5m`), so readers know its labels and meaning without opening the rule; CamelCase alert names are what Alertmanager routes and people search.",
        triggering: [.alert("up == 0", name: "↓instance_down"), .record("sum(rate(x_total[5m]))", name: "↓x_rate")],
        nonTriggering: [.alert("up == 0", name: "InstanceDown"), .record("sum by (job) (rate(x_total[5m]))", name: "job:x:rate5m")])

    public init() {}

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
                if parts.count != 3 || parts.contains(where: { $0.isEmpty }) {
                    report.add(r.file, range, "recording rule name \(rr.record) does not follow level:metric:operations", hint: "e.g. job:\(rr.record):rate5m")
                }
            }
        }
    }

    func nameRange(_ r: LintRule) -> PositionRange { r.range(ofValue: r.alert != nil ? "alert" : "record") }
}
