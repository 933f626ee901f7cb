import Foundation
import Testing
import Yams
@testable import ObsGen

@Suite struct DSLTests {
    let requests = Counter("http_requests_total", help: "Requests", labels: ["code"])

    @Test func interpolatingAMetricWritesItsName() {
        #expect("rate(\(requests)[5m])" == "rate(http_requests_total[5m])")
        let h = Histogram("latency_seconds", help: "Latency", buckets: [0.1, 1])
        #expect(h.bucket == "latency_seconds_bucket")
    }

    @Test func severityLadderRendersOneRulePerLevel() {
        let alert = Alert("HighErrors", expr: "sum(rate(x{code=~\"5..\"}[5m])) / sum(rate(x[5m]))",
                          severities: .warning(above: 0.05), .critical(above: 0.1), for: .minutes(2))
        let rules = alert.expanded()
        #expect(rules.map(\.expr) == ["sum(rate(x{code=~\"5..\"}[5m])) / sum(rate(x[5m])) > 0.05",
                                      "sum(rate(x{code=~\"5..\"}[5m])) / sum(rate(x[5m])) > 0.1"])
        #expect(rules.map { $0.labels["severity"] } == ["warning", "critical"])
        // A looser operator at the top needs parentheses before the threshold.
        let or = Alert("A", expr: "a or b", severities: .warning(above: 1))
        #expect(or.expanded()[0].expr == "(a or b) > 1")
        // A trailing comment must not swallow the threshold.
        let commented = Alert("B", expr: "up # the target\n", severities: .critical(below: 1))
        #expect(commented.expanded()[0].expr == "up < 1")
    }

    @Test func buildErrorsPointAtTheSwiftLine() {
        let line = #line + 4
        let project = Project("p") {
            RuleFile("f") {
                RuleGroup("g") {
                    Alert("Broken", expr: "sum(rate(x[5m])", severity: .warning)
                }
            }
        }
        do {
            _ = try project.build()
            Issue.record("expected a build failure")
        } catch {
            let issue = error.issues[0]
            #expect(issue.site.file == #filePath)
            #expect(issue.site.line == line)
            #expect(issue.id == "promql/syntax")
            #expect(issue.site.column == 26)   // the declaration's opening parenthesis: `Alert(`
            #expect(issue.description.contains("DSLTests.swift:\(line):26: error[promql/syntax]: alert Broken: unclosed left parenthesis"))
            #expect(issue.description.contains("  sum(rate(x[5m])\n                 ^"))
        }
    }

    /// Names that become file names are sanitised: nothing lands outside the output folders,
    /// whatever a user calls a rule file, dashboard, Pushgateway job or project.
    @Test func fileNamesAreSanitised() throws {
        let pushed = Gauge("deploy_last_success_timestamp_seconds", help: "Last success", job: "../../push gw")
        let project = Project("../../etc/grafana") {
            pushed
            RuleFile("../../etc/passwd") { RuleGroup("g") { Record("a:b:c", expr: "sum(up)") } }
            RuleFile("/abs/rules") { RuleGroup("h") { Record("a:b:d", expr: "sum(up)") } }
            ScrapeJob("../../push gw", targets: ["pushgateway:9091"], honorLabels: true, pushgateway: true)
            ScrapeJob("other-push", targets: ["pushgateway2:9091"], honorLabels: true, pushgateway: true)
            DashboardSpec("Evil / Dashboard", uid: "../../../x") { TimeSeries("Up", Query("up")) }
            DashboardSpec("..", uid: nil) { TimeSeries("Up", Query("up")) }
        }
        let files = try project.renderedFiles(source: "test")
        #expect(files.count > 6)
        for f in files {
            #expect(!f.path.hasPrefix("/"), "\(f.path)")
            #expect(!f.path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }, "\(f.path)")
            #expect(["rules", "dashboards", "config", "docs", "scripts"].contains(String(f.path.split(separator: "/")[0])), "\(f.path)")
        }
        #expect(OutputPaths.sanitizedFileName("../../etc/passwd") == "etc-passwd")
        #expect(OutputPaths.sanitizedFileName("..") == "unnamed")
        #expect(OutputPaths.sanitizedFileName(String(repeating: "a", count: 500)).count == 120)
    }

    @Test func duplicatesAreBuildErrors() {
        let project = Project("p") {
            RuleFile("f") {
                RuleGroup("g") { Record("a:b:c", expr: "sum(x)") }
                RuleGroup("g") { Record("a:b:c", expr: "sum(x)"); Record("a:b:c", expr: "sum(y)") }
            }
            ScrapeJob("j", targets: ["h:1"])
            ScrapeJob("j", targets: ["h:2"], auth: .basic(username: "u", password: .environment("PASSWORD")))
        }
        let ids = project.validate().map(\.id)
        #expect(ids.filter { $0 == "rules/duplicate" }.count == 2)
        #expect(ids.contains("scrape/duplicate"))
        // A secret named by environment variable is a lint error (scrape/secrets, tested in
        // ObsLintTests); the renderer refuses it as well.
        #expect(throws: BuildFailure.self) { try project.renderedFiles(source: "t") }
    }

    @Test func aDuplicateReceiverIsReportedAtItsOwnLine() {
        let line = #line + 3
        let project = Project("p") {
            AlertmanagerConfig(route: AlertRoute(receiver: "team"),
                               receivers: [Receiver("team"),
                                           Receiver("team")])
        }
        let issue = project.validate().first { $0.id == "alertmanager/receiver" }
        #expect(issue?.site.line == line + 1 && issue?.site.file == #filePath, "\(String(describing: issue))")
    }

    @Test func experimentalSyntaxFollowsTheProjectsFeatures() throws {
        func project(_ f: Features) -> Project {
            Project("p", prometheus: PrometheusSettings(features: f)) {
                RuleFile("f") { RuleGroup("g") { Record("a:b:c", expr: "info(up)") } }
            }
        }
        #expect(project(.none).validate().contains { $0.id == "promql/features" })
        #expect(project(.experimentalFunctions).validate().isEmpty)
    }

    @Test(arguments: ["plain", "with: colon", "#hash", "- dash", "true", "yes", "null", "~", "1.5", "0x10", "5m", "",
                      "multi\nline", "multi\nline\n", "trailing\n\n", " leading space", "tab\there", "quote\"s", "back\\slash",
                      "{{ $labels.x }}", "a #comment", "é ünïcode", "[list]", "key: value\nnext: 1", "\u{7}bell", "line\r\nbreak"])
    func yamlStringsReadBackUnchanged(text: String) throws {
        let yaml = YAMLWriter.write(.map([("k", .string(text)), ("list", .list([.string(text)]))]))
        let node = try Yams.compose(yaml: yaml)
        #expect(node?["k"]?.string == text, "\(yaml)")
        #expect(node?["list"]?[0]?.string == text, "\(yaml)")
    }
}
