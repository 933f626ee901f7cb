import Foundation
import Testing
import ObsGen
import ObsLint

// The README's DSL tour, verbatim between the markers: it must compile and build.
// BEGIN README TOUR
let deployments = Counter("deployment_total", help: "Deployments by outcome",
                          labels: [.oneOf("environment", ["staging", "production"]),
                                   .oneOf("status", ["success", "failed", "rolled_back"])],
                          job: "deployment-pipeline")

let successRate = Record("deployment:success_rate:1h",
    expr: "sum(rate(\(deployments){status=\"success\"}[1h])) / sum(rate(\(deployments)[1h]))")

let highErrors = Alert("DeploymentHighErrorRate",
    expr: "sum(rate(\(deployments){status=\"failed\"}[15m])) / sum(rate(\(deployments)[15m]))",
    severities: .warning(above: 0.05), .critical(above: 0.10),   // one rule per level
    for: .minutes(2),
    summary: "Deployment error rate is {{ $value | humanizePercentage }}",
    description: "More than the threshold of deployments failed over 15 minutes.",
    runbook: Runbook(detection: "…", diagnosis: ["…"], resolution: ["…"]),
    tests: [AlertTest("fires", series: [.init("deployment_total{status=\"failed\"}", "0+1x20")],
                      evalTime: .minutes(15), expect: [/* .init(labels: […], value: 1): obsgen expands the annotations */])])

let project = Project("deployments", prometheus: PrometheusSettings(evaluationInterval: .seconds(30)),
                      runbookBaseURL: "https://git.example.org/observability/blob/main/docs/runbooks") {
    RuleFile("deployment") {   // deployment_total is part of the project: the rules interpolate it
        RuleGroup("deployment.recording", interval: .seconds(30)) { successRate }   // the panel below reads it
        RuleGroup("deployment.alerts", interval: .seconds(30)) { highErrors }
    }
    ScrapeJob("deployment-pipeline", targets: ["pushgateway:9091"], honorLabels: true, pushgateway: true)
    Dashboards("Deployments", uid: "deployments") {
        QueryVariable("environment", query: "label_values(\(deployments), environment)", multi: true, includeAll: true)
        Markers("Deployments", expr: "changes(\(deployments)[1m]) > 0")
        Row("Errors") {
            TimeSeries("Error ratio", Query("1 - \(successRate){environment=~\"$environment\"}"))
                .unit(.percentunit).thresholds(from: highErrors)      // same numbers as the alert
                .runbookLink(highErrors)                              // its runbook_url
        }
    }
    AlertmanagerConfig(route: AlertRoute(receiver: "slack", routes: [AlertRoute(receiver: "slack", matchers: [.severity(.critical)])]),
                       receivers: [Receiver("slack", slack: [SlackReceiver(channel: "#deploys", webhookURLFile: "/etc/am/slack-url")])])
}
// END README TOUR

@Suite struct ReadmeTourTests {
    /// The tour in the README is this code, so it cannot drift from the API.
    @Test func readmeTourIsThisCode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let here = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let tour = here.components(separatedBy: "// BEGIN README TOUR\n")[1].components(separatedBy: "// END README TOUR")[0]
        #expect(readme.contains("```swift\nimport ObsGen\n\n" + tour + "```"))
    }

    /// It builds: expressions parse, the dashboard lays out, the files render.
    @Test func readmeTourBuildsAndRenders() throws {
        let files = try project.renderedFiles(source: "README")
        #expect(files.contains { $0.path == "rules/deployment.yml" })
        #expect(files.contains { $0.path.hasPrefix("dashboards/") })
        // And lints without errors: the README must not show the mistakes the linter catches.
        let texts = files.filter { $0.path.hasSuffix(".yml") || $0.path.hasSuffix(".json") }.map { ($0.path, $0.contents) }
        let findings = Linter.run(Linter.context(texts: texts, catalog: project.metrics))
        #expect(!findings.contains { $0.severity == .error }, "\(findings.map { "\($0.file):\($0.line) \($0.check): \($0.message)" })")
    }
}
