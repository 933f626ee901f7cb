import Foundation
import Testing
@testable import ObsLint

/// Where the linter's knowledge of a metric's kind comes from, in order: the project's
/// catalog, the built-in catalog of well-known metrics, naming conventions.
@Suite struct MetricKindTests {
    static func context(rules: String? = nil, catalog: [Metric] = []) -> LintContext {
        Linter.context(texts: rules.map { [("rules.yml", $0)] } ?? [], catalog: catalog)
    }

    @Test func projectCatalogComesFirst() {
        let ctx = Self.context(catalog: [Metric(name: "node_memory_MemAvailable_bytes", kind: .counter, help: "Odd, but the project says so.")])
        #expect(ctx.kindFact(ofSeries: "node_memory_MemAvailable_bytes") == KindFact(.counter, .catalog))
        // Names the project does not declare still come from the built-in catalog.
        #expect(ctx.kindFact(ofSeries: "node_load1")?.source == .wellKnown)
    }

    /// The kinds found once for the series the rules read are found again when the catalog
    /// changes afterwards (obsgen.yml's metrics are added to a finished context).
    @Test func aMetricDeclaredAfterTheContextIsFinishedCounts() {
        var ctx = Self.context(rules: "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(app_queue_total[5m]) > 1\n")
        #expect(ctx.kindFact(ofSeries: "app_queue_total") == KindFact(.counter, .naming))
        ctx.catalog["app_queue_total"] = Metric(name: "app_queue_total", kind: .gauge, help: "A gauge, whatever its name says.")
        #expect(ctx.kindFact(ofSeries: "app_queue_total") == KindFact(.gauge, .catalog))
    }

    @Test func recordedNamesAreWhatTheirRuleMakesThem() {
        let ctx = Self.context(rules: "groups:\n  - name: g\n    rules:\n      - record: node_memory_MemAvailable_bytes\n        expr: vector(1)\n      - record: cache_size_bytes\n        expr: vector(1)\n")
        #expect(ctx.kindFact(ofSeries: "node_memory_MemAvailable_bytes") == nil)
        #expect(ctx.kindFact(ofSeries: "cache_size_bytes") == nil)
    }

    @Test func builtInCatalogBeforeNamingConventions() throws {
        let ctx = Self.context()
        let cpu = try #require(ctx.kindFact(ofSeries: "node_cpu_seconds_total"))
        #expect(cpu.kind == .counter && cpu.source == .wellKnown && cpu.exporters == ["node"])
        #expect(ctx.kindFact(ofSeries: "node_memory_MemAvailable_bytes") == KindFact(.gauge, .wellKnown, exporters: ["node"]))
        // A histogram's and a summary's series.
        #expect(ctx.kindFact(ofSeries: "prometheus_http_request_duration_seconds")?.kind == .histogram)
        #expect(ctx.kindFact(ofSeries: "prometheus_http_request_duration_seconds_bucket")?.kind == .counter)
        #expect(ctx.kindFact(ofSeries: "go_gc_duration_seconds")?.kind == .summary)
        #expect(ctx.kindFact(ofSeries: "go_gc_duration_seconds_count")?.kind == .counter)
        #expect(ctx.kindFact(ofSeries: "go_gc_duration_seconds_bucket")?.source != .wellKnown)
        // Go and process collectors, from every exporter.
        #expect(ctx.kindFact(ofSeries: "process_resident_memory_bytes")?.exporters.count == WellKnownMetrics.sources.count)
        // Untyped in the exporter's output: known, and not guessed from the name.
        #expect(WellKnownMetrics.all["node_ethtool_received_queue_0_bytes"]?.kind == nil || WellKnownMetrics.all["node_ethtool_received_queue_0_bytes"] == nil)
        #expect(WellKnownMetrics.all["node_vmstat_pgfault"]?.types == ["untyped"])
        #expect(ctx.kindFact(ofSeries: "node_vmstat_pgfault") == nil)
        // Counters without _total are known as counters.
        #expect(ctx.kindFact(ofSeries: "namedprocess_scrape_errors")?.kind == .counter)
    }

    @Test func namingConventions() {
        let ctx = Self.context()
        func fact(_ n: String) -> KindFact? { ctx.kindFact(ofSeries: n) }
        #expect(fact("http_requests_total") == KindFact(.counter, .naming))
        #expect(fact("rpc_latency_seconds_bucket") == KindFact(.counter, .naming))
        #expect(fact("cache_size_bytes") == KindFact(.gauge, .naming))
        #expect(fact("replication_lag_seconds") == KindFact(.gauge, .naming))
        #expect(fact("last_backup_timestamp_seconds") == KindFact(.gauge, .naming))
        #expect(fact("cache_hit_ratio") == KindFact(.gauge, .naming))
        #expect(fact("myapp_build_info") == KindFact(.info, .naming))
        // Amounts moved and time spent: counters often named without _total.
        #expect(fact("ceph_pool_rd_bytes") == nil)
        #expect(fact("junos_interface_transmit_bytes") == nil)
        #expect(fact("opensearch_index_search_query_time_seconds") == nil)
        #expect(fact("http_server_duration_seconds") == nil)
        // Recording-rule names follow level:metric:operations, not suffixes.
        #expect(fact("instance:node_memory_utilisation:ratio") == nil)
        #expect(fact("job:cache_size_bytes:max") == nil)
        #expect(fact("requests") == nil)
    }

    @Test func namingConventionsAreReportedOneSeverityLower() {
        func findings(_ expr: String, _ check: String) -> [Finding] {
            let rules = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: \(expr)\n"
            return Linter.run(Self.context(rules: rules)).filter { $0.check == check }
        }
        #expect(findings("rate(node_memory_MemAvailable_bytes[5m]) > 1", "promql/rate").map(\.severity) == [.error])
        #expect(findings("rate(cache_size_bytes[5m]) > 1", "promql/rate").map(\.severity) == [.warning])
        #expect(findings("node_network_receive_errs_total > 0", "promql/counter").map(\.severity) == [.warning])
        #expect(findings("myapp_errors_total > 0", "promql/counter").map(\.severity) == [.info])
        let gauge = findings("rate(node_memory_MemAvailable_bytes[5m]) > 1", "promql/rate").first?.message ?? ""
        #expect(gauge.contains("the node exporter exposes as a gauge"), "\(gauge)")
        // A configured severity applies to both.
        var config = LintConfig()
        config.checks["promql/rate"] = LintConfig.CheckSettings(severity: .error)
        let ctx = Linter.context(texts: [("rules.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(cache_size_bytes[5m]) > 1\n")], config: config)
        #expect(Linter.run(ctx).filter { $0.check == "promql/rate" }.map(\.severity) == [.error])
    }

    @Test func dashboardTargetsAreChecked() {
        let dashboard = #"{"uid": "d", "title": "D", "schemaVersion": 42, "panels": [{"id": 1, "type": "timeseries", "title": "Memory", "targets": [{"expr": "rate(node_memory_MemAvailable_bytes[$__rate_interval])"}, {"expr": "sum by (job) (node_network_receive_errs_total)"}, {"expr": "histogram_quantile(0.9, rate(go_gc_duration_seconds[$__rate_interval]))"}]}]}"#
        let findings = Linter.run(Linter.context(texts: [("d.json", dashboard)]))
        let got = Set(findings.filter { $0.check.hasPrefix("promql/") }.map { "\($0.check) \($0.severity)" })
        #expect(got == ["promql/rate error", "promql/counter warning", "promql/histogram error"], "\(findings.map { "\($0.check): \($0.message)" })")
    }

    /// The committed catalog: what it holds and where it came from.
    @Test func builtInCatalogContents() throws {
        let ids = WellKnownMetrics.sources.map(\.id)
        for id in ["node", "blackbox", "prometheus", "alertmanager", "pushgateway", "postgres", "mysqld", "redis"] {
            #expect(ids.contains(id), "\(id) missing from the built-in catalog's sources")
        }
        for s in WellKnownMetrics.sources {
            #expect(!s.version.isEmpty)
            #expect(WellKnownMetrics.all.values.filter { $0.exporters.contains(s.id) }.count == s.metrics, "\(s.id)")
        }
        let cpu = try #require(WellKnownMetrics.all["node_cpu_seconds_total"])
        #expect(cpu.unit == .seconds)
        #expect(cpu.label("mode")?.values?.contains("idle") == true)
        #expect(cpu.label("cpu")?.values == nil)
        #expect(WellKnownMetrics.all["probe_success"]?.kind == .gauge)
        #expect(WellKnownMetrics.all["probe_ssl_earliest_cert_expiry"]?.kind == .gauge)
        #expect(WellKnownMetrics.all["pg_up"]?.exporters == ["postgres"])
        #expect(WellKnownMetrics.all["push_time_seconds"]?.exporters == ["pushgateway"])
        #expect(WellKnownMetrics.all["obsgen_catalog_pushed"] == nil)
        #expect(WellKnownMetrics.all.count > 700)
    }

    @Test func builtInCatalogIsNotUsedForLabels() {
        // Real setups add labels by relabeling (job, instance, cluster, any target label).
        let rules = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: node_load1{cluster=\"a\", datacenter=\"b\"} > 4\n        for: 5m\n"
        #expect(Linter.run(Self.context(rules: rules)).filter { $0.check.hasPrefix("labels/") }.isEmpty)
    }
}

extension WellKnownMetric {
    func label(_ name: String) -> LabelSpec? { labels.first { $0.name == name } }
}
