/// Recording rules nothing reads.
public struct RulesUnused: LintCheck {
    public static let description = CheckDescription(
        id: "rules/unused", severity: .info,
        summary: "A recording rule that no linted rule or dashboard reads.",
        rationale: "Every recording rule costs evaluation time and storage for each series it writes. One that nothing reads is either dead or read from somewhere obsgen was not shown; lint everything together to know.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - ↓record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n",
                             with: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": []}")])],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n      - alert: A\n        expr: job:x:rate5m > 1\n")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        // Only meaningful when something that reads rules was linted too.
        guard context.rules.contains(where: { $0.alert != nil }) || !context.dashboards.isEmpty else { return }
        var read = Set<String>()
        for r in context.rules { for s in r.selectors { if let n = s.selector.metricName { read.insert(n) } } }
        for d in context.dashboards {
            for p in d.dashboard.allPanels { for t in p.targets ?? [] {
                if let q = t.promQL, let e = context.dashboardExpr(q) {
                    for s in Analysis.selectors(e) { if let n = s.selector.metricName { read.insert(n) } }
                }
            } }
            for v in d.dashboard.variables ?? [] { if let q = v.query?.stringValue ?? v.definition { for name in context.recordedNames where q.contains(name) { read.insert(name) } } }
        }
        for r in context.rules {
            guard let rr = r.recording, !read.contains(rr.record) else { continue }
            // Sloth's series of an SLO are an interface: its dashboards and tools read them.
            if rr.labels[SLORules.idLabel] != nil { continue }
            report.add(r, "recording rule \(rr.record) is not read by any linted rule or dashboard")
        }
    }
}
