import Foundation
import Testing
@testable import ObsGen
@testable import ObsGenPacks

@Suite struct DashboardTests {
    static let requests = Counter("http_requests_total", help: "Requests", labels: ["code", "job"])
    static let errorAlert = Alert("HighErrors", expr: "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))",
                                  severities: .warning(above: 0.05), .critical(above: 0.1))

    /// One of every panel kind, a collapsed row, every variable kind and deployment markers.
    static let everything = DashboardSpec("Every Panel Kind", tags: ["test"]) {
        QueryVariable("job", query: "label_values(http_requests_total, job)", multi: true, includeAll: true)
        CustomVariable("env", values: ["staging", "production"])
        IntervalVariable("step")
        ConstantVariable("cluster", value: "eu-1")
        TextboxVariable("filter")
        DatasourceVariable("logs", type: "loki", label: "Logs")
        Markers("Deployments", expr: "changes(deployment_total[1m]) > 0")
        DashboardLink(title: "Runbooks", type: "link", url: "https://example.org/runbooks", tags: [], icon: "doc", tooltip: "Runbooks",
                      asDropdown: false, targetBlank: true, includeVars: false, keepTime: false)
        Text("About", markdown: "# Deployments\nWhat this shows.")
        TimeSeries("Error ratio", Query("sum(rate(\(requests){code=~\"5..\", job=~\"$job\"}[$__rate_interval])) / sum(rate(\(requests){job=~\"$job\"}[$__rate_interval]))", legend: "errors"))
            .unit("percentunit").thresholds(from: errorAlert).legend(.table, placement: .right, calcs: ["mean", "max"]).tooltip(.single)
        Stat("Requests", Query("sum(rate(\(requests)[$__rate_interval]))", instant: true)).unit("reqps").decimals(1)
        Gauge("Availability", Query("1 - sum(rate(\(requests){code=~\"5..\"}[1h])) / sum(rate(\(requests)[1h]))")).unit("percentunit").range(min: 0, max: 1)
        BarGauge("By code", Query("sum by (code) (rate(\(requests)[5m]))", legend: "{{code}}"))
        Table("Top jobs", Query("topk(10, sum by (job) (rate(\(requests)[5m])))", instant: true))
        Heatmap("Latency buckets", Query("sum by (le) (rate(latency_seconds_bucket[$__rate_interval]))", legend: "{{le}}")).unit("s")
        HistogramPanel("Latency distribution", Query("latency_seconds_sum / latency_seconds_count"))
        StateTimeline("Up", Query("up", legend: "{{instance}}")).mappings([.value([("0", "Down", "red"), ("1", "Up", "green")])])
        Logs("Errors", Query.logs("{job=\"api\"} |= \"error\""))
        Traces("Slow traces", Query.traces("{ duration > 1s }"))
        AlertList("Alerts")
        Row("Details", collapsed: true) {
            TimeSeries("Per instance", Query("sum by (instance) (rate(\(requests)[5m]))"))
        }
        Row("More") {
            Stat("Fixed datasource", Query("up")).datasource(uid: "P1809F7CD0C75ACF3")
            TimeSeries("Placed", Query("up")).gridPos(x: 0, y: 200, w: 24, h: 6)
        }
    }

    @Test func layoutNeverOverlapsAndIdsAreStable() throws {
        let d = try Self.everything.build(alerts: ["HighErrors": Self.errorAlert])
        let top = d.panels ?? []
        for (i, a) in top.enumerated() {
            for b in top[(i + 1)...] {
                #expect(!(a.gridPos!.overlaps(b.gridPos!)), "\(a.title ?? "") overlaps \(b.title ?? "")")
            }
            #expect(a.gridPos!.x + a.gridPos!.w <= 24)
        }
        let ids = top.compactMap(\.id) + top.flatMap { $0.panels ?? [] }.compactMap(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(try Self.everything.build() == (try Self.everything.build()))
        #expect(d.uid == Dashboard.derivedUID(title: "Every Panel Kind"))
        #expect(d.uid!.count <= 40)
        // The datasource variable is added, panels read through it.
        #expect(d.variables?.first?.name == "datasource")
        #expect(top.first { $0.title == "Requests" }?.datasource == .variable())
        #expect(top.first { $0.title == "Errors" }?.datasource == .ref(type: "loki", uid: "${logs}"))
        // Thresholds come from the alert's ladder.
        let ratio = top.first { $0.title == "Error ratio" }!
        #expect(ratio.fieldDefaults?.thresholds?.steps == [ThresholdStep(nil, "green"), ThresholdStep(0.05, "orange"), ThresholdStep(0.1, "red")])
    }

    @Test func streamingWriterMatchesTheTree() throws {
        for d in try DeploymentPack.project.resolvingDashboards().dashboards + [try Self.everything.build(alerts: ["HighErrors": Self.errorAlert])] {
            #expect(DashboardRenderer.render(d) == DashboardRenderer.renderTree(d), "\(d.title)")
        }
    }

    @Test func explicitOverlapIsAnError() {
        let spec = DashboardSpec("Overlap") {
            TimeSeries("A", Query("up")).gridPos(x: 0, y: 0, w: 12, h: 8)
            TimeSeries("B", Query("up")).gridPos(x: 6, y: 4, w: 12, h: 8)
        }
        #expect(throws: DashboardSpec.BuildError.self) { try spec.build() }
    }

    @Test(.enabled(if: Needs.shared("schemas/grafana/dashboard.jsonschema.json"), "../shared/schemas/grafana is absent"),
          .enabled(if: Needs.python("jsonschema"), "Python's jsonschema is not installed (pip install jsonschema)"))
    func renderedDashboardsValidateAgainstGrafanasSchemas() throws {
        _ = try Env.required("schemas/grafana/dashboard.jsonschema.json")
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for d in try DeploymentPack.project.resolvingDashboards().dashboards + [try Self.everything.build(alerts: ["HighErrors": Self.errorAlert])] {
            let url = dir.appendingPathComponent("\(d.uid!).json")
            try Data(DashboardRenderer.render(d).utf8).write(to: url)
            paths.append(url.path)
        }
        let r = try Tool.run("python3", [Env.repositoryRoot.appendingPathComponent("Tools/validate_dashboards.py").path, Env.shared.appendingPathComponent("schemas/grafana").path] + paths)
        print(r.output.split(separator: "\n").last ?? "")
        #expect(r.status == 0, "\(r.output)")
    }

    @Test func envelopeAndProvisioning() throws {
        let d = try Self.everything.build()
        let envelope = DashboardRenderer.importEnvelope(d, folderUID: "team")
        let (value, _) = try JSONParser.parse(envelope)
        #expect(value["overwrite"] == .bool(true))
        #expect(value["folderUid"] == .string("team"))
        #expect(value["dashboard"]?["uid"] == .string(d.uid!))
        let files = try DeploymentPack.project.renderedFiles(source: "t", importEnvelopes: true)
        #expect(files.contains { $0.path == "dashboards/import/deployment-pipeline.json" })
        let provider = files.first { $0.path.hasPrefix("config/grafana/provisioning/dashboards/") }!
        #expect(provider.contents.contains("type: file"))
        let ds = files.first { $0.path.hasPrefix("config/grafana/provisioning/datasources/") }!
        #expect(ds.contents.contains("type: prometheus"))
    }

    @Test func loadedRenderedDashboardKeepsEveryPanel() throws {
        let d = try Self.everything.build()
        let text = DashboardRenderer.render(d)
        let loaded = DashboardLoader.load(text: text, path: "d.json")
        #expect(!loaded.hasErrors)
        #expect(loaded.dashboard.allPanels.count == d.allPanels.count)
        #expect(JSONValue.object(DashboardRenderer.object(loaded.dashboard)).semanticallyEquals(loaded.original))
        // Panels point back into the file.
        let p = loaded.dashboard.panels![1]
        #expect(p.offset != nil)
        #expect(loaded.source.location(of: p.offset!).line > 1)
    }

    /// Rendered, loaded and rendered again: the same bytes. Nothing left out as Grafana's
    /// default comes back on the way through the loader, and nothing written goes.
    @Test func renderedLoadedAndRenderedAgainIsTheSameBytes() throws {
        for d in try DeploymentPack.project.resolvingDashboards().dashboards + [try Self.everything.build(alerts: ["HighErrors": Self.errorAlert])] {
            let text = DashboardRenderer.render(d)
            let loaded = DashboardLoader.load(text: text, path: "d.json")
            #expect(!loaded.hasErrors)
            #expect(loaded.opaqueFields.isEmpty, "\(loaded.opaqueFields)")
            #expect(DashboardRenderer.render(loaded.dashboard) == text, "\(d.title)")
            #expect(DashboardRenderer.renderTree(loaded.dashboard) == text, "\(d.title)")
        }
    }

    /// What Grafana fills in itself is not written; what obsgen sets differently is, and so is
    /// what the DSL said, even when it is Grafana's default.
    @Test func onlyWhatDiffersFromGrafanasDefaultsIsWritten() throws {
        let steps = Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(1, "red")])
        let d = try DashboardSpec("Defaults") {
            TimeSeries("plain", Query("up"))
            TimeSeries("thresholds", Query("up")).thresholds(steps)
            Stat("said", Query("up", instant: false)).mappings([])
            Stat("instant", Query("up", instant: true))
            Table("table", Query("up"))
            StateTimeline("states", Query("up"))
            HistogramPanel("histogram", Query("up"))
            Heatmap("heatmap", Query("up"))
            Text("text", markdown: "hi")
            Logs("logs", Query.logs("{job=\"x\"}"))
            TimeSeries("empty", Query(""))
        }.build()
        let (json, _) = try JSONParser.parse(DashboardRenderer.render(d))
        var panels: [String: JSONValue] = [:]
        for p in json["panels"]?.arrayValue ?? [] { panels[p["title"]?.stringValue ?? ""] = p }
        func defaults(_ title: String) -> JSONValue? { panels[title]?["fieldConfig"]?["defaults"] }
        func target(_ title: String) -> JSONValue? { panels[title]?["targets"]?.arrayValue?.first }

        // Time series: the three settings that are not the plugin's; its palette is the default.
        #expect(defaults("plain")?["custom"]?.objectValue?.keys == ["fillOpacity", "showPoints"])
        #expect(defaults("thresholds")?["custom"]?.objectValue?.keys == ["fillOpacity", "showPoints", "thresholdsStyle"])
        #expect(defaults("thresholds")?["custom"]?["thresholdsStyle"]?["mode"] == .string("line"))
        for title in ["plain", "said", "instant", "table", "histogram", "heatmap"] {
            #expect(defaults(title)?["color"] == nil, "\(title)")
            #expect(defaults(title)?["thresholds"] != nil, "\(title)")   // read by the thresholds check: kept
        }
        // A state timeline's default is continuous-GrYlRd, not obsgen's palette.
        #expect(defaults("states")?["color"]?["mode"] == .string("palette-classic"))
        for title in ["table", "states", "histogram", "heatmap"] { #expect(defaults(title)?["custom"] == nil, "\(title)") }
        // Value mappings only when declared, an empty list too.
        #expect(defaults("plain")?["mappings"] == nil)
        #expect(defaults("said")?["mappings"] == .array([]))

        // Options: what the schemas require stays, defaults beyond it go.
        #expect(panels["plain"]?["options"]?["legend"] != nil && panels["plain"]?["options"]?["tooltip"] != nil)
        #expect(panels["said"]?["options"]?["reduceOptions"] == .object(["calcs": .array([.string("lastNotNull")])]))
        #expect(panels["table"]?["options"]?["cellHeight"] == nil)
        #expect(panels["states"]?["options"]?["mergeValues"] == nil && panels["states"]?["options"]?["alignValue"] == nil)
        #expect(panels["heatmap"]?["options"]?["calculate"] == nil && panels["heatmap"]?["options"]?["cellGap"] == nil)
        #expect(panels["text"]?["options"]?.objectValue?.keys == ["content", "mode"])

        // Targets: the panel's datasource, range and code mode are Grafana's defaults.
        #expect(target("plain")?.objectValue?.keys == ["expr", "legendFormat", "refId"])
        #expect(target("said")?["instant"] == .bool(false) && target("said")?["range"] == .bool(true))
        #expect(target("instant")?["instant"] == .bool(true) && target("instant")?["range"] == .bool(false))
        #expect(target("logs")?.objectValue?.keys == ["expr", "refId"])
        #expect(target("empty")?["editorMode"] == .string("code"))
        #expect(panels["plain"]?["datasource"] == .object(["type": .string("prometheus"), "uid": .string("${datasource}")]))
    }

    @Test func alertsLinkToThePanelsThatMirrorThem() throws {
        let (project, _) = try DeploymentPack.project.resolvingDashboards()
        let alert = project.alerts.first { $0.alert.name == "DeploymentHighErrorRate" }!.alert
        #expect(alert.annotations.dashboardURL == "http://grafana:3000/d/deployment-overview?viewPanel=5")
    }
}
