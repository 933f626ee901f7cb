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

    /// Every real-world file is read; the table of findings per check is committed and must
    /// match (docs/lint-corpus.md). Reviewed errors are true defects.
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
        let header = "# obsgen lint on the real-world corpus\n\n\(paths.count) files (\(ctx.rules.count) rules, \(ctx.dashboards.count) dashboards), default configuration, no project metric catalog (the built-in catalog of well-known metrics applies).\nGenerated by `swift test --filter realWorldCorpusTable`; a change of counts fails the test until this file is updated.\n\n"
        let doc = header + table
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
