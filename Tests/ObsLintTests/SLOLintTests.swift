import Foundation
import Testing
@testable import ObsLint

/// SLO specs are recognised by content and linted with the rules they generate; a DSL
/// project's SLOs are linted at their Swift lines.
@Suite struct SLOLintTests {
    static let sloth = Env.repositoryRoot.appendingPathComponent("Tests/ObsGenTests/Fixtures/sloth")

    /// Sloth's own specs (its examples and test inputs), each linted alone.
    static var slothSpecs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sloth.path)) ?? [])
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
    }

    @Test(arguments: slothSpecs)
    func slothSpecsHaveNoSLOFindings(name: String) throws {
        let text = try String(contentsOf: Self.sloth.appendingPathComponent(name), encoding: .utf8)
        #expect(Linter.kind(of: text) == .sloSpec)
        let ctx = Linter.context(texts: [(name, text)])
        #expect(!ctx.slos.isEmpty)
        #expect(!ctx.rules.isEmpty)
        let findings = Linter.run(ctx)
        let slo = findings.filter { $0.check.hasPrefix("slo/") || $0.severity == .error }
        #expect(slo.isEmpty, "\(slo.map { "\($0.line):\($0.column) \($0.check) \($0.message)" })")
    }

    /// A spec linted beside the rule file written from it (`obsgen lint .` in a repository that
    /// keeps both): the generated rules are not duplicates of the written ones.
    @Test func aSpecBesideItsGeneratedRulesHasNoDuplicates() throws {
        let name = "example-getting-started.yml"
        let spec = try String(contentsOf: Self.sloth.appendingPathComponent(name), encoding: .utf8)
        let written = try String(contentsOf: Self.sloth.appendingPathComponent(name + ".out"), encoding: .utf8)
        let findings = Linter.run(Linter.context(texts: [(name, spec), ("rules/slo.yml", written)]))
        #expect(!findings.contains { $0.check == "rules/duplicate" }, "\(findings.filter { $0.check == "rules/duplicate" }.map(\.message))")
        // The written file's own repeats are still found.
        let twice = Linter.run(Linter.context(texts: [("a.yml", written), ("b.yml", written)]))
        #expect(twice.contains { $0.check == "rules/duplicate" })
    }

    @Test func generatedRulesAreLocatedAtTheSLO() {
        let spec = """
            version: "prometheus/v1"
            service: "api"
            slos:
              - name: "availability"
                objective: 99.9
                sli:
                  events:
                    error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
                    total_query: sum(rate(http_requests_total[{{.window}}]))
                alerting:
                  name: Availability
                  page_alert:
                    labels: {severity: critical}
                  ticket_alert:
                    labels: {severity: warning}

            """
        let ctx = Linter.context(texts: [("slos.yml", spec)])
        #expect(ctx.rules.count == 17)   // 8 SLI windows, 7 metadata series, 2 alerts
        let findings = Linter.run(ctx)
        // The alerts have no description: reported at the SLO's `- name:` line.
        let required = findings.filter { $0.check == "alerts/required" }
        #expect(!required.isEmpty)
        #expect(required.allSatisfy { $0.line == 4 && $0.column == 5 }, "\(required.map { "\($0.line):\($0.column)" })")
        #expect(!findings.contains { $0.check == "rules/name" })
    }

    @Test func aDSLSLOIsLintedAtItsSwiftLine() {
        let requests = Counter("http_requests_total", help: "Requests.", labels: ["code", "job"])
        let line = #line + 1
        let slo = SLO("availability", service: "api", objective: 100,
                      sli: .events(errors: "sum by (job) (rate(\(requests){code=~\"5..\"}[{{.window}}]))", total: "sum(rate(\(requests)[{{.window}}]))"))
        let project = Project("t") { slo }
        let findings = Linter.run(Linter.context(project: project))
        for id in ["slo/objective", "slo/sli"] {
            let hits = findings.filter { $0.check == id }
            #expect(hits.count == 1, "\(id): \(findings.map { "\($0.line) \($0.check) \($0.message)" })")
            #expect(hits.first?.file == #filePath)
            #expect(hits.first?.line == line)
        }
    }

    /// A DSL SLO, its rules and its dashboard lint clean.
    @Test func aCleanDSLSLOHasNoFindings() {
        let requests = Counter("http_requests_total", help: "Requests.", labels: [.oneOf("code", ["200", "500"]), LabelSpec("job")], job: "api")
        let project = Project("t") {
            SLO("availability", service: "api", objective: 99.9,
                sli: .events(errors: "sum(rate(\(requests){job=\"api\",code=~\"5..\"}[{{.window}}]))", total: "sum(rate(\(requests){job=\"api\"}[{{.window}}]))"),
                alerting: SLOAlerting(name: "APIAvailability", annotations: ["summary": "s", "description": "d", "runbook_url": "https://example.org/r"],
                                      page: .labels(["severity": "critical"]), ticket: .labels(["severity": "warning"])))
        }
        let findings = Linter.run(Linter.context(project: project))
        #expect(findings.isEmpty, "\(findings.map { "\($0.line) \($0.check) \($0.message)" })")
    }

    @Test func theSLOsOfSeveralFilesAreCheckedForDuplicates() {
        let spec = "version: \"prometheus/v1\"\nservice: api\nslos:\n  - name: a1\n    objective: 99\n    sli: {raw: {error_ratio_query: \"sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))\"}}\n    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}\n"
        let ctx = Linter.context(texts: [("a.yml", spec), ("b.yml", spec)])
        let dup = ctx.loadDiagnostics.filter { $0.0.path == "b.yml" && $0.1.message.contains("already declared at a.yml:4") }
        #expect(dup.count == 1)
    }
}
