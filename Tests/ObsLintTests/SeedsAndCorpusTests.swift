import Foundation
import Testing
@testable import ObsLint
@testable import ObsGenPacks

@Suite struct SeedsAndCorpusTests {
    static let seeds = Env.repositoryRoot.appendingPathComponent("Tests/ObsLintTests/Fixtures/seeds")

    static func lint(_ names: [String], config: String? = nil, disable: [String] = []) -> (LintContext, [Finding]) {
        var catalog: [Metric] = []
        var lintConfig = LintConfig()
        if let config {
            let c = ObsgenConfigFile.load(path: seeds.appendingPathComponent(config).path)
            #expect(c.diagnostics.isEmpty, "\(c.diagnostics)")
            catalog = c.metrics
            lintConfig = c.lint
        }
        for id in disable { lintConfig.checks[id] = LintConfig.CheckSettings(enabled: false) }
        let texts = names.map { n -> (String, String) in
            let url = seeds.appendingPathComponent(n)
            return ("seeds/\(n)", (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        }
        let ctx = Linter.context(texts: texts, catalog: catalog, config: lintConfig)
        return (ctx, Linter.run(ctx))
    }

    /// The implementation guide's dashboard, scrape job and metrics, as the seed has them:
    /// exactly its real defects.
    @Test func seedDeploymentGuideDefects() {
        let (_, findings) = Self.lint(["deployment-pipeline-dashboard.json", "prometheus-scrape.yml", "prometheus-rule-files.yml"], config: "obsgen.yml")
        let got = Set(findings.map { "\($0.check) \(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line)" })
        let expected: Set<String> = [
            // The dashboard reads a recording rule the guide never defines (at the selector in its expr).
            "rules/undefined deployment-pipeline-dashboard.json:63",
            // Health-check latency pushed in milliseconds.
            "naming/metric obsgen.yml:12",
            // deployment_id on a counter: a new series per deployment.
            "labels/cardinality obsgen.yml:24",
            // A graph panel (deprecated, at its type), without a unit for its seconds (at the panel).
            "dashboards/deprecated-panel deployment-pipeline-dashboard.json:47",
            "dashboards/unit deployment-pipeline-dashboard.json:44",
            // No datasource variable, no uid.
            "dashboards/datasource deployment-pipeline-dashboard.json:1",
            "dashboards/title deployment-pipeline-dashboard.json:1",
        ]
        #expect(got == expected, "unexpected: \(got.subtracting(expected).sorted()), missing: \(expected.subtracting(got).sorted())")
    }

    /// The monitoring guide's PromQL queries parse and raise nothing. (Read as recording
    /// rules; rules/unused and rules/name would only judge that framing.)
    @Test func seedMonitoringQueriesAreClean() {
        let (ctx, findings) = Self.lint(["monitoring-queries.yml"], disable: ["rules/unused"])
        #expect(ctx.rules.count == 11)
        #expect(ctx.rules.allSatisfy { $0.expr != nil })
        #expect(findings.isEmpty, "\(findings.map { "\($0.check): \($0.message)" })")
    }

    /// The built-in pack lints clean: every rendered file together, with the catalog (as
    /// `obsgen lint` on the project) and without it (as `obsgen lint rules/ dashboards/ config/`
    /// on the committed files). The promtool tests, Alertmanager and Grafana provisioning files
    /// among them are recognised by content and not linted.
    @Test func packLintsClean() throws {
        let files = try DeploymentPack.project.renderedFiles(source: "pack")
        let texts = files.filter { $0.path.hasSuffix(".yml") || $0.path.hasSuffix(".json") }.map { ($0.path, $0.contents) }
        for catalog in [DeploymentPack.project.metrics, []] {
            let ctx = Linter.context(texts: texts, catalog: catalog)
            let findings = Linter.run(ctx)
            #expect(findings.isEmpty, "\(findings.map { "\($0.file):\($0.line) \($0.check): \($0.message)" })")
            let skipped = Dictionary(grouping: ctx.skippedFiles, by: \.kind).mapValues(\.count)
            #expect(skipped == [.ruleTests: 4, .alertmanagerConfig: 1, .grafanaProvisioning: 2], "\(skipped)")
        }
    }

    /// Findings on the real-world corpus read one by one, by check, then `file:line`: why each
    /// stands. Every finding of these checks must be here and everything here must be found.
    static let reviewed: [String: [String: String]] = [
        "dashboards/query": [
            "dashboards/monitoring-mixins/windows-active-directory/activedirectory.json:801":
                "`rate(x * 8[$__rate_interval])`: a range on an arithmetic expression; promtool rejects it (`rate(x[$__rate_interval]) * 8` was meant).",
            "dashboards/monitoring-mixins/windows-active-directory/activedirectory.json:868":
                "The same, for the intersite traffic.",
            "dashboards/monitoring-mixins/ceph/radosgw-sync-overview.json:518":
                "`{%(matchers)s}`: a jsonnet format string left in the rendered query; promtool rejects it.",
        ],
        "alerts/comparison": [
            "rules/monitoring-mixins/cilium-enterprise/alerts.yaml:10":
                "Error. `sum(cilium_endpoint_state{endpoint_state=\"invalid\"}) by (pod)`: a gauge of endpoints per state (Cilium increments and decrements it), summed per pod: it fires for every pod that has the series, whatever the count, 0 included once its invalid endpoints are gone. `> 0` is missing.",
            "rules/awesome-prometheus-alerts/postgresql/postgres-exporter.yml:177":
                "Warning. `pg_general_index_info_pg_relation_size{indexrelname=~\".*ccnew.*\"}`: the series exists only while a leftover `ccnew` index does; the matcher is the condition (intended).",
            "rules/monitoring-mixins/ceph/alerts.yaml:1191":
                "Warning. `ceph_nvmeof_subsystem_metadata{allow_any_host=\"yes\"}`: a metadata series (value 1); the matcher is the condition (intended).",
            "rules/monitoring-mixins/ceph/alerts.yaml:1281":
                "Warning. `…_iface_info{operstate=\"down\"}`: an info metric; the state label is the condition (intended).",
            "rules/monitoring-mixins/ceph/alerts.yaml:1292":
                "Warning. `…_iface_info{duplex!=\"full\"}`: the same (intended).",
        ],
        "promql/impossible": [
            "rules/kube-prometheus/crd/alertmanager-prometheusRule.yaml:81": "Error. The alertmanager mixin with no critical integrations configured renders `integration!~\".*\"` for its non-critical alert: it selects nothing, so AlertmanagerClusterFailedToSendAlerts (warning) can never fire.",
            "rules/kube-prometheus/crd/alertmanager-prometheusRule.yaml:83": "The same alert's denominator.",
            "rules/kube-prometheus/plain/alertmanager-prometheusRule.rules.yaml:68": "The same mixin, as a plain rule file.",
            "rules/kube-prometheus/plain/alertmanager-prometheusRule.rules.yaml:70": "The same, denominator.",
            "rules/monitoring-mixins/alertmanager/alerts.yaml:71": "The mixin itself, same defect.",
            "rules/monitoring-mixins/alertmanager/alerts.yaml:73": "The same, denominator.",
            "rules/monitoring-mixins/kafka/alerts.yaml:300": "Error. `avg(rate(…zookeepersyncconnectspersec…)) < 0`: a rate is never negative; the alert can never fire (`> 0` or a different metric was meant).",
            "rules/kube-prometheus/crd/alertmanager-prometheusRule.yaml:66": "Warning. `integration=~\".*\"` (no critical integrations configured) matches every series and filters nothing.",
            "rules/kube-prometheus/crd/alertmanager-prometheusRule.yaml:68": "The same, denominator.",
            "rules/kube-prometheus/plain/alertmanager-prometheusRule.rules.yaml:53": "The same mixin, plain rule file.",
            "rules/kube-prometheus/plain/alertmanager-prometheusRule.rules.yaml:55": "The same, denominator.",
            "rules/monitoring-mixins/alertmanager/alerts.yaml:54": "The mixin itself.",
            "rules/monitoring-mixins/alertmanager/alerts.yaml:56": "The same, denominator.",
        ],
        "thresholds/units": [
            "rules/monitoring-mixins/apache-activemq/alerts.yaml:36": "Error. `activemq_store_usage_ratio > 70`: the metric is a 0–1 ratio (its name and ActiveMQ's exporter say so), the threshold a percentage; the alert never fires.",
            "rules/monitoring-mixins/apache-activemq/alerts.yaml:48": "The same for temporary memory (`activemq_temp_usage_ratio > 70`).",
        ],
        "promql/vector-matching": [
            "rules/monitoring-mixins/gitlab/alerts.yaml:33": "Error. `sum by (instance, status) (…) / sum by (instance) (…)` with no `on`/`ignoring`: one-to-one matching on all labels, and the left has `status` the right lacks; the division returns nothing and the 5XX alert never fires.",
            "rules/monitoring-mixins/gitlab/alerts.yaml:44": "The same for the 4XX alert.",
        ],
        "promql/histogram": [
            "rules/monitoring-mixins/thanos/alerts.yaml:594": "Error. `histogram_quantile(0.99, sum by (job) (rate(…_bucket[5m])))`: the sum drops `le`, so histogram_quantile has no buckets and returns nothing; `by (job, le)` was meant.",
        ],
        "dashboards/undefined-variable": [
            "dashboards/monitoring-mixins/ceph/multi-cluster-overview.json:1183": "Error. The query reads `$Cluster`; the dashboard defines `cluster` (variables are case-sensitive): the panel is empty.",
            "dashboards/monitoring-mixins/nginx/nginx-logs.json:1570": "Error. `$host` is not a variable of this dashboard; Grafana leaves it unexpanded and the Loki query matches nothing.",
            "dashboards/monitoring-mixins/nodejs/nodejs-overview.json:199": "Error. `$hostname` is not defined (the dashboard's variable is `instance`): the panel is empty.",
        ],
        "promql/rate": [
            "dashboards/monitoring-mixins/thanos/compact.json:1504": "Error. `rate(go_memstats_heap_alloc_bytes[30s])`: heap in use is a gauge that drops at every GC; rate() reads each drop as a counter reset and the panel shows garbage.",
            "dashboards/monitoring-mixins/thanos/query-frontend.json:801": "The same Thanos panel.",
            "dashboards/monitoring-mixins/thanos/query.json:1648": "The same Thanos panel.",
            "dashboards/monitoring-mixins/thanos/receive.json:2699": "The same Thanos panel.",
            "dashboards/monitoring-mixins/thanos/rule.json:1629": "The same Thanos panel.",
            "dashboards/monitoring-mixins/thanos/sidecar.json:1190": "The same Thanos panel.",
            "dashboards/monitoring-mixins/thanos/store.json:2538": "The same Thanos panel.",
            // One panel's three targets (two of process_virtual_memory_bytes, one of …_max_bytes), one reason.
            "dashboards/monitoring-mixins/supabase/supabase.json:6293": "Error. `rate(process_virtual_memory_bytes)` and `rate(process_virtual_memory_max_bytes)`: memory sizes (gauges), not counters.",
            "dashboards/monitoring-mixins/supabase/supabase.json:6319": "Error. `rate(process_virtual_memory_bytes)` and `rate(process_virtual_memory_max_bytes)`: memory sizes (gauges), not counters.",
            "dashboards/monitoring-mixins/supabase/supabase.json:6332": "Error. `rate(process_virtual_memory_bytes)` and `rate(process_virtual_memory_max_bytes)`: memory sizes (gauges), not counters.",
            "dashboards/dotdc-kubernetes/k8s-views-nodes.json:3760": "Error. `rate(node_disk_io_now)`: I/Os in progress now, a gauge; rate() of it is meaningless.",
            "dashboards/rfmoz/node-exporter-full-old.json:11050": "Error. `irate(node_disk_io_now)`: the same gauge.",
            "dashboards/rfmoz/node-exporter-full-old.json:9561": "Error. `irate(process_start_time_seconds)`: a start timestamp (gauge); `changes()` counts restarts.",
            "dashboards/kube-prometheus/prometheus-remote-write.json:93": "Warning (naming). `rate(…_highest_timestamp_seconds)` and `…_highest_sent_timestamp_seconds`: timestamps (gauges); the panel wants `deriv()`, and a restart reads as a huge reset.",
            "dashboards/monitoring-mixins/prometheus/prometheus-remote-write.json:91": "The same panel in the Prometheus mixin.",
            "dashboards/monitoring-mixins/ceph/multi-cluster-overview.json:1183": "Warning (naming). `increase(ceph_cluster_total_used_bytes)`: used capacity goes down when data is deleted; `delta()` is the function for a gauge.",
            "dashboards/monitoring-mixins/loki/loki-bloom-gateway.json:4353": "Warning (naming). `rate(loki_bloom_blocks_cache_usage_bytes)`: cache usage is a gauge (it shrinks on eviction); `deriv()` was meant.",
            "dashboards/monitoring-mixins/mongodb/mongodb-cluster.json:1345": "Warning (naming). `rate(mongodb_mongos_db_index_size_bytes)` for \"Index size change rate\": a size (gauge); `deriv()` was meant.",
        ],
        "dashboards/panel-id": [
            "dashboards/monitoring-mixins/loki/loki-operational.json:4820": "Error. Two panels with id 78 in one dashboard: Grafana's panel links, `viewPanel` and library panel references reach only one of them.",
            "dashboards/monitoring-mixins/loki/loki-operational.json:4841": "The same for id 79.",
            "dashboards/monitoring-mixins/loki/loki-operational.json:4944": "The same for id 80.",
        ],
    ]

    /// Findings reviewed as a group: every finding of the check whose message contains the
    /// text is the same defect in another file, for the reason given (the count is in the doc).
    static let reviewedGroups: [String: [(contains: String, why: String)]] = [
        "promql/rate": [
            ("increase() over an aggregation: the sum of several counters hides their resets",
             "Error. `increase(sum(istio_requests_total{…})[$__interval:])` and the like (istio, cassandra): a subquery over a sum of counters; when one counter resets the sum drops, increase() reads that as a reset of the sum and adds its whole value — the panel spikes. `sum(increase(…[$__interval]))` was meant."),
        ],
        "alerts/template": [
            ("reads $labels.instance, which the expression does not keep",
             "The expression aggregates without `instance` (`sum(…)`, `sum by (job) (…)`, `histogram_quantile(…, sum by (le) …)`), so `{{ $labels.instance }}` is always empty: the summary reads \"(instance )\". Sampled 20 across the files: every one aggregates instance away. Mostly awesome-prometheus-alerts' generated summaries."),
            ("which the expression does not keep",
             "The same for other labels (job, cluster, pod, operation, namespace, map_name, …): each read in the annotation is aggregated away in the expression; checked one by one."),
            ("}} without {{ is printed as it is",
             "Warning. apache-cassandra's HighMemoryUsage description ends in \"threshold of 80 }}.\": a stray `}}` (Go prints it as text), a typo in the message."),
        ],
    ]

    /// A judged sample of the warnings of the ten checks that had the most, before their review
    /// (commit 8124df6): 12 of each check's warnings drawn by `Tools/sample-warnings.py` (seed 2024)
    /// and read in the files. `before` is the check's warning count then; the doc adds today's.
    struct WarningJudgement {
        var check: String
        var before: Int
        var sample: Int
        var truePositives: Int
        var noisy: Int
        var falsePositives: Int
        var verdict: String
        var change: String
    }

    static let warningJudgements: [WarningJudgement] = [
        WarningJudgement(check: "alerts/required", before: 1778, sample: 12, truePositives: 0, noisy: 12, falsePositives: 0,
                         verdict: "All 12 are a missing runbook_url (1632 of the 1778): true to the default option, but most published rule collections (awesome-prometheus-alerts, most mixins) keep no runbooks, so the warning says nothing new per alert.",
                         change: "runbook_url is recommended, not required, by default: its absence is info (new option `recommended_annotations`); a missing summary, description or severity stays a warning, and `obsgen init` projects still require runbook_url."),
        WarningJudgement(check: "dashboards/deprecated-panel", before: 826, sample: 12, truePositives: 12, noisy: 0, falsePositives: 0,
                         verdict: "All 12 are graph panels (748 graph and 78 singlestat in all): Angular panels that current Grafana converts on load (timeseries, stat), differently across versions.",
                         change: "None."),
        WarningJudgement(check: "rules/duplicate", before: 346, sample: 12, truePositives: 0, noisy: 1, falsePositives: 11,
                         verdict: "11 pair a kube-prometheus PrometheusRule resource with the same rule in a plain file (kube-prometheus' own plain copy, or the kubernetes mixin's files): no Prometheus loads both. 1 is the same Cilium alert in two collections, a warning as the check means it.",
                         change: "Resources are compared with resources and plain files with plain files (non-triggering example). The kubernetes mixin's rules now pair with kube-prometheus' plain copy instead: two distributions of one mixin, noisy here, true where one folder feeds one Prometheus."),
        WarningJudgement(check: "rules/name", before: 317, sample: 12, truePositives: 0, noisy: 4, falsePositives: 8,
                         verdict: "8 are the node exporter's compatibility rules, which record a metric under its old or new name on purpose; 4 are established mixin names (apiserver_request:burnrate6h, :query_duration_seconds:histogram_quantile) whose renaming would break their readers.",
                         change: "A rule that republishes one metric series for series is not judged (non-triggering examples); default severity info, since a name changes nothing a rule does; the hint for names with colons no longer suggests job::x:y:rate5m."),
        WarningJudgement(check: "alerts/for", before: 272, sample: 12, truePositives: 1, noisy: 11, falsePositives: 0,
                         verdict: "11 are an explicit for: 0m (awesome-prometheus-alerts writes it on alerts that fire at once): redundant, harmless. 1 is asterisk's for: 10s, under Prometheus' default 1m evaluation interval (the group sets none).",
                         change: "An explicit for: 0s is info; a for shorter than the evaluation interval and an absent() alert without for stay warnings."),
        WarningJudgement(check: "naming/metric", before: 215, sample: 12, truePositives: 0, noisy: 12, falsePositives: 0,
                         verdict: "All 12 are names a rule reads but no linted file defines: the node exporter's /proc/meminfo names (node_memory_SwapTotal_bytes), SNMP MIB names (ifHCOutOctets), mongodb and graph-node names. True of the name, but the rule's author cannot rename an exporter's metric.",
                         change: "Names only read by rules are info, and names of the built-in catalog of well-known metrics are not reported (non-triggering example); the project catalog's own metrics stay warnings."),
        WarningJudgement(check: "thresholds/dashboard", before: 184, sample: 12, truePositives: 5, noisy: 0, falsePositives: 7,
                         verdict: "7 false: an alert on another service's series (up{job=~\".*openstack.*\"}, go_threads{job=~\".*(mimir|cortex).*\"}, process_resident_memory_bytes of GitLab) matched every panel of the metric, and == 0 state alerts matched up/down panels. 5 true: a panel that graphs the alert's very expression (its own mixin's, or the same exporter's) without its threshold.",
                         change: "The panel must carry each label matcher of the alert (its variable matchers aside), and only >, >=, <, <= alerts count (non-triggering examples)."),
        WarningJudgement(check: "dashboards/rate-interval", before: 183, sample: 12, truePositives: 5, noisy: 0, falsePositives: 7,
                         verdict: "7 false: irate() over a fixed [5m] (Node Exporter Full), which reads the last two samples whatever the range. 5 true: rate() over a fixed [1m] or [5m], increase() over $__interval.",
                         change: "irate() over a fixed range is not reported (non-triggering example); irate() over $__interval still is."),
        WarningJudgement(check: "rules/undefined", before: 127, sample: 12, truePositives: 4, noisy: 0, falsePositives: 8,
                         verdict: "8 false: Spinnaker's and TensorFlow Serving's own metrics have colons in their names (clouddriver:google:api__count_total, :tensorflow:serving:runtime_latency_sum) and were taken for recording rules. 4 true: the Windows dashboards read recording rules no linted file defines.",
                         change: "A colon name whose last part reads like a metric's (_total, _count, _sum, _bucket, camelCase), and the other names under its first two parts, are metrics; so is a catalog metric with colons (non-triggering example, linted without a catalog)."),
        WarningJudgement(check: "dashboards/layout", before: 102, sample: 12, truePositives: 0, noisy: 12, falsePositives: 0,
                         verdict: "All 12 are overlaps in the mixins' dashboards (haproxy, redis, ceph, kafka, snmp): Grafana lays panels out in y, x order and pushes an overlapped one down, and in none of the 25 dashboards with a layout finding does that move a panel to another row.",
                         change: "Overlaps are info; a negative gridPos and a panel past the 24 columns stay warnings."),
    ]

    /// Every real-world file is read; the table of findings per check, and the reviewed
    /// findings with their reasons, are committed and must match (docs/lint-corpus.md).
    @Test(.enabled(if: Needs.shared("corpus/realworld"), "../shared/corpus/realworld is absent")) func realWorldCorpusTable() throws {
        _ = try Env.required("corpus/realworld")
        let root = Env.shared.appendingPathComponent("corpus/realworld").path
        let paths = Linter.files(under: [root + "/rules", root + "/dashboards"])
        let texts = paths.map { p in (String(p.dropFirst(root.count + 1)), (try? String(contentsOfFile: p, encoding: .utf8)) ?? "") }
        let ctx = Linter.context(texts: texts, features: .none)
        let findings = Linter.run(ctx)
        #expect(!ctx.loadDiagnostics.contains { $0.1.id == "yaml/parse" || $0.1.id == "dashboards/parse" }, "some corpus files could not be read")
        var counts: [String: [Severity: Int]] = [:]
        for f in findings { counts[f.check, default: [:]][f.severity, default: 0] += 1 }
        var table = "| check | errors | warnings | info |\n|---|---:|---:|---:|\n"
        for id in Linter.allChecks.map({ $0.description.id }) {
            let c = counts[id] ?? [:]
            table += "| \(id) | \(c[.error] ?? 0) | \(c[.warning] ?? 0) | \(c[.info] ?? 0) |\n"
        }
        let header = "# obsgen lint on the real-world corpus\n\n\(paths.count) files (\(ctx.rules.count) rules, \(ctx.dashboards.count) dashboards), default configuration, no project metric catalog (the built-in catalog of well-known metrics applies).\nChecked by `swift test --filter realWorldCorpusTable`: a change of counts or of the reviewed findings fails the test until this file is regenerated with `OBSGEN_UPDATE_GOLDEN=1 swift test --filter realWorldCorpusTable`.\n\n"
        // Findings matched to a group of the same defect (by message), then the rest by place.
        var grouped: [Int: Int] = [:]   // finding index → group index
        for (i, f) in findings.enumerated() {
            if let g = Self.reviewedGroups[f.check]?.firstIndex(where: { f.message.contains($0.contains) }) { grouped[i] = g }
        }
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var notes = "\n## Reviewed findings\n\nEvery finding of these checks was read (those of the groups below aside); why each stands (the test fails on a new or vanished one).\n"
        for id in Self.reviewed.keys.sorted() {
            let mine = findings.enumerated().filter { $0.element.check == id && grouped[$0.offset] == nil }.map(\.element)
            notes += "\n### \(id) (\(mine.count))\n\n| where | finding | why |\n|---|---|---|\n"
            for f in mine {
                let key = "\(f.file):\(f.line)"
                let reason = Self.reviewed[id]?[key]
                #expect(reason != nil, "\(id) at \(key) is not reviewed: \(f.message)")
                notes += "| \(key) | \(cell(f.message)) | \(cell(reason ?? "NOT REVIEWED")) |\n"
            }
            let found = Set(mine.map { "\($0.file):\($0.line)" })
            for key in (Self.reviewed[id] ?? [:]).keys.sorted() where !found.contains(key) {
                Issue.record("reviewed \(id) at \(key) is no longer found")
            }
        }
        notes += "\n## Reviewed in groups\n\nThe same defect in many places; the test matched every finding to its group.\n"
        for id in Self.reviewedGroups.keys.sorted() {
            notes += "\n### \(id)\n\n| findings | message contains | why |\n|---:|---|---|\n"
            for (gi, g) in (Self.reviewedGroups[id] ?? []).enumerated() {
                let hits = findings.indices.filter { findings[$0].check == id && grouped[$0] == gi }
                #expect(!hits.isEmpty, "the reviewed group \(id) \"\(g.contains)\" no longer matches any finding")
                notes += "| \(hits.count) | \(cell(g.contains)) | \(cell(g.why)) |\n"
            }
        }
        // Every error is reviewed, alone or in a group.
        for (i, f) in findings.enumerated() where f.severity == .error && grouped[i] == nil && Self.reviewed[f.check]?["\(f.file):\(f.line)"] == nil {
            Issue.record("error \(f.check) at \(f.file):\(f.line) is not reviewed: \(f.message)")
        }
        // The sampled judgement of the warnings, with each check's warnings today.
        var judged = "\n## Warnings: sampled judgement\n\nThe ten checks with the most warnings before their review (commit 8124df6): a sample of each check's warnings, drawn by `Tools/sample-warnings.py` from that commit's `obsgen lint --format json` output (the check's warnings sorted by file, line, column and message, then Python's `random.Random(2024).sample`), each read in its file and judged true (a real problem the author would want to know), noisy (true, but of low value as a warning) or false (wrong). Every false positive became a non-triggering example of its check.\n\n"
        judged += "| check | warnings before → now | sample | true | noisy | false | verdict | change |\n|---|---:|---:|---:|---:|---:|---|---|\n"
        for j in Self.warningJudgements {
            #expect(j.sample >= 10 && j.truePositives + j.noisy + j.falsePositives == j.sample, "\(j.check): the judgements do not add up to the sample")
            let now = counts[j.check]?[.warning] ?? 0, info = counts[j.check]?[.info] ?? 0
            judged += "| \(j.check) | \(j.before) → \(now)\(info > 0 ? " (and \(info) info)" : "") | \(j.sample) | \(j.truePositives) | \(j.noisy) | \(j.falsePositives) | \(cell(j.verdict)) | \(cell(j.change)) |\n"
        }
        let doc = header + table + notes + judged
        let path = Env.repositoryRoot.appendingPathComponent("docs/lint-corpus.md")
        let committed = try? String(contentsOf: path, encoding: .utf8)
        if ProcessInfo.processInfo.environment["OBSGEN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(doc.utf8).write(to: path)
        } else {
            #expect(committed == doc, "docs/lint-corpus.md is stale; run OBSGEN_UPDATE_GOLDEN=1 swift test --filter realWorldCorpusTable\n\(doc)")
        }
    }
}

@Suite struct ProjectLinksTests {
    @Test func runbookLinksPointAtRenderedRunbooks() {
        let rules = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          runbook_url: https://example.org/docs/runbooks/Missing.md\n      - alert: B\n        expr: up == 0\n        annotations:\n          runbook_url: https://example.org/docs/runbooks/B.md\n"
        var ctx = Linter.context(texts: [("rules.yml", rules)])
        ctx.runbooks = ("https://example.org/docs/runbooks", ["B.md"])
        let findings = Linter.run(ctx).filter { $0.check == "alerts/links" }
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("Missing.md") == true)
    }
}
