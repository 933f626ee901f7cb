import Foundation
import Testing
@testable import ObsLint

/// Golden files for every output format, and the generated docs being current.
@Suite struct OutputFormatTests {
    static let dir = Env.repositoryRoot.appendingPathComponent("Tests/ObsLintTests/Fixtures/golden")

    static func lint() throws -> (LintContext, [Finding]) {
        let texts = try ["input-rules.yml", "input-dashboard.json"].map { name in
            ("golden/\(name)", try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
        }
        let ctx = Linter.context(texts: texts, catalog: Example.catalog)
        return (ctx, Linter.run(ctx))
    }

    static func compare(_ name: String, _ output: String) throws {
        let url = dir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["OBSGEN_UPDATE_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: url)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(output == golden, "\(name) differs from its golden file; OBSGEN_UPDATE_GOLDEN=1 swift test rewrites it\n\(output)")
    }

    /// The documented obsgen.yml is a valid one: every key it shows is read, and applied.
    @Test func documentedConfigIsValid() throws {
        let doc = try String(contentsOf: Env.repositoryRoot.appendingPathComponent("docs/obsgen-yml.md"), encoding: .utf8)
        let yaml = doc.components(separatedBy: "```yaml\n")[1].components(separatedBy: "```")[0]
        let config = ObsgenConfigFile.parse(text: yaml, path: "docs/obsgen-yml.md")
        #expect(config.diagnostics.isEmpty, "\(config.diagnostics.map(\.message))")
        #expect(config.features.contains(.experimentalFunctions))
        #expect(!config.lint.isEnabled("rules/unused"))
        #expect(config.lint.option("promql/aggregate", "keep_labels") == "job")
        #expect(config.metrics.map(\.name) == ["deployment_total"])
    }

    @Test func everyFormatMatchesItsGoldenFile() throws {
        let (ctx, findings) = try Self.lint()
        #expect(findings.count >= 5)
        let summary = LintSummary(context: ctx, findings: findings, seconds: 0)
        let files = ctx.files.map(\.path)
        try Self.compare("output.txt", TextReporter.render(findings, context: ctx, summary: summary, color: false))
        try Self.compare("output.json", JSONReporter.render(findings, summary: summary))
        try Self.compare("output.sarif", SARIFReporter.render(findings, version: "test"))
        try Self.compare("output.github", GitHubReporter.render(findings))
        try Self.compare("output.junit.xml", JUnitReporter.render(findings, files: files, seconds: 0))
        try Self.compare("output.checkstyle.xml", CheckstyleReporter.render(findings, files: files))
    }

    @Test func colourOnlyWhenAsked() throws {
        let (ctx, findings) = try Self.lint()
        let summary = LintSummary(context: ctx, findings: findings, seconds: 0)
        #expect(TextReporter.render(findings, context: ctx, summary: summary, color: true).contains("\u{1B}["))
        #expect(!TextReporter.render(findings, context: ctx, summary: summary, color: false).contains("\u{1B}["))
    }

    @Test func committedCheckDocsAreCurrent() throws {
        for (path, contents) in CheckDocs.all() {
            let committed = try? String(contentsOf: Env.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(committed == contents, "\(path) is stale; run `swift run obsgen docs`")
        }
        // No doc page for a check that no longer exists.
        let e = FileManager.default.enumerator(atPath: Env.repositoryRoot.appendingPathComponent("docs/checks").path)
        let ids = Set(Linter.allChecks.map { $0.description.id })
        while let f = e?.nextObject() as? String {
            guard f.hasSuffix(".md"), f != "README.md" else { continue }
            #expect(ids.contains(String(f.dropLast(3))), "docs/checks/\(f) documents no check")
        }
    }

    @Test func sarifIsWellFormed() throws {
        let (_, findings) = try Self.lint()
        let sarif = SARIFReporter.render(findings, version: "1")
        let obj = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as! [String: Any]
        #expect(obj["version"] as? String == "2.1.0")
        let runs = obj["runs"] as! [[String: Any]]
        let results = runs[0]["results"] as! [[String: Any]]
        #expect(results.count == findings.count)
    }
}
