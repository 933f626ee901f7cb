public struct OnlineConfig: LintCheck {
    static let server = ServerFixture(series: ["deployment_total{environment=\"production\"}", "up{job=\"pushgateway\"}"],
                                      scrapeInterval: .minutes(1), jobScrapeIntervals: ["pushgateway": .seconds(30)], retention: .days(15))

    public static let description = CheckDescription(
        id: "online/config", severity: .warning,
        summary: "A range reaches back further than the server keeps samples, or prometheus.yml here scrapes at another interval than the server runs with.",
        rationale: "The server's own configuration (`/api/v1/status/config`) and retention (`/api/v1/status/flags`, else `/api/v1/status/runtimeinfo`) decide what a rule sees. A range or offset longer than the retention reaches before the oldest sample: `increase(x[30d])` on a server that keeps 15 days silently computes over 15. A prometheus.yml in the repository whose global or job scrape interval differs from what the server runs with means the range checks (promql/rate) were reasoned on the wrong interval, or the file in review was never deployed; the server's intervals also feed promql/rate's range check wherever no linted prometheus.yml gives one.",
        triggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: deployments:increase30d\n        expr: sum(increase(deployment_total↓[30d]))\n", server: server),
            Example(.prometheusConfig, "global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    scrape_interval: ↓15s\n    static_configs: [{targets: ['pushgateway:9091']}]\n", server: server),
        ],
        nonTriggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: deployments:increase7d\n        expr: sum(increase(deployment_total[7d]))\n", server: server),
            Example(.prometheusConfig, "global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    scrape_interval: 30s\n    static_configs: [{targets: ['pushgateway:9091']}]\n", server: server),
        ])

    public init() {}

    /// Ranges (with their offsets) longer than the retention.
    static func reaches(_ e: Expr, retention: PromDuration) -> [(range: PositionRange, reach: Double)] {
        var out: [(PositionRange, Double)] = []
        func offset(_ m: Modifiers) -> Double { m.offset?.constantSeconds ?? 0 }
        e.walk { node in
            switch node {
            case .matrixSelector(let m):
                guard let r = m.rangeDuration.constantSeconds else { return }
                let reach = r + max(offset(m.modifiers), offset(m.selector.modifiers))
                if reach > retention.seconds { out.append((PositionRange(start: m.selector.range.end, end: m.range.end), reach)) }
            case .subquery(let s):
                guard let r = s.rangeDuration.constantSeconds else { return }
                let reach = r + offset(s.modifiers)
                if reach > retention.seconds { out.append((PositionRange(start: s.expr.range.end, end: s.range.end), reach)) }
            default: break
            }
        }
        return out
    }

    public func run(_ context: LintContext, report: inout Findings) {
        guard let facts = context.server else { return }
        if let retention = facts.retention {
            func message(_ reach: Double) -> String {
                "reaches back \(formatDuration(milliseconds: Int64(reach * 1000))); \(facts.server) keeps \(ServerFacts.human(retention)) of samples, so the rest of the range is always empty"
            }
            for r in context.rules {
                guard let e = r.expr else { continue }
                for (range, reach) in Self.reaches(e, retention: retention) { report.add(r, exprRange: range, message(reach), hint: "use a range within \(ServerFacts.human(retention)), or a recording rule kept in long-term storage") }
            }
            for d in context.dashboards {
                for (panel, target, e) in d.queries(context) {
                    for (range, reach) in Self.reaches(e, retention: retention) {
                        report.add(d.file, d.range(of: panel, target: target, exprRange: range), "panel \"\(panel.title ?? "")\": \(message(reach))")
                    }
                }
            }
        }
        guard let intervals = facts.scrapeIntervals else { return }
        for c in context.scrapeConfigs {
            // What this file runs with: a job's own interval, else the global one, else Prometheus' 1m.
            let globalHere = c.loaded.globalSpans.values["scrape_interval"] != nil ? c.loaded.settings.scrapeInterval : PromDuration.minutes(1)
            if let at = c.loaded.globalSpans.values["scrape_interval"], globalHere != intervals.global {
                report.add(c.file, at, "global scrape_interval is \(globalHere) here; \(facts.server) runs with \(intervals.global)",
                           hint: "deploy this file, or align it with the server")
            }
            for (i, job) in c.loaded.scrapeJobs.enumerated() {
                let here = job.scrapeInterval ?? globalHere
                guard let there = intervals.jobs[job.name] else {
                    report.add(c.location(job: i, key: "job_name", in: context), "job \(job.name) is not in the configuration \(facts.server) runs with", severity: .info)
                    continue
                }
                if here != there {
                    let key = job.scrapeInterval != nil ? "scrape_interval" : "job_name"
                    report.add(c.location(job: i, key: key, in: context), "job \(job.name) is scraped every \(here) here; \(facts.server) scrapes it every \(there)",
                               hint: "deploy this file, or align it with the server")
                }
            }
        }
    }
}
