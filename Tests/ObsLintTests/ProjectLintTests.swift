import Foundation
import Testing
@testable import ObsLint

/// A DSL project is linted on its model: each mistake is reported once, with its check id, at
/// the Swift line that declared it.
@Suite struct ProjectLintTests {
    static let deployments = Counter("deployment_total", help: "Deployments by outcome.",
                                     labels: [.oneOf("environment", ["staging", "production"]), .oneOf("status", ["success", "failed"])])
    static let inFlight = Gauge("deployments_in_flight", help: "Deployments running now.")
    static let good = "sum(rate(\(deployments){status=\"failed\"}[15m])) / sum(rate(\(deployments)[15m]))"

    /// A project around one declaration, and where that declaration is.
    static func lint(line: Int = #line, _ rules: [Rule] = [], dashboards: [DashboardSpec] = []) -> [Finding] {
        let project = Project("t") {
            deployments
            inFlight
            RuleFile(name: "t", groups: [RuleGroup(name: "g", interval: .seconds(30), rules: rules)])
            for d in dashboards { d }
        }
        return Linter.run(Linter.context(project: project))
    }

    static func expectOne(_ findings: [Finding], check: String, line: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let hits = findings.filter { $0.check == check }
        #expect(hits.count == 1, "\(check): \(findings.map { "\($0.line) \($0.check) \($0.message)" })", sourceLocation: sourceLocation)
        #expect(hits.first?.file == #filePath, sourceLocation: sourceLocation)
        #expect(hits.first?.line == line, "\(check) at line \(hits.first?.line ?? 0), declared at \(line)", sourceLocation: sourceLocation)
    }

    static func alert(_ expr: String, _ levels: SeverityLevel..., file: String = #filePath, line: Int = #line) -> Rule {
        .alert(AlertRule(name: "A", expr: expr, for: .minutes(5),
                         annotations: Annotations(summary: "s", description: "d", runbookURL: "https://example.org/r"),
                         severities: levels, site: DeclarationSite(file: file, line: line)))
    }

    @Test func aCleanProjectHasNoFindings() {
        let f = Self.lint([Self.alert(Self.good, .warning(above: 0.05), .critical(above: 0.10))])
        #expect(f.isEmpty, "\(f.map { "\($0.line) \($0.check) \($0.message)" })")
    }

    @Test func aPromQLTypo() {
        let line = #line + 1
        let f = Self.lint([Self.alert("sum(rate(\(Self.deployments)[5m])", .warning(above: 0.05))])
        Self.expectOne(f, check: "promql/syntax", line: line)
    }

    @Test func aLadderInTheWrongOrder() {
        let line = #line + 1
        let f = Self.lint([Self.alert(Self.good, .critical(above: 0.05), .warning(above: 0.10))])
        Self.expectOne(f, check: "thresholds/ladder", line: line)
    }

    @Test func aRatioThresholdWrittenAsAPercent() {
        let line = #line + 1
        let f = Self.lint([Self.alert(Self.good, .warning(above: 5), .critical(above: 10))])
        Self.expectOne(f, check: "thresholds/units", line: line)
    }

    @Test func anUndeclaredLabel() {
        let line = #line + 1
        let f = Self.lint([Self.alert("sum(rate(\(Self.deployments){envrionment=\"production\"}[5m]))", .warning(above: 1))])
        Self.expectOne(f, check: "labels/undefined", line: line)
    }

    @Test func rateOnAGauge() {
        let line = #line + 1
        let f = Self.lint([Self.alert("rate(\(Self.inFlight)[5m])", .warning(above: 1))])
        Self.expectOne(f, check: "promql/rate", line: line)
    }

    @Test func aComparisonInsideALadderExpression() {
        let line = #line + 1
        let f = Self.lint([Self.alert("\(Self.good) > 0.01", .warning(above: 0.05))])
        Self.expectOne(f, check: "thresholds/ladder", line: line)
    }

    @Test func aDuplicateAlert() {
        let line = #line + 2
        let f = Self.lint([Self.alert(Self.good, .warning(above: 0.05)),
                           Self.alert(Self.good, .warning(above: 0.05))])
        Self.expectOne(f, check: "rules/duplicate", line: line)
    }

    @Test func aMetricUsedButNotDeclared() {
        let line = #line + 1
        let f = Self.lint([Self.alert("sum(rate(deploy_total[5m]))", .warning(above: 1))])
        #expect(f.contains { $0.line == line && ($0.check == "rules/undefined" || $0.check == "labels/undefined") }, "\(f.map { "\($0.line) \($0.check) \($0.message)" })")
    }

    @Test func aPanelReadingAnUndefinedRecordingRule() {
        let line = #line + 2
        let f = Self.lint(dashboards: [Dashboards("D", uid: "d") {
            TimeSeries("Errors", Query("job:deployment_errors:ratio5m"))
        }])
        #expect(f.contains { $0.check == "rules/undefined" && $0.file == #filePath }, "\(f.map { "\($0.line) \($0.check) \($0.message)" })")
        _ = line
    }

    @Test func anUndeclaredLabelInAVariable() {
        let f = Self.lint(dashboards: [Dashboards("D", uid: "d") {
            QueryVariable("env", query: "label_values(\(Self.deployments), envrionment)")
            TimeSeries("Deployments", Query("sum(rate(\(Self.deployments){environment=~\"$env\"}[$__rate_interval]))")).unit("short")
        }])
        #expect(f.contains { $0.check == "labels/undefined" && $0.file == #filePath }, "\(f.map { "\($0.line) \($0.check) \($0.message)" })")
    }

    @Test func aSecretFromTheEnvironmentAndATimeoutLongerThanTheInterval() {
        let secretLine = #line + 3
        let timeoutLine = #line + 3
        let project = Project("t") {
            ScrapeJob("a", targets: ["h:1"], auth: .basic(username: "u", password: .environment("PASSWORD")))
            ScrapeJob("b", targets: ["h:2"], interval: .seconds(10), timeout: .seconds(30))
        }
        let f = Linter.run(Linter.context(project: project))
        Self.expectOne(f, check: "scrape/secrets", line: secretLine)
        Self.expectOne(f, check: "scrape/timeout", line: timeoutLine)
    }
}
