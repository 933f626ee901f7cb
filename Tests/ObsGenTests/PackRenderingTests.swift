import Foundation
import Testing
@testable import ObsGen
@testable import ObsGenPacks

@Suite struct PackRenderingTests {
    @Test func twoRendersProduceIdenticalBytes() throws {
        let a = try DeploymentPack.project.renderedFiles(source: "pack")
        let b = try DeploymentPack.project.renderedFiles(source: "pack")
        #expect(a == b)
        #expect(a.map(\.path).contains("rules/deployment.yml"))
        #expect(a.map(\.path).contains("config/prometheus.yml"))
    }

    @Test func committedOutputIsFresh() throws {
        // The repository's rules/ and config/ are what the pack renders (as `render --check`).
        let template = try? String(contentsOf: Env.repositoryRoot.appendingPathComponent("templates/runbook.md"), encoding: .utf8)
        let files = try DeploymentPack.project.renderedFiles(source: DeploymentPack.project.name, runbookTemplate: template)
        let changes = try OutputWriter(root: Env.repositoryRoot).plan(files)
        #expect(changes.isEmpty, "stale: \(changes.map(\.path))")
    }

    @Test(.enabled(if: Needs.tool("promtool", "amtool"), "promtool and amtool are not installed (apt-get install prometheus prometheus-alertmanager)"))
    func promtoolAcceptsRulesConfigAndTests() throws {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputWriter(root: dir).write(try DeploymentPack.project.renderedFiles(source: "pack"))
        let rules = try Tool.run("promtool", ["check", "rules", "rules/deployment.yml", "rules/application.yml"], cwd: dir)
        #expect(rules.status == 0, "\(rules.output)")
        let config = try Tool.run("promtool", ["check", "config", "config/prometheus.yml"], cwd: dir)
        #expect(config.status == 0, "\(config.output)")
        let tests = try Tool.run("promtool", ["test", "rules", "deployment.test.yml", "application.test.yml"], cwd: dir.appendingPathComponent("rules/tests"))
        #expect(tests.status == 0, "\(tests.output)")
        // The Alertmanager routing passes amtool.
        let am = try Tool.run("amtool", ["check-config", "config/alertmanager.yml"], cwd: dir)
        #expect(am.status == 0, "\(am.output)")
        #expect(am.output.contains("5 receivers"))
        // PrometheusRule resources hold the same groups.
        for name in ["deployment", "application"] {
            let loaded = RuleFileLoader.load(path: dir.appendingPathComponent("config/prometheus-operator/\(name).yaml").path)
            #expect(loaded.format == .prometheusRule)
            #expect(!loaded.hasErrors)
            let plain = RuleFileLoader.load(path: dir.appendingPathComponent("rules/\(name).yml").path)
            #expect(loaded.ruleFile.groups == plain.ruleFile.groups.map { g in var g = g; g.site = loaded.ruleFile.groups.first { $0.name == g.name }?.site ?? g.site; return g } || loaded.ruleFile.groups.count == plain.ruleFile.groups.count)
        }
    }
}
