import Testing
@testable import ObsLint

/// obsgen.yml: check options are typed; a wrong value is a located error, never the default.
@Suite struct LintConfigTests {
    @Test(arguments: [
        ("promql/rate:\n      min_range_factor: four", "4:25", "expected a number"),
        ("promql/rate:\n      min_range_factor: 0.5", "4:25", "must be at least 1"),
        ("alerts/required:\n      labels: [severity, \"team name\"]", "4:15", "\"team name\" is not a label name"),
        ("alerts/required:\n      severities: \"critical,,warning\"", "4:19", "an empty value"),
        ("promql/aggregate:\n      keep_labels: {job: true}", "4:20", "must be a value or a list"),
    ])
    func aBadOptionIsALocatedError(_ checks: String, at: String, message: String) {
        let c = ObsgenConfigFile.parse(text: "lint:\n  checks:\n    \(checks)\n", path: "obsgen.yml")
        let d = c.diagnostics.first
        #expect(d != nil && d!.message.contains(message), "\(c.diagnostics)")
        if let d {
            let loc = c.source.location(of: d.range.start)
            #expect("\(loc.line):\(loc.column)" == at)
        }
    }

    @Test func goodOptionsAreNormalised() {
        let c = ObsgenConfigFile.parse(text: "lint:\n  checks:\n    alerts/required:\n      labels: [severity, team]\n    promql/rate:\n      min_range_factor: 2\n", path: "obsgen.yml")
        #expect(c.diagnostics.isEmpty)
        #expect(c.lint.option("alerts/required", "labels") == "severity,team")
        #expect(c.lint.option("promql/rate", "min_range_factor") == "2")
    }
}
