/// Group evaluation intervals that do not fit the data.
public struct GroupInterval: LintCheck {
    public static let description = CheckDescription(
        id: "group/interval", severity: .warning,
        summary: "A rule group evaluates faster than its series are scraped, or slower than its shortest rate window allows.",
        rationale: "Evaluating more often than the data changes costs CPU and changes nothing; evaluating less often than a quarter of a rate() window skips data a short alert should have seen.",
        triggering: [Example(.rules, "groups:\n  - name: g\n    interval: ↓5s\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n",
                             with: [Example(.prometheusConfig, "global:\n  scrape_interval: 1m\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n")])],
        nonTriggering: [Example(.rules, "groups:\n  - name: g\n    interval: 1m\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        var done = Set<String>()
        // The rules of each (file, group name), gathered once: filtering every rule per group
        // made a large file quadratic.
        struct GroupKey: Hashable { var file: ObjectIdentifier, name: String }
        var byGroup: [GroupKey: [LintRule]] = [:]
        for r in context.rules {
            byGroup[GroupKey(file: ObjectIdentifier(r.file), name: r.group.name), default: []].append(r)
        }
        for r in context.rules {
            guard let interval = r.group.interval, done.insert("\(r.file.path)|\(r.group.name)").inserted else { continue }
            let groupRules = byGroup[GroupKey(file: ObjectIdentifier(r.file), name: r.group.name)] ?? []
            var scrape: PromDuration?
            // Whether that interval is the series' own (its catalog job's), or assumed: the
            // longest of the linted configuration's jobs, or the default.
            var scrapeIsKnown = false, scrapeIsDefault = false
            var minWindow: Double?
            for gr in groupRules {
                guard let e = gr.expr else { continue }
                for (v, _) in gr.selectors where !(v.metricName?.contains(":") ?? true) {
                    let found = context.scrapeIntervalFound(metric: v.metricName!)
                    let s = found?.interval ?? context.config.defaultScrapeInterval, known = found?.ofItsJob ?? false
                    if scrape == nil || s < scrape! || (s == scrape! && known) {
                        scrape = s
                        scrapeIsKnown = known
                        scrapeIsDefault = found == nil
                    }
                }
                e.walk { if case .matrixSelector(let m) = $0, let s = m.rangeDuration.constantSeconds { minWindow = min(minWindow ?? s, s) } }
            }
            let site = intervalRange(r)
            if !context.scrapeConfigs.isEmpty || !context.catalog.isEmpty, let scrape, interval < scrape {
                if scrapeIsKnown {
                    report.add(r.file, site, "group \(r.group.name) evaluates every \(interval), faster than its series are scraped (\(scrape))")
                } else {
                    report.add(r.file, site, "group \(r.group.name) evaluates every \(interval), faster than its series may be scraped (\(scrape) assumed: \(scrapeIsDefault ? "the default interval" : "the longest interval known"))",
                               hint: "declare each metric's job in the catalog to check against that job's interval")
                }
            }
            if let w = minWindow, interval.seconds > w / 2 {
                report.add(r.file, site, "group \(r.group.name) evaluates every \(interval), too rarely for its \(formatDuration(milliseconds: Int64(w * 1000))) windows")
            }
        }
    }

    func intervalRange(_ r: LintRule) -> PositionRange { r.groupIntervalRange }
}
