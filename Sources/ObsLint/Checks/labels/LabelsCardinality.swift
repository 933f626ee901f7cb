/// Unbounded labels on metrics or kept by recording rules.
public struct LabelsCardinality: LintCheck {
    public static let description = CheckDescription(
        id: "labels/cardinality", severity: .warning,
        summary: "A label that takes unbounded values (ids, SHAs, timestamps, user or request ids, paths) on a metric, or kept by a recording rule.",
        rationale: "Every distinct label value is a new time series. A deployment id or a commit SHA on a counter creates series without end, slows every query and eventually the server. Keep such facts in annotations, logs, or one info metric whose series is replaced.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: job:deployments:rate1h\n        expr: ↓sum by (job, deployment_id) (rate(deployment_total[1h]))\n")],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: job:deployments:rate1h\n        expr: sum by (job, environment) (rate(deployment_total[1h]))\n")])

    public init() {}

    static let patterns = ["_id", "id", "uuid", "sha", "commit", "hash", "timestamp", "path", "url", "user", "email", "session", "request", "trace", "span", "ip", "run"]

    public static func looksUnbounded(_ label: String) -> Bool {
        let l = label.lowercased()
        if ["pid", "ip", "uid"].contains(l) { return true }
        if l == "id" || l.hasSuffix("_id") || l.hasSuffix("_ids") || l.hasSuffix("uuid") || l.hasSuffix("_uid") { return true }
        return ["sha", "commit", "commit_sha", "git_sha", "hash", "timestamp", "path", "url", "uri", "user", "username", "email", "session", "request", "trace_id", "span_id", "client_ip", "run_id", "build_number"].contains(l)
    }

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard r.recording != nil, let e = r.expr else { continue }
            e.walk { node in
                guard case .aggregation(let a) = node, !a.without else { return }
                for l in a.grouping where Self.looksUnbounded(l) {
                    report.add(r, exprRange: a.range, "\(r.name) keeps \(l), a label with unbounded values: every value is a new series")
                }
            }
        }
        // Catalog declarations are checked by the project build (DSL) and here for obsgen.yml.
        for m in context.catalog.values.sorted(by: { $0.name < $1.name }) where m.kind != .info {
            for l in m.labels where !l.bounded || Self.looksUnbounded(l.name) {
                guard let (file, range) = context.location(of: m.site) else { continue }
                report.add(file, range, "metric \(m.name) declares \(l.name), a label with unbounded values: every value is a new series",
                           hint: "keep it in an annotation or an info metric")
            }
        }
    }
}
