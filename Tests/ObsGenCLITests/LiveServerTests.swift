import Foundation
import ObsGen
import ObsGenLive
import ObsGenPacks
import ObsLint
import PrometheusAPI
import Testing

/// The online checks, the catalog import and the gate against a real Prometheus scraping a
/// real Pushgateway (series pushed with known labels) and the node exporter, all on loopback;
/// and the failure modes against a server that misbehaves on purpose.
@Suite(.serialized) struct LiveServerTests {
    static let tools = ["prometheus", "prometheus-pushgateway", "prometheus-node-exporter", "curl"]
    static let enabled = Needs.slowTests && Needs.tool("prometheus", "prometheus-pushgateway", "prometheus-node-exporter", "curl")

    /// Prometheus (1 s scrapes and evaluations, the pack's rules at 1 s intervals), a
    /// Pushgateway and a node exporter.
    struct Stack {
        var servers: LiveServers
        var prometheus: String
        var pushgateway: String

        /// An instant query's first value, nil without one.
        func value(_ q: String) -> Double? {
            let samples = try? PrometheusClient(server: PrometheusServer(url: URL(string: prometheus)!, timeout: 5)).query(q)
            return samples?.first?.value
        }
    }

    static func start() throws -> Stack {
        for t in tools where Tool.path(t) == nil { throw Missing(what: t) }
        let servers = LiveServers("obsgen-live")
        let dir = servers.dir
        let (prom, pg, node) = (LiveServers.freePort(), LiveServers.freePort(), LiveServers.freePort())
        // The pack's rule files, evaluated every second.
        var project = DeploymentPack.project
        for f in project.ruleFiles.indices { for g in project.ruleFiles[f].groups.indices { project.ruleFiles[f].groups[g].interval = .seconds(1) } }
        for file in try project.renderedFiles(source: "live") where file.path.hasPrefix("rules/") {
            let url = dir.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        try """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: ['rules/*.yml']
            scrape_configs:
              - job_name: pushgateway
                honor_labels: true
                static_configs: [{targets: ['127.0.0.1:\(pg)']}]
              - job_name: node
                static_configs: [{targets: ['127.0.0.1:\(node)']}]

            """.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        // Its own persistence file: Debian's default is shared by every Pushgateway on the machine.
        try servers.start("prometheus-pushgateway", ["--web.listen-address=127.0.0.1:\(pg)", "--persistence.file=\(dir.path)/pushgateway.data"], log: "pushgateway")
        try servers.start("prometheus-node-exporter", ["--web.listen-address=127.0.0.1:\(node)", "--collector.disable-defaults",
                                                       "--collector.cpu", "--collector.loadavg", "--collector.meminfo"], log: "node")
        try servers.start("prometheus", ["--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/tsdb",
                                         "--storage.tsdb.retention.time=15d", "--web.listen-address=127.0.0.1:\(prom)"], log: "prometheus")
        let stack = Stack(servers: servers, prometheus: "http://127.0.0.1:\(prom)", pushgateway: "http://127.0.0.1:\(pg)")
        for (name, url) in [("pushgateway", "\(stack.pushgateway)/-/ready"), ("node exporter", "http://127.0.0.1:\(node)/metrics"), ("prometheus", "\(stack.prometheus)/-/ready")] {
            if LiveServers.waitFor("\(name) to be ready", seconds: 30, { LiveServers.get(url) }) == nil {
                servers.stopAll()
                throw Missing(what: "\(name) (log: \(servers.log(name)))")
            }
        }
        // Scraping both targets before anything is pushed: a counter seen only once has no rate.
        _ = LiveServers.waitFor("the first scrapes", seconds: 30) { (stack.value("sum(up)") ?? 0) == 2 ? true : nil }
        return stack
    }

    static let deployments = """
        # TYPE deployment_total counter
        # HELP deployment_total Deployments by outcome.
        deployment_total{environment="production",service="api",status="success"} 3
        deployment_total{environment="production",service="api",status="failed"} 1
        # TYPE queue_depth gauge
        # HELP queue_depth Deployments waiting.
        queue_depth{queue="deploys"} 4

        """

    // MARK: - Online checks

    @Test(.enabled(if: enabled, "slow (real servers): set OBSGEN_SLOW_TESTS=1; needs prometheus, prometheus-pushgateway, prometheus-node-exporter and curl"))
    func onlineChecksFireAndStayQuiet() throws {
        let stack = try Self.start()
        defer { stack.servers.stopAll() }
        #expect(LiveServers.push(Self.deployments, to: "\(stack.pushgateway)/metrics/job/ci/instance/runner"))
        // A metric that disappears: pushed, scraped, deleted.
        #expect(LiveServers.push("# TYPE legacy_deploys_total counter\nlegacy_deploys_total{environment=\"production\"} 7\n", to: "\(stack.pushgateway)/metrics/job/legacy"))
        _ = LiveServers.waitFor("the pushed series", seconds: 30) { (stack.value("count(legacy_deploys_total)") ?? 0) > 0 && (stack.value("count(deployment_total)") ?? 0) == 2 && (stack.value("count(node_load1)") ?? 0) > 0 ? true : nil }
        _ = try Tool.run("curl", ["-fsS", "-X", "DELETE", "\(stack.pushgateway)/metrics/job/legacy"])
        _ = LiveServers.waitFor("legacy_deploys_total to go stale", seconds: 30) { stack.value("count(legacy_deploys_total)") == nil ? true : nil }

        let proj = stack.servers.dir.appendingPathComponent("proj")
        try FileManager.default.createDirectory(at: proj, withIntermediateDirectories: true)
        let rules = """
            groups:
              - name: deploy
                rules:
                  - alert: DeployFailedTypo
                    expr: increase(deploy_total{status="failed"}[1h]) > 0
                  - alert: DeployFailedWrongValue
                    expr: increase(deployment_total{environment="prod", status="failed"}[1h]) > 0
                  - alert: DeployFailedNoSuchLabel
                    expr: increase(deployment_total{cluster="eu-1"}[1h]) > 0
                  - alert: LegacyDeploys
                    expr: increase(legacy_deploys_total[1h]) > 0
                  - alert: DeployFailed
                    expr: increase(deployment_total{status="failed"}[1h]) > 0
                  - record: deploy:rollbacks:increase1h
                    expr: sum(increase(deployment_rollbacks_total[1h])) or vector(0)
                  - record: queue:depth:rate5m
                    expr: rate(queue_depth[5m])
                  - record: node:load1:deriv5m
                    expr: deriv(node_load1[5m])
                  - record: node:cpu:rate5m
                    expr: sum by (mode) (rate(node_cpu_seconds_total[5m]))
                  - record: deploy:total:increase30d
                    expr: sum(increase(deployment_total[30d]))

            """
        try rules.write(to: proj.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        try """
            {"uid": "d", "title": "Deploys", "schemaVersion": 42, "panels": [
              {"id": 1, "type": "timeseries", "title": "Requests", "targets": [{"expr": "sum(rate(http_request_total{job=~\\"$job\\"}[$__rate_interval]))"}]},
              {"id": 2, "type": "timeseries", "title": "Deploys", "targets": [{"expr": "sum by (status) (increase(deployment_total{environment=~\\"$env\\"}[$__range]))"}]}
            ]}

            """.write(to: proj.appendingPathComponent("dashboard.json"), atomically: true, encoding: .utf8)
        try """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: pushgateway
                honor_labels: true
                scrape_interval: 15s
                static_configs: [{targets: ['pushgateway:9091']}]
              - job_name: node
                static_configs: [{targets: ['node:9100']}]

            """.write(to: proj.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        try """
            metrics:
              - name: deployment_total
                type: gauge
                help: Deployments by outcome.
                labels: [environment, service, team]
              - name: node_load1
                type: gauge
                help: 1m load average.

            """.write(to: proj.appendingPathComponent("obsgen.yml"), atomically: true, encoding: .utf8)

        let r = try CLI.run(["lint", "--prometheus", stack.prometheus, "--format", "json", "rules.yml", "dashboard.json", "prometheus.yml"], cwd: proj)
        #expect(r.status == 1, "\(r.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.output)")
        let findings = (json["findings"] as? [[String: Any]] ?? []).filter { ($0["check"] as? String ?? "").hasPrefix("online/") }
        func at(_ file: String, _ line: Int, _ check: String) -> [String] {
            findings.filter { $0["file"] as? String == file && $0["line"] as? Int == line && $0["check"] as? String == check }.compactMap { $0["message"] as? String }
        }
        let server = stack.prometheus
        // online/series: each reason, and the exemptions.
        #expect(at("rules.yml", 5, "online/series") == ["deploy_total has no series on \(server), nor had any in the last 7d"], "\(findings)")
        #expect(at("rules.yml", 7, "online/series") == ["no series of deployment_total on \(server) has environment=\"prod\" (it has \"production\")"], "\(findings)")
        #expect(at("rules.yml", 9, "online/series") == ["no series of deployment_total on \(server) has the label cluster"], "\(findings)")
        #expect(at("rules.yml", 11, "online/series").first?.hasPrefix("legacy_deploys_total has no series on \(server) now; it last had some") == true, "\(findings)")
        #expect(at("rules.yml", 13, "online/series").isEmpty && at("rules.yml", 15, "online/series").isEmpty, "\(findings)")
        #expect(findings.contains { $0["file"] as? String == "dashboard.json" && ($0["message"] as? String ?? "").contains("http_request_total has no series") }, "\(findings)")
        #expect(!findings.contains { $0["file"] as? String == "dashboard.json" && ($0["message"] as? String ?? "").contains("deployment_total") }, "\(findings)")
        // online/metadata: rate() over a gauge the exporter declares, not over the real counters.
        #expect(at("rules.yml", 17, "online/metadata") == ["rate() over queue_depth, which Prometheus' metadata gives as a gauge, not a counter"], "\(findings)")
        #expect(at("rules.yml", 19, "online/metadata").isEmpty && at("rules.yml", 21, "online/metadata").isEmpty, "\(findings)")
        // online/config: the retention, and a job scraped at another interval than the server's.
        #expect(at("rules.yml", 23, "online/config") == ["reaches back 30d; \(server) keeps 15d of samples, so the rest of the range is always empty"], "\(findings)")
        #expect(at("prometheus.yml", 6, "online/config") == ["job pushgateway is scraped every 15s here; \(server) scrapes it every 1s"], "\(findings)")
        #expect(findings.filter { $0["file"] as? String == "prometheus.yml" }.count == 1, "\(findings)")
        // online/catalog: a kind and labels that differ; node_load1 as declared matches.
        let catalog = findings.filter { $0["check"] as? String == "online/catalog" }.compactMap { $0["message"] as? String }
        #expect(catalog.contains("declared metric deployment_total is a gauge; \(server)'s metadata gives counter"), "\(catalog)")
        #expect(catalog.contains("series of deployment_total on \(server) carry the label status, which the catalog does not declare"), "\(catalog)")
        #expect(catalog.contains("declared label team of deployment_total is on no series of it on \(server)"), "\(catalog)")
        #expect(!catalog.contains { $0.contains("node_load1") }, "\(catalog)")
        #expect(r.stderr.contains("online: \(server): "), "\(r.stderr)")

        // A DSL project (the built-in pack): catalog drift at the Swift lines that declare it.
        let pack = try CLI.run(["lint", "--pack", "deployment", "--prometheus", stack.prometheus, "--format", "json"], cwd: stack.servers.dir)
        #expect(pack.status == 0, "\(pack.stderr)")
        let packFindings = ((try? JSONSerialization.jsonObject(with: Data(pack.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
        let drift = packFindings.filter { $0["check"] as? String == "online/catalog" }
        #expect(drift.contains { ($0["file"] as? String ?? "").hasSuffix("Sources/ObsGenPacks/DeploymentObservability/Catalog.swift") && $0["line"] as? Int == 23
                    && ($0["message"] as? String ?? "").hasPrefix("declared metric deployment_duration_seconds has no series on \(server)") }, "\(drift)")
        // deployment_total is pushed as the pack declares it: kind and labels agree.
        #expect(!drift.contains { ($0["message"] as? String ?? "").contains("deployment_total") }, "\(drift)")

        // The same files offline: no online finding, and no server asked.
        let offline = try CLI.run(["lint", "--format", "json", "rules.yml", "dashboard.json", "prometheus.yml"], cwd: proj)
        #expect(!offline.stdout.contains("online/"), "\(offline.output)")
    }

    // MARK: - Gate

    /// Pushes an application's request counters for a stable and a canary version, twice.
    static func pushTraffic(_ stack: Stack, service: String, canaryErrors: Int) {
        for i in 1...3 {
            let body = """
                # TYPE http_requests_total counter
                http_requests_total{environment="production",service="\(service)",version="stable",method="GET",status="200"} \(1000 * i)
                http_requests_total{environment="production",service="\(service)",version="stable",method="GET",status="500"} \(i)
                http_requests_total{environment="production",service="\(service)",version="canary",method="GET",status="200"} \(200 * i)
                http_requests_total{environment="production",service="\(service)",version="canary",method="GET",status="500"} \(canaryErrors * i)

                """
            #expect(LiveServers.push(body, to: "\(stack.pushgateway)/metrics/job/app/service/\(service)"))
            if i < 3 { usleep(2_000_000) }
        }
    }

    @Test(.enabled(if: enabled, "slow (real servers): set OBSGEN_SLOW_TESTS=1; needs prometheus, prometheus-pushgateway, prometheus-node-exporter and curl"))
    func gatePassesAHealthyCanaryAndStopsAFailingOne() throws {
        let stack = try Self.start()
        defer { stack.servers.stopAll() }
        Self.pushTraffic(stack, service: "api", canaryErrors: 0)
        Self.pushTraffic(stack, service: "web", canaryErrors: 40)
        // The pack's recording rule, evaluated by the server, has both versions of both services.
        _ = LiveServers.waitFor("the pack's canary recording rule", seconds: 40) {
            (stack.value("count(version:http_errors:ratio_rate5m{environment=\"production\"} >= 0)") ?? 0) == 4 ? true : nil
        }
        func gate(_ service: String, _ extra: [String] = []) throws -> Tool.Result {
            try CLI.run(["gate", "--prometheus", stack.prometheus, "--pack", "deployment", "--rule", "version:http_errors:ratio_rate5m",
                         "--canary-match", "version=\"canary\"", "--baseline-match", "version=\"stable\"",
                         "--match", "service=\"\(service)\", environment=\"production\"", "--max-ratio", "1.5", "--slack", "0.001",
                         "--requests", "sum(increase(http_requests_total{service=\"\(service)\", version=\"canary\"}[$window]))", "--min-requests", "10",
                         "--checks", "2", "--every", "1s"] + extra)
        }
        let healthy = try gate("api")
        #expect(healthy.status == 0, "\(healthy.output)")
        #expect(healthy.stdout.contains("check 2/2: proceed: canary 0 ≤ limit "), "\(healthy.output)")
        #expect(healthy.stdout.hasSuffix("gate: proceed\n"), "\(healthy.output)")

        let failing = try gate("web")
        #expect(failing.status == 1, "\(failing.output)")
        #expect(failing.stdout.contains("check 1/2: stop: canary 0.1"), "\(failing.output)")
        #expect(failing.stdout.hasSuffix("gate: stop\n"), "\(failing.output)")

        let tooLittle = try gate("api", ["--min-requests", "1000000"])
        #expect(tooLittle.status == 2, "\(tooLittle.output)")
        #expect(tooLittle.stdout.contains("undecided: traffic ") && tooLittle.stdout.contains("< 1000000 needed to decide"), "\(tooLittle.output)")

        // The pipeline step: templates/canary-rollout.sh, 10% → 50% → 100%.
        let script = CLI.repositoryRoot.appendingPathComponent("templates/canary-rollout.sh").path
        let binary = try #require(CLI.binary).path
        func rollout(_ service: String) throws -> Tool.Result {
            try Tool.run("/bin/bash", [script], cwd: stack.servers.dir, env: ["PROMETHEUS_URL": stack.prometheus, "SERVICE": service, "OBSGEN": binary,
                                                                             "CANARY_CHECKS": "1", "CANARY_EVERY": "1s", "CANARY_MIN_REQUESTS": "10", "NO_COLOR": "1"],
                         timeout: 120)
        }
        let rolledOut = try rollout("api")
        #expect(rolledOut.status == 0, "\(rolledOut.output)")
        #expect(rolledOut.stdout.contains("canary: step 10% passed") && rolledOut.stdout.contains("canary: step 50% passed")
                && rolledOut.stdout.hasSuffix("canary: routing 100% of api in production to the canary\ncanary: api in production rolled out\n"), "\(rolledOut.output)")
        let rolledBack = try rollout("web")
        #expect(rolledBack.status == 1, "\(rolledBack.output)")
        #expect(rolledBack.stdout.contains("gate: stop\ncanary: rolling back web in production: the canary's error ratio is above the limit at 10%"), "\(rolledBack.output)")
        #expect(!rolledBack.stdout.contains("50%"), "\(rolledBack.output)")

        // An alert of plain rule files: its condition must return nothing.
        let dir = stack.servers.dir
        try """
            groups:
              - name: canary
                rules:
                  - alert: CanaryErrors
                    expr: version:http_errors:ratio_rate5m{version="canary"} > 0.05

            """.write(to: dir.appendingPathComponent("canary.yml"), atomically: true, encoding: .utf8)
        let alert = try CLI.run(["gate", "--prometheus", stack.prometheus, "--rules", dir.appendingPathComponent("canary.yml").path, "--rule", "CanaryErrors"])
        #expect(alert.status == 1, "\(alert.output)")
        #expect(alert.stdout.contains("CanaryErrors: firing for 1 series: {__name__=\"version:http_errors:ratio_rate5m\", environment=\"production\", service=\"web\", version=\"canary\"} 0.1"), "\(alert.output)")
        let bounds = try CLI.run(["gate", "--prometheus", stack.prometheus, "--expr", "max(version:http_errors:ratio_rate5m{service=\"api\"})", "--max", "0.01"])
        #expect(bounds.status == 0, "\(bounds.output)")
        // 0/0 is no traffic, not a failure; impossible bounds are a usage error.
        let nan = try CLI.run(["gate", "--prometheus", stack.prometheus, "--expr", "vector(0) / 0", "--max", "5"])
        #expect(nan.status == 2 && nan.stdout.contains("undecided: vector(0) / 0 is NaN for {} (no traffic?)"), "\(nan.output)")
        let impossible = try CLI.run(["gate", "--prometheus", stack.prometheus, "--expr", "vector(1)", "--min", "10", "--max", "5"])
        #expect(impossible.status == 2 && impossible.stderr.contains("--min 10 is above --max 5"), "\(impossible.output)")
        let range = try CLI.run(["gate", "--prometheus", stack.prometheus, "--expr", "up[5m]", "--max", "5"])
        #expect(range.status == 2 && range.stderr.contains("is a range vector"), "\(range.output)")
        let noData = try CLI.run(["gate", "--prometheus", stack.prometheus, "--expr", "sum(no_such_metric)", "--max", "1"])
        #expect(noData.status == 2 && noData.stdout.contains("no data: sum(no_such_metric) returns nothing"), "\(noData.output)")
    }

    // MARK: - Catalog import

    @Test(.enabled(if: enabled, "slow (real servers): set OBSGEN_SLOW_TESTS=1; needs prometheus, prometheus-pushgateway, prometheus-node-exporter and curl"))
    func importWritesACatalogThatCompilesAndMatchesTheMetadata() throws {
        let stack = try Self.start()
        defer { stack.servers.stopAll() }
        #expect(LiveServers.push(Self.deployments, to: "\(stack.pushgateway)/metrics/job/ci/instance/runner"))
        _ = LiveServers.waitFor("the pushed series and the node exporter's", seconds: 30) {
            (stack.value("count(deployment_total)") ?? 0) == 2 && (stack.value("count(node_cpu_seconds_total)") ?? 0) > 0 ? true : nil
        }
        let out = stack.servers.dir.appendingPathComponent("Imported.swift")
        let r = try CLI.run(["catalog", "import", "--prometheus", stack.prometheus, "--job", "node", "--job", "ci", "-o", out.path])
        #expect(r.status == 0, "\(r.output)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("public static let deploymentTotal = Counter(\"deployment_total\", help: \"Deployments by outcome.\", labels: [.oneOf(\"environment\", [\"production\"]), .oneOf(\"service\", [\"api\"]), .oneOf(\"status\", [\"failed\", \"success\"])], job: \"ci\")"), "\(text)")
        #expect(text.contains("public static let queueDepth = Gauge(\"queue_depth\", help: \"Deployments waiting.\", labels: [.oneOf(\"queue\", [\"deploys\"])], job: \"ci\")"), "\(text)")
        #expect(text.contains("public static let nodeCpuSecondsTotal = Counter(\"node_cpu_seconds_total\""), "\(text)")

        // Every imported metric as the server's metadata describes it.
        let client = PrometheusClient(server: PrometheusServer(url: URL(string: stack.prometheus)!))
        let metadata = try client.metadata()
        var options = CatalogImport.Options()
        options.jobs = ["node", "ci"]
        let metrics = try CatalogImport.run(client, options: options)
        #expect(metrics.count > 10)
        for m in metrics {
            guard let meta = metadata[m.name], let kind = ServerMetric(type: meta.type).kind else { continue }
            #expect(m.kind == kind, "\(m.name): \(m.kind) against \(meta.type)")
            #expect(meta.help.isEmpty || m.help == meta.help, "\(m.name)")
        }
        #expect(metrics.first { $0.name == "node_cpu_seconds_total" }?.label("mode")?.values?.contains("idle") == true)

        // It compiles against this build's ObsGen module.
        let swiftc = try #require(Tool.path("swiftc"), "swiftc is needed to compile the imported catalog")
        let binary = try #require(CLI.binary)
        let modules = binary.deletingLastPathComponent().appendingPathComponent("Modules")
        let cyaml = CLI.repositoryRoot.appendingPathComponent(".build/checkouts/Yams/Sources/CYaml/include/module.modulemap")
        try #require(FileManager.default.fileExists(atPath: modules.path) && FileManager.default.fileExists(atPath: cyaml.path), "the build's modules (\(modules.path))")
        let check = out.deletingLastPathComponent().appendingPathComponent("UsesImported.swift")
        try "let all: [Metric] = ImportedMetrics.all\nlet c: Metric = ImportedMetrics.deploymentTotal\n".write(to: check, atomically: true, encoding: .utf8)
        try ("import ObsGen\n" + String(contentsOf: check, encoding: .utf8)).write(to: check, atomically: true, encoding: .utf8)
        let compiled = try Tool.run(swiftc, ["-typecheck", "-I", modules.path, "-Xcc", "-fmodule-map-file=\(cyaml.path)", out.path, check.path], timeout: 300)
        #expect(compiled.status == 0, "\(compiled.output)")
    }

    // MARK: - Failure modes

    /// A server that misbehaves by path: /slow answers after 10 s, /500 with HTTP 500, /garbage
    /// with HTML, /empty with valid but empty answers (and no configuration API).
    static let misbehaving = """
        import http.server, json, sys, time
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                mode, _, rest = self.path[1:].partition('/')
                rest = '/' + rest
                if mode == 'slow':
                    time.sleep(3)
                if mode == '500':
                    return self.answer(500, b'internal error')
                if mode == 'garbage':
                    return self.answer(200, b'<html>hello</html>')
                if rest.startswith('/api/v1/status/config'):
                    return self.answer(404, b'404 page not found')
                if rest.startswith('/api/v1/query'):
                    data = {'resultType': 'vector', 'result': []}
                elif rest.startswith('/api/v1/labels') or '/values' in rest:
                    data = []
                else:
                    data = {}
                self.answer(200, json.dumps({'status': 'success', 'data': data}).encode())
            def answer(self, code, body):
                self.send_response(code)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
        """

    @Test(.enabled(if: Needs.tool("python3", "curl"), "needs python3 and curl"))
    func aServerThatIsDownSlowOrBrokenIsOneClearError() throws {
        let servers = LiveServers("obsgen-misbehaving")
        defer { servers.stopAll() }
        let port = LiveServers.freePort()
        try servers.start("python3", ["-c", Self.misbehaving, "\(port)"], log: "server")
        _ = LiveServers.waitFor("the misbehaving server", seconds: 20) { LiveServers.get("http://127.0.0.1:\(port)/empty/api/v1/metadata") }
        let dir = servers.dir
        try "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up{job=\"x\"} == 0\n".write(to: dir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        let base = "http://127.0.0.1:\(port)"
        func lint(_ url: String, _ extra: [String] = []) throws -> Tool.Result {
            try CLI.run(["lint", "--prometheus", url, "rules.yml"] + extra, cwd: dir, timeout: 60)
        }
        let down = try lint("http://127.0.0.1:\(LiveServers.freePort())")
        #expect(down.status == 2 && down.stderr.contains("cannot reach http://127.0.0.1:"), "\(down.output)")
        let slow = try lint("\(base)/slow", ["--prometheus-timeout", "1"])
        #expect(slow.status == 2 && slow.stderr.contains("did not answer within 1s"), "\(slow.output)")
        // Waiting for a slow answer costs no CPU (URLSession on Linux spins a core meanwhile).
        if let time = Tool.path("/usr/bin/time") {
            let waited = try Tool.run(time, ["-f", "cpu %U %S", try #require(CLI.binary).path, "gate", "--prometheus", "\(base)/slow", "--expr", "sum(up)", "--max", "1"], timeout: 60)
            let cpu = waited.stderr.split(separator: "\n").last { $0.hasPrefix("cpu ") }.map { $0.split(separator: " ").dropFirst().compactMap { Double($0) }.reduce(0, +) }
            #expect(waited.status == 2 && waited.stdout.contains("no data"), "\(waited.output)")
            #expect((cpu ?? 99) < 1.0, "CPU seconds while waiting 3 s for an answer: \(String(describing: cpu))")
        }
        // An IPv6 literal address.
        let v6 = LiveServers.freePort()
        try servers.start("python3", ["-c", Self.misbehaving.replacingOccurrences(of: "http.server.ThreadingHTTPServer(('127.0.0.1'", with: "V6(('::1'")
                                        .replacingOccurrences(of: "class H(", with: "import socket\nclass V6(http.server.ThreadingHTTPServer):\n    address_family = socket.AF_INET6\nclass H("), "\(v6)"], log: "v6")
        _ = LiveServers.waitFor("the IPv6 server", seconds: 20) { () -> Bool? in
            (try? Tool.run("curl", ["-fsS", "-g", "--max-time", "2", "http://[::1]:\(v6)/empty/api/v1/metadata"], timeout: 5))?.status == 0 ? true : nil
        }
        let overV6 = try lint("http://[::1]:\(v6)/empty")
        #expect(overV6.status == 0 && overV6.stdout.contains("up has no series on http://[::1]:\(v6)/empty"), "\(overV6.output)")

        let broken = try lint("\(base)/500")
        #expect(broken.status == 2 && broken.stderr.contains("answered HTTP 500: \"internal error\""), "\(broken.output)")
        let garbage = try lint("\(base)/garbage")
        #expect(garbage.status == 2 && garbage.stderr.contains("did not answer with JSON (it begins \"<html>hello</html>\")"), "\(garbage.output)")
        // Empty answers are answers: the series check says what it found.
        let empty = try lint("\(base)/empty")
        #expect(empty.status == 0, "\(empty.output)")
        #expect(empty.stdout.contains("warning[online/series]: up has no series on \(base)/empty, nor had any in the last 7d"), "\(empty.output)")
        #expect(empty.stderr.contains("no configuration API"), "\(empty.output)")

        let gate = try CLI.run(["gate", "--prometheus", "\(base)/empty", "--expr", "sum(up)", "--max", "1"])
        #expect(gate.status == 2 && gate.stdout.contains("no data: sum(up) returns nothing"), "\(gate.output)")
        let gateBroken = try CLI.run(["gate", "--prometheus", "\(base)/500", "--expr", "sum(up)", "--max", "1"])
        #expect(gateBroken.status == 2 && gateBroken.stdout.contains("could not decide: "), "\(gateBroken.output)")
        let importGarbage = try CLI.run(["catalog", "import", "--prometheus", "\(base)/garbage"])
        #expect(importGarbage.status == 2 && importGarbage.stderr.contains("did not answer with JSON"), "\(importGarbage.output)")
    }
}
