import Foundation

public struct OnlineSeries: LintCheck {
    static let server = ServerFixture(
        series: [
            "deployment_total{environment=\"production\", service=\"api\", status=\"success\"}",
            "deployment_total{environment=\"staging\", service=\"api\", status=\"failed\"}",
            "http_requests_total{code=\"200\", method=\"GET\"}",
        ],
        gone: ["deploy_total": .hours(20)])

    public static let description = CheckDescription(
        id: "online/series", severity: .warning,
        summary: "A selector of a rule or dashboard query returns no series on the Prometheus server given with --prometheus, and why.",
        rationale: "An alert on a series that does not exist never fires, and nothing says so: the metric was renamed by an exporter upgrade, its target is no longer scraped, a label was dropped by relabelling, or a value was mistyped. With `--prometheus URL` (or `prometheus:` servers in obsgen.yml) every selector of every rule and dashboard query is asked of the server (`count(selector)`); where one returns nothing, the check finds out why: the metric never existed within the look-back (7 days), it disappeared (when it was last seen), no series has that label, or no series has that value (with the values it has). Selectors whose absence the expression expects are not asked: inside absent() and absent_over_time(), on the right of `unless`, and in an `or` whose other side is a fallback without selectors (`… or vector(0)`). A metric recorded by a rule linted in the same run is reported as info: the server may not run that rule yet. Grafana variables (`$job`) stand for values the check cannot know: those matchers are left out.",
        triggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: DeployFailed\n        expr: increase(↓deploy_total{status=\"failed\"}[1h]) > 0\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: DeployFailed\n        expr: increase(deployment_total{↓status=\"error\"}[1h]) > 0\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: DeployFailed\n        expr: increase(deployment_total{↓cluster=\"eu-1\"}[1h]) > 0\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: StagingDeployFailed\n        expr: increase(↓deployment_total{environment=\"production\", status=\"failed\"}[1h]) > 0\n", server: server),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum(rate(↓http_request_total{job=~\\\"$job\\\"}[$__rate_interval]))\"}]}]}", server: server),
        ],
        nonTriggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: DeployFailed\n        expr: increase(deployment_total{status=\"failed\"}[1h]) > 0\n", server: server),
            // A fallback: the series may well be absent.
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: service:rollbacks:increase1h\n        expr: sum(increase(deployment_rollbacks_total[1h])) or vector(0)\n", server: server),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: NoDeployments\n        expr: absent(deployment_last_success_timestamp_seconds)\n", server: server),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Requests\", \"targets\": [{\"expr\": \"sum(rate(http_requests_total{method=~\\\"$method\\\"}[$__rate_interval]))\"}]}]}", server: server),
        ])

    public init() {}

    struct Problem {
        var range: PositionRange
        var message: String
        var hint: String?
        var severity: Severity?
    }

    static func problems(_ e: Expr, _ context: LintContext, _ facts: ServerFacts) -> [Problem] {
        var out: [Problem] = []
        let server = facts.server
        for v in SeriesQuestions.checkedSelectors(e) {
            guard let s = SeriesQuestions.selector(v), facts.isEmpty(s) == true else { continue }
            let metric = s.metric
            if facts.hasSeries(metric) == false {
                if context.recordedNames.contains(metric) {
                    out.append(Problem(range: v.range, message: "\(metric) has no series on \(server): it is recorded by a rule linted here, which the server does not evaluate yet",
                                       hint: nil, severity: .info))
                } else if let seen = facts.lastSeen[metric] {
                    out.append(Problem(range: v.range, message: "\(metric) has no series on \(server) now; it last had some \(facts.describe(seen))",
                                       hint: "was it renamed by an exporter upgrade, or is its target no longer scraped?"))
                } else {
                    let similar = facts.suggestions[metric]
                    out.append(Problem(range: v.range, message: "\(metric) has no series on \(server), nor had any in the last \(ServerFacts.human(facts.lookback))",
                                       hint: similar.map { "did you mean \($0)?" } ?? "is the metric's exporter scraped by this server?"))
                }
                continue
            }
            var found = false
            for m in v.matchers {
                guard s.matchers.contains(LabelMatcher(name: m.name, op: m.op, value: m.value)) else { continue }
                if SeriesQuestions.needsLabel(m), facts.counts[SeriesQuestions.count(metric, carrying: m.name)] == 0 {
                    out.append(Problem(range: m.range, message: "no series of \(metric) on \(server) has the label \(m.name)",
                                       hint: "was it dropped by relabelling, or is it set on another metric?"))
                    found = true
                } else if facts.counts[SeriesQuestions.count(metric, [LabelMatcher(name: m.name, op: m.op, value: m.value)])] == 0 {
                    let v = facts.labelValues[SeriesQuestions.key(metric: metric, label: m.name)]
                    let has = v.map { l in l.values.isEmpty ? "" : " (it has \(l.values.prefix(10).map { goQuote($0) }.joined(separator: ", "))\(l.truncated || l.values.count > 10 ? ", …" : ""))" } ?? ""
                    let message = m.op == .equal || m.op == .regexMatch
                        ? "no series of \(metric) on \(server) has \(SeriesQuestions.text(m))\(has)"
                        : "every series of \(metric) on \(server) is excluded by \(SeriesQuestions.text(m))"
                    out.append(Problem(range: m.range, message: message, hint: nil))
                    found = true
                }
            }
            if !found {
                out.append(Problem(range: v.range, message: "no series of \(metric) on \(server) matches {\(s.matchers.map(SeriesQuestions.text).joined(separator: ", "))}: each matcher matches some series, never all together",
                                   hint: nil))
            }
        }
        return out
    }

    public func run(_ context: LintContext, report: inout Findings) {
        guard let facts = context.server else { return }
        for r in context.rules {
            guard let e = r.expr else { continue }
            for p in Self.problems(e, context, facts) { report.add(r, exprRange: p.range, p.message, hint: p.hint, severity: p.severity) }
        }
        for d in context.dashboards {
            for (panel, target, e) in d.queries(context) {
                for p in Self.problems(e, context, facts) {
                    report.add(d.file, d.range(of: panel, target: target, exprRange: p.range), "panel \"\(panel.title ?? "")\": \(p.message)", hint: p.hint, severity: p.severity)
                }
            }
        }
    }
}
