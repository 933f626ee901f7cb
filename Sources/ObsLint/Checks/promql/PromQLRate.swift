/// rate/irate/increase/resets on the wrong input or over too short a range.
public struct PromQLRate: LintCheck {
    public static let description = CheckDescription(
        id: "promql/rate", severity: .error,
        summary: "rate(), irate(), increase() or resets() over a non-counter, over an aggregation, or over a range too short for the scrape interval.",
        rationale: "These functions detect counter resets; on a gauge they invent resets whenever the value drops. Over an aggregation (a subquery of `sum`) the sum of several counters hides their resets. With fewer than two samples in the range the result is empty: the range must be at least twice the scrape interval (error), and four times to tolerate a missed scrape (warning).",
        triggering: [
            .alert("rate(↓node_memory_free_bytes[5m]) > 1"),
            .alert("rate(↓sum(http_requests_total)[5m:1m]) > 1"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: job:x:rate1m\n        expr: rate(x_total↓[1m])\n",
                    with: [Example(.prometheusConfig, "global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n")]),
        ],
        nonTriggering: [
            .alert("rate(http_requests_total[5m]) > 1"),
            .record("sum(rate(http_requests_total[5m]))"),
        ],
        options: [CheckOption("min_range_factor", .number(atLeast: 1), default: "4", "ranges shorter than this many scrape intervals are a warning")])

    public init() {}

    static let functions: Set<String> = ["rate", "irate", "increase", "resets"]

    public func run(_ context: LintContext, report: inout Findings) {
        let warnFactor = Double(context.config.option(Self.description.id, "min_range_factor") ?? "4") ?? 4
        for r in context.rules {
            guard let e = r.expr else { continue }
            for c in Analysis.calls(e) where Self.functions.contains(c.function.name) {
                guard let arg = c.args.first else { continue }
                switch arg {
                case .matrixSelector(let m):
                    let name = m.selector.metricName
                    if let name, let kind = context.kind(ofSeries: name), kind != .counter, !(c.function.name == "resets" && kind == .gauge) {
                        report.add(r, exprRange: m.selector.range, "\(c.function.name)() over \(name), which is a \(kind.rawValue), not a counter",
                                   hint: kind == .gauge ? "use deriv() or delta() for gauges" : nil)
                    }
                    if let seconds = m.rangeDuration.constantSeconds, let name, let known = context.knownScrapeInterval(metric: name) {
                        let interval = known.seconds
                        let rr = PositionRange(start: m.selector.range.end, end: m.range.end)
                        if seconds < 2 * interval {
                            report.add(r, exprRange: rr, "range \(formatDuration(milliseconds: Int64(seconds * 1000))) holds fewer than two samples at a \(formatDuration(milliseconds: Int64(interval * 1000))) scrape interval; \(c.function.name)() returns nothing",
                                       hint: "use at least \(formatDuration(milliseconds: Int64(interval * warnFactor * 1000)))")
                        } else if seconds < warnFactor * interval {
                            report.add(r, exprRange: rr, "range \(formatDuration(milliseconds: Int64(seconds * 1000))) is under \(Int(warnFactor))× the \(formatDuration(milliseconds: Int64(interval * 1000))) scrape interval; one missed scrape leaves \(c.function.name)() empty",
                                       hint: "use at least \(formatDuration(milliseconds: Int64(interval * warnFactor * 1000)))")
                        }
                    }
                case .subquery(let s):
                    if case .aggregation = s.expr.unparenthesized {
                        report.add(r, exprRange: s.expr.range, "\(c.function.name)() over an aggregation: the sum of several counters hides their resets",
                                   hint: "aggregate after: sum(\(c.function.name)(x[…]))")
                    }
                default: break
                }
            }
        }
    }
}
