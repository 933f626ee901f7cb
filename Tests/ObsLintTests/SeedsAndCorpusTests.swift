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
            // The dashboard reads a recording rule the guide never defines.
            "rules/undefined deployment-pipeline-dashboard.json:56",
            // Health-check latency pushed in milliseconds.
            "naming/metric obsgen.yml:12",
            // deployment_id on a counter: a new series per deployment.
            "labels/cardinality obsgen.yml:24",
            // A graph panel (deprecated), without a unit for its seconds.
            "dashboards/deprecated-panel deployment-pipeline-dashboard.json:44",
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
            #expect(skipped == [.ruleTests: 2, .alertmanagerConfig: 1, .grafanaProvisioning: 2], "\(skipped)")
        }
    }

    /// Findings on the real-world corpus read one by one, by check, then `file:line`: why each
    /// stands. Every finding of these checks must be here and everything here must be found.
    static let reviewed: [String: [String: String]] = [
        "dashboards/query": [
            "dashboards/monitoring-mixins/windows-active-directory/activedirectory.json:744":
                "`rate(x * 8[$__rate_interval])`: a range on an arithmetic expression; promtool rejects it (`rate(x[$__rate_interval]) * 8` was meant).",
            "dashboards/monitoring-mixins/windows-active-directory/activedirectory.json:811":
                "The same, for the intersite traffic.",
            "dashboards/monitoring-mixins/ceph/radosgw-sync-overview.json:433":
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
        let header = "# obsgen lint on the real-world corpus\n\n\(paths.count) files (\(ctx.rules.count) rules, \(ctx.dashboards.count) dashboards), default configuration, no metric catalog.\nChecked by `swift test --filter realWorldCorpusTable`: a change of counts or of the reviewed findings fails the test until this file is regenerated with `OBSGEN_UPDATE_GOLDEN=1 swift test --filter realWorldCorpusTable`.\n\n"
        var notes = "\n## Reviewed findings\n\nEvery finding of these checks was read; why each stands (the test fails on a new or vanished one).\n"
        for id in Self.reviewed.keys.sorted() {
            let mine = findings.filter { $0.check == id }
            notes += "\n### \(id) (\(mine.count))\n\n| where | finding | why |\n|---|---|---|\n"
            for f in mine {
                let key = "\(f.file):\(f.line)"
                let reason = Self.reviewed[id]?[key]
                #expect(reason != nil, "\(id) at \(key) is not reviewed: \(f.message)")
                func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                notes += "| \(key) | \(cell(f.message)) | \(cell(reason ?? "NOT REVIEWED")) |\n"
            }
            let found = Set(mine.map { "\($0.file):\($0.line)" })
            for key in (Self.reviewed[id] ?? [:]).keys.sorted() where !found.contains(key) {
                Issue.record("reviewed \(id) at \(key) is no longer found")
            }
        }
        let doc = header + table + notes
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
