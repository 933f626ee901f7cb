import Testing
@testable import ObsLint
import ObsGen

/// group/interval says whether the scrape interval it compares with is the series' own (its
/// catalog job's, from the linted prometheus.yml) or an assumption.
@Suite struct GroupIntervalTests {
    static let rules = "groups:\n  - name: g\n    interval: 10s\n    rules:\n      - record: job:x:rate5m\n        expr: sum by (job) (rate(x_total[5m]))\n"
    static let config = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: api\n    scrape_interval: 30s\n    static_configs: [{targets: ['a:1']}]\n  - job_name: batch\n    scrape_interval: 2m\n    static_configs: [{targets: ['b:1']}]\n"

    static func messages(catalog: [Metric]) -> [String] {
        let ctx = Linter.context(texts: [("rules.yml", rules), ("prometheus.yml", config)], catalog: catalog)
        return Linter.run(ctx, checks: [GroupInterval.self]).map(\.message)
    }

    @Test func ownJobsInterval() {
        let own = Self.messages(catalog: [Metric(name: "x_total", kind: .counter, help: "x", job: "api")])
        #expect(own == ["group g evaluates every 10s, faster than its series are scraped (30s)"])
    }

    @Test func assumedInterval() {
        // No job declared: the longest interval of the linted configuration, said to be assumed.
        let assumed = Self.messages(catalog: [Metric(name: "x_total", kind: .counter, help: "x")])
        #expect(assumed == ["group g evaluates every 10s, faster than its series may be scraped (2m assumed: the longest interval known)"])
        // A job the configuration does not have: assumed too.
        let unknownJob = Self.messages(catalog: [Metric(name: "x_total", kind: .counter, help: "x", job: "elsewhere")])
        #expect(unknownJob == assumed)
    }
}
