import Foundation
import Testing
import Yams
@testable import ObsGen
@testable import ObsGenPacks

/// "The DSL says things once": one test per item of the issue.
@Suite struct DSLOnceTests {
    static let requests = Counter("http_requests_total", help: "Requests", labels: ["code", "job"])
    static let latency = Histogram("http_request_duration_seconds", help: "Latency", buckets: [0.1, 0.5, 1])
    static let queueDepth = Gauge("queue_depth", help: "Jobs waiting")
    static let neverRead = Gauge("never_read_total", help: "Declared, read by nothing")
    static let errorRatio = Record("job:http_errors:ratio_rate5m",
                                   expr: "sum by (job) (rate(\(requests){code=~\"5..\"}[5m])) / sum by (job) (rate(\(requests)[5m]))")

    // MARK: Recording rules interpolate as their name

    @Test func interpolatingARecordingRuleWritesItsName() {
        // In a plain String, as in an expression.
        #expect("\(Self.errorRatio) > 0.05" == "job:http_errors:ratio_rate5m > 0.05")
        let alert = Alert("HighErrors", expr: "\(Self.errorRatio) > 0.05", severity: .critical)
        #expect(alert.expr == "job:http_errors:ratio_rate5m > 0.05")
        let text: PromQLText = "max(\(Self.errorRatio)) + \(0.5)"
        #expect(text.text == "max(job:http_errors:ratio_rate5m) + 0.5")
        #expect(text.recordingRules == ["job:http_errors:ratio_rate5m"])
        #expect(Query("\(Self.errorRatio){job=\"api\"}").expr == "job:http_errors:ratio_rate5m{job=\"api\"}")
    }

    // MARK: Interpolated metrics are part of the project

    static let project = Project("p") {
        neverRead                       // listed, read by nothing
        RuleFile("f") {
            RuleGroup("r") { errorRatio }
            RuleGroup("a") { Alert("Backlog", expr: "\(queueDepth) > 100", severity: .warning) }
        }
        Dashboards("D") {
            QueryVariable("job", query: "label_values(\(requests), job)")
            Heatmap("Latency", buckets: latency)
        }
    }

    @Test func interpolatedMetricsArePartOfTheProject() throws {
        let names = Self.project.metrics.map(\.name)
        // Listed first, then in first-use order: rules, then dashboards.
        #expect(names == ["never_read_total", "http_requests_total", "queue_depth", "http_request_duration_seconds"])
        #expect(Self.project.interpolatedMetrics.map(\.name) == ["http_requests_total", "queue_depth", "http_request_duration_seconds"])
        // Declared but never used: a warning for the linter to give, not a build error.
        #expect(Self.project.unusedMetrics.map(\.name) == ["never_read_total"])
        #expect(Self.project.usedMetricNames == ["http_requests_total", "queue_depth", "http_request_duration_seconds"])
        #expect(Self.project.usedSeriesNames.contains("http_request_duration_seconds_bucket"))
        #expect(try Self.project.build().metrics.count == 4)
        // Written out rather than interpolated, a metric still counts as used.
        let written = Project("w") {
            Self.queueDepth
            RuleFile("f") { RuleGroup("g") { Record("x:queue_depth:max", expr: "max(queue_depth)") } }
        }
        #expect(written.unusedMetrics.isEmpty)
        // Two different declarations under one name are a build error at the second one.
        let other = Gauge("queue_depth", help: "Another meaning")
        let clash = Project("c") {
            Self.queueDepth
            RuleFile("f") { RuleGroup("g") { Record("x:queue_depth:max", expr: "max(\(other))") } }
        }
        #expect(clash.validate().contains { $0.id == "catalog/duplicate" && $0.site == other.site })
        // The pack's catalog: everything it lists, and what nothing reads is reported.
        let pack = DeploymentPack.project
        #expect(pack.metrics.count == DeploymentCatalog.all.count)
        #expect(pack.unusedMetrics.map(\.name) == ["smoke_test_duration_seconds", "deployment_info"])
    }

    // MARK: Typed severities

    @Test func severitiesAreTyped() {
        let ladder = Alert("Latency", expr: "x", severities: .warning(above: 1), .critical(above: 2), .level(.page, above: 3))
        #expect(ladder.expanded().map { $0.labels["severity"] } == ["warning", "critical", "page"])
        let single = Alert("Down", expr: "up == 0", severity: .info)
        #expect(single.labels["severity"] == "info")
        #expect(AlertSeverity.page.rawValue == "page")
        #expect(PanelSpec.thresholds(for: ladder)?.steps.map(\.color) == ["green", "orange", "red", "red"])
        #expect(AlertSeverity.custom("ticket").color == "yellow")
    }

    // MARK: Grafana units

    @Test func grafanaUnitsAreTyped() throws {
        #expect(GrafanaUnit.catalogue.count == 257)
        for id in ["percentunit", "reqps", "s", "ms", "bytes", "decbytes", "short", "none", "dtdurations", "currencyEUR", "µs", "bool_on_off"] {
            #expect(GrafanaUnit.catalogue.contains(id), "\(id)")
        }
        #expect(GrafanaUnit.seconds.rawValue == "s")
        #expect(GrafanaUnit.ratio == .percentunit)
        #expect(GrafanaUnit.suffix("jobs").rawValue == "suffix:jobs")
        #expect(GrafanaUnit.si("B").isKnown)
        #expect(GrafanaUnit(.seconds) == .s)
        // The escape hatch: any string, as before.
        let typed = try DashboardSpec("U") {
            TimeSeries("a", Query("up")).unit(.reqps)
            TimeSeries("b", Query("up")).unit("s")
            TimeSeries("c", Query("up")).unit(.custom("widgets"))
        }.build()
        #expect(typed.allPanels.map { $0.fieldDefaults?.unit } == ["reqps", "s", "widgets"])
        // An id Grafana does not know is a build warning at the panel's line.
        let line = #line + 2
        let p = Project("u") {
            Dashboards("U") { TimeSeries("c", Query("up")).unit("secs") }
        }
        let issue = try #require(p.validate().first { $0.id == "dashboards/unit" })
        #expect(issue.severity == .warning)
        #expect(issue.site.line == line)
    }

    // MARK: Panel kinds are types

    /// Options a kind does not have are not there to call; these lines would not compile:
    ///
    ///     Stat("x", Query("up")).legend(.table)          // StatPanel has no legend
    ///     Gauge("x", Query("up")).tooltip(.single)       // GaugePanel has no tooltip
    ///     Text("x", markdown: "…").unit(.seconds)        // TextPanel has no field options
    ///     AlertList("x").datasource(uid: "p")            // AlertListPanel runs no queries
    ///     Logs("x", Query.logs("{}")).thresholds(…)      // LogsPanel has no field options
    ///
    /// (A test cannot show that something does not compile; what each kind allows does.)
    @Test func panelKindsHaveOnlyTheirOptions() throws {
        let d = try DashboardSpec("Kinds") {
            TimeSeries("ts", Query("up")).unit(.seconds).legend(.table, placement: .right).tooltip(.single).transparent()
            Stat("stat", Query("up")).unit(.percentunit).decimals(1).range(min: 0, max: 1).mappings([]).description("d")
            Gauge("gauge", Query("up")).thresholds(Thresholds(steps: [ThresholdStep(nil, "green")]))
            BarGauge("bar", Query("up")).legend(.hidden)
            Table("table", Query("up")).overrides([])
            HistogramPanel("hist", Query("up")).legend(.list).tooltip(.multi)
            StateTimeline("state", Query("up")).legend(.list).tooltip(.none)
            Heatmap("heat", Query("up")).unit(.seconds)
            Text("text", markdown: "# hi").size(w: 24, h: 2)
            Logs("logs", Query.logs("{job=\"x\"}")).datasource(uid: "loki-1", type: "loki")
            Traces("traces", Query.traces("{}"))
            AlertList("alerts").id(99)
        }.build()
        let byTitle = Dictionary(uniqueKeysWithValues: d.allPanels.map { ($0.title!, $0) })
        #expect(byTitle["ts"]?.options?["legend"]?["displayMode"] == .string("table"))
        #expect(byTitle["ts"]?[.transparent] == true)
        #expect(byTitle["bar"]?.options?["legend"]?["showLegend"] == .bool(false))
        #expect(byTitle["text"]?.fieldDefaults == nil)
        #expect(byTitle["alerts"]?.id == 99)
        // Erased, every kind is a PanelSpec: what a function returning panels of several kinds gives.
        let mixed: [PanelSpec] = [TimeSeries("a", Query("up")).unit(.seconds).spec, Stat("b", Query("up")).spec]
        #expect(mixed.map(\.kind.pluginID) == ["timeseries", "stat"])
    }

    @Test func heatmapsOfClassicBucketsUseHeatmapFormat() throws {
        let d = try DashboardSpec("H") {
            Heatmap("by helper", buckets: Self.latency, filter: "job=~\"$job\"")
            Heatmap("written", Query("sum by (le) (increase(\(Self.latency.bucket)[$__rate_interval]))"))
            Heatmap("other", Query("rate(x_total[5m])"))
            Heatmap("explicit", Query("sum by (le) (rate(y_bucket[5m]))", legend: "{{le}} s", format: .timeSeries))
        }.build()
        let targets = d.allPanels.map { $0.targets![0] }
        #expect(targets[0].promQL == "sum by (le) (rate(http_request_duration_seconds_bucket{job=~\"$job\"}[$__rate_interval]))")
        #expect(targets.map(\.format) == ["heatmap", "heatmap", nil, "time_series"])
        let legends = targets.map { t -> String? in if case .prometheus(_, let l, _, _) = t.kind { l } else { nil } }
        #expect(legends == ["{{le}}", "{{le}}", "__auto", "{{le}} s"])
        #expect(d.allPanels[0].fieldDefaults?.unit == "s")
        // Drawn as the buckets are, not re-bucketed: `calculate` is not true (false, the heatmap's
        // default, is not written).
        #expect(d.allPanels[0].options?["calculate"] == nil)
        #expect(d.allPanels[0].options?["yAxis"]?["unit"] == .string("s"))
    }

    // MARK: Alertmanager matchers

    @Test(arguments: [
        ("severity=\"critical\"", "severity=\"critical\""),
        ("severity=critical", "severity=\"critical\""),
        (" service =~ \"api|web\" ", "service=~\"api|web\""),
        ("env!=\"prod\"", "env!=\"prod\""),
        ("team!~\"a.*\"", "team!~\"a.*\""),
        ("quote=\"say \\\"hi, there\\\"\"", "quote=\"say \\\"hi, there\\\"\""),
        ("empty=\"\"", "empty=\"\""),
        ("\"ok_name\"=\"v\"", "ok_name=\"v\""),
        ("unicode=\"∑ \\u00e9\"", "unicode=\"∑ é\""),
    ])
    func alertmanagerMatchersParse(text: String, canonical: String) throws {
        let m = try AlertMatcher.parse(text)
        #expect(m.description == canonical)
        let literal: AlertMatcher = .init(stringLiteral: text)
        #expect(literal.error == nil)
        #expect(literal == m)
    }

    @Test(arguments: [
        ("severity", "expected an operator"),
        ("severity==\"x\"", "unexpected \"=\" where a label value"),
        ("severity=", "expected a label value"),
        ("severity=critical page", "after the matcher"),
        ("severity=\"critical", "unterminated quoted string"),
        ("1abc=\"x\"", "not a label name"),
        ("\"dotted.name\"=\"x\"", "not a label name"),
        ("service=~\"(api\"", "invalid regular expression"),
        ("a=\"x\",b=\"y\"", "after the matcher"),
        ("=\"x\"", "where a label name belongs"),
        ("name=\"bad \\q escape\"", "unknown escape"),
    ])
    func badAlertmanagerMatchersAreRefused(text: String, problem: String) {
        #expect(throws: AlertMatcher.ParseError.self) { try AlertMatcher.parse(text) }
        let literal: AlertMatcher = .init(stringLiteral: text)
        #expect(literal.error?.contains(problem) == true, "\(literal.error ?? "nil")")
    }

    @Test func matcherErrorsPointAtTheRoute() throws {
        let routeLine = #line + 4
        let inhibitLine = #line + 5
        let p = Project("am") {
            AlertmanagerConfig(route: AlertRoute(receiver: "r", routes: [
                AlertRoute(receiver: "r", matchers: [.severity(.critical), "team=a b"]),
            ]), receivers: [Receiver("r")], inhibitRules: [
                InhibitRule(source: [.equal("severity", "critical")], target: [.matches("severity", "warn(")], equal: ["alertname"]),
            ])
        }
        let issues = p.validate().filter { $0.id == "alertmanager/matcher" }
        #expect(issues.count == 2)
        #expect(issues[0].site.line == routeLine && issues[0].site.file == #filePath)
        #expect(issues[0].message.contains("\"team=a b\""))
        #expect(issues[1].site.line == inhibitLine)
        #expect(issues[1].message.contains("invalid regular expression"))
    }

    @Test(.enabled(if: Needs.tool("amtool"), "amtool is not installed (apt-get install prometheus-alertmanager)"))
    func renderedMatchersPassAmtool() throws {
        let config = AlertmanagerConfig(
            route: AlertRoute(receiver: "r", routes: [
                AlertRoute(receiver: "r", matchers: [.severity(.critical), .matches("service", "api|web"), "team!=\"a \\\"b\\\"\"", .notEqual("x", "line\nbreak")]),
            ]),
            receivers: [Receiver("r", webhooks: [WebhookReceiver(url: "http://localhost:1/")])],
            inhibitRules: [InhibitRule(source: [.severity(.critical)], target: [.doesNotMatch("severity", "crit.*")], equal: ["alertname"])])
        let text = AlertmanagerRenderer.render(config, source: "test")
        #expect(text.contains("- team!=\"a \\\"b\\\"\""))
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("alertmanager.yml")
        try Data(text.utf8).write(to: path)
        let r = try Tool.run("amtool", ["check-config", path.path])
        #expect(r.status == 0, "\(r.output)\n\(text)")
    }

    // MARK: runbookBaseURL

    @Test func runbookBaseURLBuildsEachAlertsRunbookURL() throws {
        let explicit = Alert("Own", expr: "up == 0", severity: .critical, runbookURL: "https://wiki/own")
        let implicit = Alert("Implicit Name", expr: "up == 0", severity: .warning, runbook: Runbook(detection: "d"))
        let p = Project("r", runbookBaseURL: "https://example.org/runbooks/") {
            RuleFile("f") { RuleGroup("g") { explicit; implicit } }
            Dashboards("D") { TimeSeries("up", Query("up")).runbookLink(implicit).runbookLink(explicit, title: "Own runbook") }
        }
        let urls = p.alerts.map { $0.alert.annotations.runbookURL }
        #expect(urls == ["https://wiki/own", "https://example.org/runbooks/Implicit-Name.md"])
        let files = try p.renderedFiles(source: "t")
        // The URL names the page render writes.
        #expect(files.contains { $0.path == "docs/runbooks/Implicit-Name.md" })
        let (_, dashboards) = try p.resolvingDashboards()
        #expect(dashboards[0].allPanels[0].links?.map(\.url) == ["https://example.org/runbooks/Implicit-Name.md", "https://wiki/own"])
        #expect(dashboards[0].allPanels[0].links?.map(\.title) == ["Runbook: Implicit Name", "Own runbook"])
        // Without a base URL, a link to an alert without runbook_url is a build error at the panel.
        let line = #line + 3
        let noBase = Project("n") {
            RuleFile("f") { RuleGroup("g") { implicit } }
            Dashboards("D") { TimeSeries("up", Query("up")).runbookLink(implicit) }
        }
        #expect(noBase.alerts[0].alert.annotations.runbookURL == nil)
        #expect(throws: BuildFailure.self) { try noBase.resolvingDashboards() }
        do { _ = try noBase.resolvingDashboards() } catch { #expect(error.issues[0].site.line == line) }
        // The pack builds none of its 14 runbook URLs by hand any more, and renders the same bytes.
        let pack = DeploymentPack.project
        for (_, _, a) in pack.alerts {
            #expect(a.annotations.runbookURL == "\(DeploymentPack.runbookBaseURL)/\(a.name).md")
        }
    }

    // MARK: Alert tests expand their annotations

    @Test func alertTestAnnotationsAreExpanded() throws {
        let alert = Alert("ErrorsHigh", expr: "sum by (job) (rate(x_total{code=\"500\"}[5m])) / sum by (job) (rate(x_total[5m]))",
                          severities: .warning(above: 0.1), .critical(above: 0.4),
                          labels: ["team": "web"],
                          summary: "{{ $labels.job }}: {{ $value | humanizePercentage }} of requests fail",
                          description: "{{ printf \"%.3f\" $value }} ({{ $labels.severity }}{{ $labels.team }})",
                          tests: [AlertTest("fires", series: [.init("x_total{job=\"api\",code=\"500\"}", "0+1x10"),
                                                              .init("x_total{job=\"api\",code=\"200\"}", "0+1x10")],
                                            evalTime: .minutes(10),
                                            expect: [.init(labels: ["job": "api", "severity": "warning", "team": "web"], value: 0.5),
                                                     .init(labels: ["job": "api", "severity": "critical", "team": "web"], value: 0.5)])])
        let e = alert.tests[0].expected[0]
        // `$labels` are the series' labels: not the rule's own (team, severity).
        #expect(try alert.expectedAnnotations(for: e) == ["summary": "api: 50% of requests fail", "description": "0.500 ()"])
        let p = Project("t") { RuleFile("f") { RuleGroup("g") { alert } } }
        #expect(p.validate().isEmpty)
        let test = try #require(try p.renderedFiles(source: "t").first { $0.path == "rules/tests/f.test.yml" })
        #expect(test.contents.contains("summary: \"api: 50% of requests fail\""))
        #expect(test.contents.contains("description: \"0.500 ()\""))
    }

    @Test func anAlertTestThatCannotExpandPointsAtItsOwnLine() throws {
        let testLine = #line + 4
        let alert = Alert("Slow", expr: "x > 1", severity: .warning,
                          summary: "{{ $value | humanizeDuration }}",
                          description: "{{ with query \"up\" }}{{ . | first | value }}{{ end }}",
                          tests: [AlertTest("no value", series: [.init("x", "2+0x5")], evalTime: .minutes(5),
                                            expect: [.init(labels: ["severity": "warning"])])])
        let p = Project("t") { RuleFile("f") { RuleGroup("g") { alert } } }
        let issues = p.validate().filter { $0.id == "rules/test" }
        #expect(issues.count == 2)
        #expect(issues.allSatisfy { $0.site.line == testLine && $0.site.file == #filePath })
        #expect(issues.contains { $0.message.contains("annotation summary reads $value; give the alert's value at 5m") })
        #expect(issues.contains { $0.message.contains("annotation description: template: query needs Prometheus") })
        #expect(alert.tests[0].site.column == 44)   // `AlertTest(`
        // Expectations the alert cannot meet are located there too.
        let ladderLine = #line + 2
        let ladder = Alert("Ladder", expr: "x", severities: .warning(above: 1),
                           tests: [AlertTest("t", series: [], evalTime: .minutes(1), expect: [.init(labels: ["alertname": "Other"]),
                                   .init(labels: ["severity": "critical"])])])
        let wrong = Project("w") { RuleFile("f") { RuleGroup("g") { ladder } } }.validate().filter { $0.id == "rules/test" }
        #expect(wrong.map(\.site.line) == [ladderLine, ladderLine])
        #expect(wrong.map(\.message) == ["test \"t\" of alert Ladder expects alertname \"Other\", but evaluates Ladder",
                                         "test \"t\" of alert Ladder expects severity \"critical\", which its ladder does not have (warning)"])
    }

    // MARK: DashboardSpec by concept; one panel field in one place

    @Test func aPanelFieldIsDeclaredInOnePlace() throws {
        // Declared once (PanelField), set from the DSL, written by both serialisers, read back
        // from a loaded dashboard: no model, loader or serialiser change.
        let timeFrom = PanelField<String>("timeFrom")
        let d = try DashboardSpec("Fields") {
            TimeSeries("a", Query("up")).set(timeFrom, "1h").set(.maxDataPoints, 500).repeat(by: "job", maxPerRow: 4)
        }.build()
        let panel = d.allPanels[0]
        #expect(panel[.timeFrom] == "1h")
        #expect(panel[.maxDataPoints] == 500)
        #expect(panel[.repeat] == "job" && panel[.repeatDirection] == "h" && panel[.maxPerRow] == 4)
        let json = DashboardRenderer.render(d)
        #expect(json == DashboardRenderer.renderTree(d))
        #expect(json.contains("\"timeFrom\": \"1h\""))
        let loaded = DashboardLoader.load(text: json, path: "d.json")
        #expect(loaded.dashboard.allPanels[0][.maxDataPoints] == 500)
        #expect(loaded.dashboard.allPanels[0][.transparent] == nil)
    }

    // MARK: Declaration sites of panels and variables

    @Test func panelsAndVariablesKnowWhereTheyWereDeclared() throws {
        let variableLine = #line + 3
        let panelLine = #line + 4
        let spec = DashboardSpec("Sites") {
            QueryVariable("job", query: "label_values(up, job)")
            Row("r") {
                Stat("s", Query("up"))
                    .unit(.number)
            }
            Markers("m", expr: "changes(up[1m]) > 0")
        }
        let d = try spec.build()
        let variable = try #require(d.variables?.first { $0.name == "job" })
        #expect(variable.site == DeclarationSite(file: #filePath, line: variableLine, column: 26))
        #expect(d.variables?.first { $0.name == "datasource" }?.site == nil)
        let panel = try #require(d.allPanels.first)
        #expect(panel.site == DeclarationSite(file: #filePath, line: panelLine, column: 21))
        #expect(d.panels?.first?.site?.line == panelLine - 1)   // the row
        #expect(d.annotations?.last?.site?.line == panelLine + 3)
        // Loaded panels have none.
        let loaded = DashboardLoader.load(text: DashboardRenderer.render(d), path: "d.json").dashboard
        #expect(loaded.allPanels.first?.site == nil)
    }
}

/// A team's own level, declared once and typed from then on.
extension AlertSeverity {
    static let page = AlertSeverity.custom("page")
}
