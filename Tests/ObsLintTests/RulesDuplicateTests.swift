import Foundation
import Testing
@testable import ObsLint

/// rules/duplicate across files: an error only where one prometheus.yml loads both.
@Suite struct RulesDuplicateTests {
    static let rule = "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n"

    func findings(_ texts: [(String, String)]) -> [Finding] {
        Linter.run(Linter.context(texts: texts)).filter { $0.check == "rules/duplicate" }
    }

    @Test func acrossFilesOfDifferentServersIsAWarning() {
        let f = findings([("team-a/rules.yml", Self.rule), ("team-b/rules.yml", Self.rule)])
        #expect(f.count == 1 && f.first?.severity == .warning, "\(f)")
    }

    @Test func acrossFilesOneServerLoadsIsAnError() {
        let f = findings([("team-a/rules.yml", Self.rule), ("team-b/rules.yml", Self.rule),
                          ("prometheus.yml", "rule_files:\n  - team-*/rules.yml\n")])
        #expect(f.count == 1 && f.first?.severity == .error, "\(f)")
        // A server that loads only one of them does not make it an error.
        let g = findings([("team-a/rules.yml", Self.rule), ("team-b/rules.yml", Self.rule),
                          ("prometheus.yml", "rule_files:\n  - team-a/*.yml\n")])
        #expect(g.count == 1 && g.first?.severity == .warning, "\(g)")
    }

    @Test func withinOneFileIsAnError() {
        let f = findings([("rules.yml", Self.rule + "      - alert: Down\n        expr: up == 0\n")])
        #expect(f.count == 1 && f.first?.severity == .error, "\(f)")
    }
}
