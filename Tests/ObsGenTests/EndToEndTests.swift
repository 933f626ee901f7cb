import Foundation
import Testing
@testable import ObsGen
@testable import ObsGenPacks
#if canImport(Glibc)
import Glibc
#endif

/// The pack on real servers: Prometheus, Pushgateway and Alertmanager on loopback, fed by the
/// generated push helper. Bounded in time; stops everything it started.
@Suite(.serialized) struct EndToEndTests {
    static let servers = ["prometheus", "prometheus-pushgateway", "prometheus-alertmanager", "curl", "bash"]

    static func freePort() -> Int { LiveServers.freePort() }
    static func get(_ url: String) -> String? { LiveServers.get(url) }
    static func waitFor<T>(_ what: String, seconds: Double, _ check: () -> T?) -> T? { LiveServers.waitFor(what, seconds: seconds, check) }

    /// The pack as the test servers run it: 1 s scrape and evaluation, loopback addresses,
    /// and every receiver's integration replaced by a webhook to a closed loopback port (the
    /// routing tree, the receivers' names and everything else stay as rendered).
    static func testProject(pushgateway: Int, alertmanager: Int, sink: Int) -> Project {
        var p = DeploymentPack.project
        p.prometheus.scrapeInterval = .seconds(1)
        p.prometheus.evaluationInterval = .seconds(1)
        p.prometheus.alertmanagers = ["127.0.0.1:\(alertmanager)"]
        p.scrapeJobs = p.scrapeJobs.filter(\.isPushgateway).map { j in
            var j = j
            j.staticTargets = [StaticTargets(["127.0.0.1:\(pushgateway)"])]
            j.scrapeInterval = .seconds(1)
            return j
        }
        for f in p.ruleFiles.indices { for g in p.ruleFiles[f].groups.indices { p.ruleFiles[f].groups[g].interval = .seconds(1) } }
        if var am = p.alertmanager {
            am.receivers = am.receivers.map { Receiver($0.name, webhooks: [WebhookReceiver(url: "http://127.0.0.1:\(sink)/\($0.name)")]) }
            am.route.groupWait = .seconds(1)
            p.alertmanager = am
        }
        return p
    }

    @Test(.enabled(if: Needs.slowTests, "slow (real servers): set OBSGEN_SLOW_TESTS=1"),
          .enabled(if: Needs.tool("prometheus", "prometheus-pushgateway", "prometheus-alertmanager", "curl", "bash"),
                   "Prometheus, Pushgateway, Alertmanager or curl are not installed (apt-get install prometheus prometheus-pushgateway prometheus-alertmanager curl)"))
    func failedDeploymentAndRollbackReachAlertmanager() throws {
        for s in Self.servers where Tool.path(s) == nil { throw Missing(what: s) }
        let dir = TempDir.make("obsgen-e2e")
        let servers = LiveServers("obsgen-e2e-servers")
        defer {
            servers.stopAll()
            try? FileManager.default.removeItem(at: dir)
        }
        let (pg, am, prom, sink) = (Self.freePort(), Self.freePort(), Self.freePort(), Self.freePort())
        let project = Self.testProject(pushgateway: pg, alertmanager: am, sink: sink)
        try OutputWriter(root: dir).write(try project.renderedFiles(source: "e2e"))

        // The rendered Alertmanager config routes as declared.
        let route = try Tool.run("amtool", ["config", "routes", "test", "--config.file", dir.appendingPathComponent("config/alertmanager.yml").path,
                                            "severity=critical", "category=deployment"])
        // The receiver is amtool's standard output (its warnings go to standard error).
        let lastLine = route.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine == "pagerduty-critical", "\(route.output)")

        try servers.start("prometheus-pushgateway", ["--web.listen-address=127.0.0.1:\(pg)", "--persistence.file=\(dir.path)/pg.data"], log: dir.appendingPathComponent("pg.log"))
        try servers.start("prometheus-alertmanager", ["--config.file=\(dir.path)/config/alertmanager.yml", "--storage.path=\(dir.path)/am",
                                                      "--web.listen-address=127.0.0.1:\(am)", "--cluster.listen-address="], log: dir.appendingPathComponent("am.log"))
        try servers.start("prometheus", ["--config.file=\(dir.path)/config/prometheus.yml", "--storage.tsdb.path=\(dir.path)/tsdb",
                                         "--web.listen-address=127.0.0.1:\(prom)"], log: dir.appendingPathComponent("prom.log"))
        for (name, port) in [("pushgateway", pg), ("alertmanager", am), ("prometheus", prom)] {
            _ = Self.waitFor("\(name) to be ready", seconds: 30) { Self.get("http://127.0.0.1:\(port)/-/ready") }
        }

        // A pipeline run with the generated helper: initialise, then a failure and a rollback.
        let script = dir.appendingPathComponent("scripts/deploy-metrics.sh").path
        let env = "export PUSHGATEWAY_URL=http://127.0.0.1:\(pg); . \(script)"
        let initRun = try Tool.run("bash", ["-c", "\(env); deploy_metrics_init environment=production service=api && deploy_metrics_health_check_status set 1 environment=production service=api"])
        #expect(initRun.status == 0, "\(initRun.output)")
        _ = Self.waitFor("the initial series to be scraped", seconds: 30) { () -> Bool? in
            let r = Self.get("http://127.0.0.1:\(prom)/api/v1/query?query=deployment_total%7Bstatus%3D%22failed%22%7D") ?? ""
            return r.contains("\"production\"") ? true : nil
        }
        sleep(2)
        let run = try Tool.run("bash", ["-c", """
            \(env)
            deploy_metrics_deployment_total inc environment=production service=api status=failed
            deploy_metrics_deployment_rollback_total inc environment=production service=api reason=smoke_test_failed
            deploy_metrics_deployment_last_failure_timestamp_seconds set "$(date +%s)" environment=production service=api
            """])
        #expect(run.status == 0, "\(run.output)")

        // Recording rules produce values.
        for rule in ["deployment:success_rate:1h", "deployment:rollback_rate:1h"] {
            _ = Self.waitFor("recording rule \(rule)", seconds: 45) { () -> Bool? in
                let r = Self.get("http://127.0.0.1:\(prom)/api/v1/query?query=\(rule)") ?? ""
                return r.contains("\"environment\":\"production\"") ? true : nil
            }
        }

        // Both alerts fire in Prometheus with the pack's labels.
        let firing = Self.waitFor("DeploymentFailed and DeploymentRollbackDetected to fire", seconds: 60) { () -> String? in
            let r = Self.get("http://127.0.0.1:\(prom)/api/v1/alerts") ?? ""
            return r.contains("\"alertname\":\"DeploymentFailed\"") && r.contains("\"alertname\":\"DeploymentRollbackDetected\"") && r.contains("\"state\":\"firing\"") ? r : nil
        }
        if let firing {
            #expect(firing.contains("\"severity\":\"critical\""))
            #expect(firing.contains("\"reason\":\"smoke_test_failed\""))
        }

        // And reach Alertmanager, routed to the declared receivers.
        let received = Self.waitFor("the alerts to reach Alertmanager", seconds: 60) { () -> [[String: Any]]? in
            guard let text = Self.get("http://127.0.0.1:\(am)/api/v2/alerts"),
                  let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else { return nil }
            let names = Set(list.compactMap { ($0["labels"] as? [String: String])?["alertname"] })
            return names.isSuperset(of: ["DeploymentFailed", "DeploymentRollbackDetected"]) ? list : nil
        }
        for alert in received ?? [] {
            let labels = alert["labels"] as? [String: String] ?? [:]
            let receivers = (alert["receivers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            switch labels["alertname"] {
            case "DeploymentFailed":
                #expect(labels["severity"] == "critical" && labels["environment"] == "production" && labels["service"] == "api")
                #expect(receivers == ["pagerduty-critical"])
            case "DeploymentRollbackDetected":
                #expect(labels["severity"] == "warning" && labels["category"] == "deployment")
                #expect(receivers == ["slack-warnings"])
            default: break
            }
        }
    }

    /// An SLO's generated rules on a real Prometheus: an error ratio of 0.5 pushed to a real
    /// Pushgateway burns a 99.9 % objective's budget 500 times too fast; the recording rules
    /// say so and the page alert fires.
    @Test(.enabled(if: Needs.slowTests, "slow (real servers): set OBSGEN_SLOW_TESTS=1"),
          .enabled(if: Needs.tool("prometheus", "prometheus-pushgateway", "curl"),
                   "Prometheus, Pushgateway or curl are not installed (apt-get install prometheus prometheus-pushgateway curl)"))
    func anSLOsPageAlertFiresOnRealServers() throws {
        for s in ["prometheus", "prometheus-pushgateway", "curl"] where Tool.path(s) == nil { throw Missing(what: s) }
        let dir = TempDir.make("obsgen-e2e-slo")
        let servers = LiveServers("obsgen-e2e-servers")
        defer {
            servers.stopAll()
            try? FileManager.default.removeItem(at: dir)
        }
        let (pg, prom) = (Self.freePort(), Self.freePort())
        let ratio = Gauge("checkout_error_ratio", help: "Share of failed checkouts.", unit: .ratio, job: "pushgateway")
        let project = Project("slo-e2e", prometheus: PrometheusSettings(scrapeInterval: .seconds(1), evaluationInterval: .seconds(1))) {
            ScrapeJob("pushgateway", targets: ["127.0.0.1:\(pg)"], interval: .seconds(1), honorLabels: true, pushgateway: true)
            SLO("checkout-availability", service: "checkout", objective: 99.9,
                sli: .errorRatio("max(max_over_time(\(ratio)[{{.window}}]))"),
                alerting: SLOAlerting(name: "CheckoutBudgetBurn", page: .labels(["severity": "critical"]), ticket: .labels(["severity": "warning"])))
        }
        try OutputWriter(root: dir).write(try project.renderedFiles(source: "e2e"))

        try servers.start("prometheus-pushgateway", ["--web.listen-address=127.0.0.1:\(pg)", "--persistence.file=\(dir.path)/pg.data"], log: dir.appendingPathComponent("pg.log"))
        try servers.start("prometheus", ["--config.file=\(dir.path)/config/prometheus.yml", "--storage.tsdb.path=\(dir.path)/tsdb",
                                         "--web.listen-address=127.0.0.1:\(prom)"], log: dir.appendingPathComponent("prom.log"))
        for (name, port) in [("pushgateway", pg), ("prometheus", prom)] {
            _ = Self.waitFor("\(name) to be ready", seconds: 30) { Self.get("http://127.0.0.1:\(port)/-/ready") }
        }
        let push = try Tool.run("curl", ["-fsS", "--max-time", "5", "--data-binary", "checkout_error_ratio 0.5\n",
                                         "http://127.0.0.1:\(pg)/metrics/job/checkout"], timeout: 10)
        #expect(push.status == 0, "\(push.output)")

        // The current burn rate: the 5m error ratio over the error budget, 0.5 / 0.001.
        let burn = Self.waitFor("slo:current_burn_rate:ratio", seconds: 60) { () -> Double? in
            guard let text = Self.get("http://127.0.0.1:\(prom)/api/v1/query?query=slo:current_burn_rate:ratio"),
                  let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let result = (json["data"] as? [String: Any])?["result"] as? [[String: Any]], let first = result.first,
                  let value = (first["value"] as? [Any])?.last as? String else { return nil }
            return Double(value)
        }
        if let burn { #expect(abs(burn - 0.5 / (1 - 0.999)) < 1e-6, "\(burn)") }

        // Over every window of the page alert's pairs, far above 14.4x and 6x: it fires (no `for`).
        let firing = Self.waitFor("CheckoutBudgetBurn (page) to fire", seconds: 60) { () -> String? in
            let r = Self.get("http://127.0.0.1:\(prom)/api/v1/alerts") ?? ""
            return r.contains("\"alertname\":\"CheckoutBudgetBurn\"") && r.contains("\"sloth_severity\":\"page\"") && r.contains("\"state\":\"firing\"") ? r : nil
        }
        if let firing {
            #expect(firing.contains("\"severity\":\"critical\""))
            #expect(firing.contains("\"sloth_id\":\"checkout-checkout-availability\""))
        }
    }

    @Test(.enabled(if: Needs.tool("bash", "curl"), "curl is not installed (apt-get install curl)"))
    func pushHelperNeverFailsTheDeploymentWhenThePushgatewayIsDown() throws {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputWriter(root: dir).write(try DeploymentPack.project.renderedFiles(source: "t"))
        let script = dir.appendingPathComponent("scripts/deploy-metrics.sh").path
        let down = try Tool.run("bash", ["-c", "export PUSHGATEWAY_URL=http://127.0.0.1:\(Self.freePort()) DEPLOY_METRICS_TIMEOUT=2; . \(script); deploy_metrics_deployment_total inc environment=production service=api status=failed"])
        #expect(down.status == 0)
        #expect(down.output.contains("warning: could not push"))
        let badLabel = try Tool.run("bash", ["-c", ". \(script); deploy_metrics_deployment_total inc environment=production service=api status=failed commit=abc123"])
        #expect(badLabel.status == 2)
        #expect(badLabel.output.contains("has no label 'commit'"))
        let badValue = try Tool.run("bash", ["-c", ". \(script); deploy_metrics_deployment_total inc environment=prod service=api status=failed"])
        #expect(badValue.status == 2)
    }
}
