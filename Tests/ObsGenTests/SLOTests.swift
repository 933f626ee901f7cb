import Foundation
import Testing
@testable import ObsGen

/// Compares generated rules with Sloth's expected output: groups in order, each rule's name,
/// labels and annotations, and its expression once printed by obsgen's PromQL printer (numbers
/// within 1e-9). Returns the differences, empty when they agree.
func slothDifferences(_ generated: [RuleGroup], expectedFile name: String, version: String = "obsgen") throws -> [String] {
    switch try slothExpected(name, version: version) {
    case .success(let groups): slothDifferences(generated, groups)
    case .failure(let problems): problems.messages
    }
}

struct LoadProblems: Error { var messages: [String] }

/// Sloth's expected groups from a fixture.
func slothExpected(_ name: String, version: String = "obsgen") throws -> Result<[RuleGroup], LoadProblems> {
    let text = try String(contentsOf: Env.fixture("sloth/\(name)"), encoding: .utf8)
        .replacingOccurrences(of: "{{ .version }}", with: version)
        // The .tpl files are Go templates: `{{"{{$labels.x}}"}}` prints `{{$labels.x}}`.
        .replacingOccurrences(of: "{{\"{{", with: "{{").replacingOccurrences(of: "}}\"}}", with: "}}")
    // Several documents (a multi-file spec): their groups in order.
    var groups: [RuleGroup] = []
    for doc in SLOSpecLoader.documentTexts(text) {
        let expected = RuleFileLoader.load(text: doc, path: name)
        guard !expected.hasErrors else { return .failure(LoadProblems(messages: expected.diagnostics.map { "\(name): \($0.message)" })) }
        groups += expected.ruleFile.groups
    }
    return .success(groups)
}

func slothDifferences(_ generated: [RuleGroup], _ expected: [RuleGroup]) -> [String] {
    var out: [String] = []
    if generated.map(\.name) != expected.map(\.name) {
        return ["groups \(generated.map(\.name)) != \(expected.map(\.name))"]
    }
    for (g, e) in zip(generated, expected) {
        let gr = g.rules.flatMap(concrete), er = e.rules.flatMap(concrete)
        if gr.map(\.name) != er.map(\.name) {
            out.append("\(g.name): rules \(gr.map(\.name)) != \(er.map(\.name))")
            continue
        }
        for (k, (a, b)) in zip(gr, er).enumerated() {
            let at = "\(g.name) #\(k) \(a.name)"
            if a.labels != b.labels { out.append("\(at): labels \(a.labels.sorted { $0.key < $1.key }) != \(b.labels.sorted { $0.key < $1.key })") }
            if a.annotations != b.annotations { out.append("\(at): annotations \(a.annotations) != \(b.annotations)") }
            if let d = expressionDifference(a.expr, b.expr) { out.append("\(at): \(d)") }
        }
    }
    return out
}

private func concrete(_ r: Rule) -> [(name: String, expr: String, labels: Labels, annotations: Labels)] {
    switch r {
    case .recording(let rr): [(rr.record, rr.expr, rr.labels, [:])]
    case .alert(let a): a.expanded().map { ($0.name, $0.expr, $0.labels, $0.annotations) }
    }
}

/// nil when both expressions print alike (numbers within 1e-9).
func expressionDifference(_ a: String, _ b: String) -> String? {
    guard let pa = try? PromQL.parse(a, options: .allFeatures) else { return "does not parse: \(a)" }
    guard let pb = try? PromQL.parse(b, options: .allFeatures) else { return "expected does not parse: \(b)" }
    let ta = numberSplit(pa.description), tb = numberSplit(pb.description)
    if ta.text == tb.text, ta.numbers.count == tb.numbers.count,
       zip(ta.numbers, tb.numbers).allSatisfy({ abs($0 - $1) <= 1e-9 }) {
        return nil
    }
    return "expr\n  \(pa.description)\n!=\n  \(pb.description)"
}

/// The text with every number replaced by `#`, and the numbers.
private func numberSplit(_ s: String) -> (text: String, numbers: [Double]) {
    let b = Array(s.utf8)
    var text: [UInt8] = [], numbers: [Double] = []
    var i = 0
    func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    func word(_ c: UInt8) -> Bool { digit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 58 }
    while i < b.count {
        if digit(b[i]), i == 0 || !word(b[i - 1]) {
            var j = i
            while j < b.count, digit(b[j]) || b[j] == 46 { j += 1 }
            if j < b.count, b[j] == 101 || b[j] == 69, j + 1 < b.count, digit(b[j + 1]) || ((b[j + 1] == 45 || b[j + 1] == 43) && j + 2 < b.count && digit(b[j + 2])) {
                j += 2
                while j < b.count, digit(b[j]) { j += 1 }
            }
            if let v = Double(String(decoding: b[i..<j], as: UTF8.self)) {
                numbers.append(v)
                text.append(35)
                i = j
                continue
            }
        }
        text.append(b[i])
        i += 1
    }
    return (String(decoding: text, as: UTF8.self), numbers)
}

@Suite struct SLOTests {
    static let eventsQuery = (error: "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))",
                              total: "sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))")

    /// Sloth's `in-base.yaml`, declared in Swift.
    static func base(period: PromDuration = .days(30)) -> [SLO] {
        [
            SLO(service: "svc01", name: "slo1", description: "This is SLO 01.", objective: 99.9, period: period,
                sli: .events(errorQuery: eventsQuery.error, totalQuery: eventsQuery.total),
                labels: ["global01k1": "global01v1", "global02k1": "global02v1"],
                pageAlert: SLOAlert(name: "myServiceAlert", labels: ["alert01k1": "alert01v1", "alert03k1": "alert03v1"], annotations: ["alert02k1": "alert02k2"]),
                ticketAlert: SLOAlert(name: "myServiceAlert", labels: ["alert01k1": "alert01v1", "alert04k1": "alert04v1"], annotations: ["alert02k1": "alert02k2"]),
                source: .prometheusV1),
            SLO(service: "svc01", name: "slo02", description: "This is SLO 02.", objective: 95, period: period,
                sli: .raw(errorRatioQuery: "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))\n/\nsum(rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))\n"),
                labels: ["global01k1": "global01v1", "global03k1": "global03v1"], source: .prometheusV1),
        ]
    }

    @Test(arguments: [(PromDuration.days(30), "out-base.yaml.tpl"), (.days(28), "out-base-28d.yaml.tpl"), (.days(7), "out-base-custom-windows-7d.yaml.tpl")])
    func generatesSlothsRules(period: PromDuration, expected: String) throws {
        let groups = SLORules.ruleFile(named: "base", slos: Self.base(period: period)).groups
        let differences = try slothDifferences(groups, expectedFile: expected)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test func extraLabelsJoinEveryRule() throws {
        let groups = SLORules.ruleFile(named: "base", slos: Self.base(), extraLabels: ["exk1": "exv1", "exk2": "exv2"]).groups
        let differences = try slothDifferences(groups, expectedFile: "out-base-extra-labels.yaml.tpl")
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// The text of Sloth's numbers, not only their values: Go's shortest `%g`.
    @Test func numbersPrintAsSlothPrintsThem() throws {
        let groups = SLORules.groups(for: Self.base()[0])
        func expr(_ name: String) -> String {
            groups.flatMap(\.rules).first { $0.name == name }!.expr
        }
        #expect(expr("slo:objective:ratio") == "vector(0.9990000000000001)")
        #expect(expr("slo:error_budget:ratio") == "vector(1-0.9990000000000001)")
        #expect(expr("slo:time_period:days") == "vector(30)")
        let page = groups[2].rules[0].expr
        #expect(page.contains("> (14.4 * 0.0009999999999999432)) without (sloth_window)"))
        #expect(page.contains("> (6 * 0.0009999999999999432)) without (sloth_window)"))
        let ticket = groups[2].rules[1].expr
        #expect(ticket.contains("(3 * 0.0009999999999999432)") && ticket.contains("(1 * 0.0009999999999999432)"))
        let w28 = SLOAlertWindows.days28
        #expect([w28.pageQuick, w28.pageSlow, w28.ticketQuick, w28.ticketSlow].map { SLORules.goFloat(w28.burnRateFactor($0)) }
                == ["13.44", "5.6000000000000005", "2.8000000000000003", "0.9333333333333333"])   // as Sloth prints them
        #expect(SLORules.sliErrorRecord(.days(28)) == "slo:sli_error:ratio_rate4w")
    }

    @Test func problemsAreFound() {
        var s = Self.base()[0]
        #expect(s.problems.isEmpty)
        s.objective = 100.5
        s.period = .days(14)
        s.sli = .events(errorQuery: "sum(rate(errors[5m]))", totalQuery: "sum(rate(total[{{ .window }}]))")
        s.name = "-bad"
        #expect(s.problems.map(\.field) == [.name, .objective, .period, .errorQuery])
    }
}

@Suite struct SLOSpecTests {
    func generate(_ spec: String, period: PromDuration = .days(30), version: String = "obsgen", extraLabels: Labels = [:]) throws -> [RuleGroup] {
        let l = SLOSpecLoader.load(path: Env.fixture("sloth/\(spec)").path, period: period)
        #expect(!l.hasErrors, "\(l.diagnostics.map { l.source.render($0) })")
        return l.slos.flatMap { SLORules.groups(for: $0, info: SLORules.Info(version: version), extraLabels: extraLabels) }
    }

    @Test(arguments: [
        ("in-base.yaml", PromDuration.days(30), "out-base.yaml.tpl"),
        ("in-base.yaml", .days(28), "out-base-28d.yaml.tpl"),
        ("in-base.yaml", .days(7), "out-base-custom-windows-7d.yaml.tpl"),
        ("in-multifile.yaml", .days(30), "out-multifile.yaml.tpl"),
        ("in-base-k8s.yaml", .days(30), "out-base-k8s.yaml.tpl"),
        // OpenSLO: its own 30-day window, good/total as 1 - good/total, no alerts.
        ("in-openslo.yaml", .days(7), "out-openslo.yaml.tpl"),
    ])
    func slothsTestData(spec: String, period: PromDuration, expected: String) throws {
        let differences = try slothDifferences(generate(spec, period: period), expectedFile: expected)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test func slothsTestDataWithExtraLabels() throws {
        let differences = try slothDifferences(generate("in-base.yaml", extraLabels: ["exk1": "exv1", "exk2": "exv2"]), expectedFile: "out-base-extra-labels.yaml.tpl")
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// Sloth's examples, generated by its `examplesgen.sh` (version `dev`, label `cmd`).
    @Test(arguments: ["getting-started", "kubernetes-apiserver", "raw-home-wifi", "home-wifi", "no-alerts", "multifile"])
    func slothsExamples(name: String) throws {
        let groups = try generate("example-\(name).yml", version: "dev", extraLabels: ["cmd": "examplesgen.sh"])
        let differences = try slothDifferences(groups, expectedFile: "example-\(name).yml.out")
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    func errors(_ text: String, period: PromDuration = .days(30)) -> [String] {
        let l = SLOSpecLoader.load(text: text, path: "slos.yml", period: period)
        return l.diagnostics.map { d in
            let loc = l.source.location(of: d.range.start)
            return "\(loc.line):\(loc.column): \(d.message)"
        }
    }

    static let valid = """
        version: "prometheus/v1"
        service: "myservice"
        slos:
          - name: "requests-availability"
            objective: 99.9
            sli:
              events:
                error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
                total_query: sum(rate(http_requests_total[{{ .window }}]))
            alerting:
              name: MyServiceHighErrorRate
              page_alert:
                labels:
                  severity: critical
              ticket_alert:
                disable: true

        """

    /// OpenSLO documents: what Sloth refuses is refused where it is written.
    @Test func openSLOProblems() {
        let head = "apiVersion: openslo/v1alpha\nkind: SLO\nmetadata:\n  name: s\nspec:\n  service: svc\n"
        let ratio = "  objectives:\n    - ratioMetrics:\n        good: {source: prometheus, queryType: promql, query: 'sum(rate(ok[{{.window}}]))'}\n        total: {source: prometheus, queryType: promql, query: 'sum(rate(all[{{.window}}]))'}\n      target: 0.99\n"
        #expect(errors(head + ratio + "  timeWindows:\n    - count: 30\n      unit: Day\n").isEmpty)
        #expect(errors(head + ratio + "  timeWindows:\n    - count: 1\n      unit: Month\n") == ["14:13: time window unit \"Month\" is not supported: use Day or Week (a count of at least 1)"])
        #expect(errors(head + "  budgetingMethod: Timeslices\n" + ratio + "  timeWindows:\n    - count: 30\n      unit: Day\n").first
                == "7:20: budgetingMethod \"Timeslices\" is not supported: Sloth and obsgen count Occurrences")
        #expect(errors(head + ratio.replacingOccurrences(of: "0.99", with: "1.5") + "  timeWindows:\n    - count: 30\n      unit: Day\n").first?.hasPrefix("11:15: ") == true)
        let l = SLOSpecLoader.load(text: head + ratio + "  timeWindows:\n    - count: 4\n      unit: Week\n", path: "slos.yml")
        #expect(l.slos.map(\.name) == ["s-0"])
        #expect(l.slos.first?.period == .days(28))
    }

    @Test func aValidSpecLoads() {
        let l = SLOSpecLoader.load(text: Self.valid, path: "slos.yml")
        #expect(l.diagnostics.isEmpty)
        #expect(l.slos.map(\.id) == ["myservice-requests-availability"])
        #expect(l.slos.first?.ticketAlert == nil)
        #expect(l.slos.first?.pageAlert?.labels == ["severity": "critical"])
        #expect(l.slos.first?.site.line == 4)
    }

    @Test func objectiveOutOfRange() {
        #expect(errors(Self.valid.replacingOccurrences(of: "objective: 99.9", with: "objective: 100.1"))
                == ["5:16: objective 100.1 is not in (0, 100]: it is a percentage such as 99.9"])
        #expect(errors(Self.valid.replacingOccurrences(of: "objective: 99.9", with: "objective: 0"))
                == ["5:16: objective 0 is not in (0, 100]: it is a percentage such as 99.9"])
        #expect(errors(Self.valid.replacingOccurrences(of: "objective: 99.9", with: "objective: high"))
                == ["5:16: objective must be a number (a percentage such as 99.9), got string"])
    }

    @Test func unknownWindow() {
        #expect(errors(Self.valid, period: .days(14)) == ["4:5: no alert windows for a period of 2w (known: 30d, 28d, 7d)"])
    }

    @Test func missingPlaceholder() {
        #expect(errors(Self.valid.replacingOccurrences(of: "[{{ .window }}]", with: "[5m]"))
                == ["9:22: the query has no {{.window}} placeholder: the SLI is measured over several windows"])
    }

    @Test func invalidPromQLIsLocatedInTheQuery() {
        #expect(errors(Self.valid.replacingOccurrences(of: "sum(rate(http_requests_total[{{ .window }}]))", with: "sum(rate(http_requests_total[{{ .window }}])) by job"))
                == ["9:71: unexpected identifier \"job\" in grouping opts, expected \"(\""])
    }

    @Test func duplicateNames() {
        let twice = Self.valid + Self.valid.split(separator: "\n").dropFirst(3).joined(separator: "\n") + "\n"
        #expect(errors(twice) == ["17:5: SLO \"requests-availability\" of service \"myservice\" is declared twice (first at line 4)"])
        var specs = [SLOSpecLoader.load(text: Self.valid, path: "a.yml"), SLOSpecLoader.load(text: Self.valid, path: "b.yml")]
        SLOSpecLoader.checkDuplicates(&specs)
        #expect(specs[0].diagnostics.isEmpty)
        #expect(specs[1].diagnostics.map { specs[1].source.render($0) }.first?.hasPrefix("b.yml:4:5: error[yaml/parse]: SLO \"requests-availability\" of service \"myservice\" is already declared at a.yml:4") == true,
                "\(specs[1].diagnostics.map { specs[1].source.render($0) })")
    }

    @Test func missingFields() {
        #expect(errors(Self.valid.replacingOccurrences(of: "service: \"myservice\"\n", with: "")).first == "1:1: spec has no \"service\"")
        #expect(errors(Self.valid.replacingOccurrences(of: "    objective: 99.9\n", with: ""))
                == ["4:5: SLO \"requests-availability\" has no \"objective\""])
        #expect(errors(Self.valid.replacingOccurrences(of: "        total_query: sum(rate(http_requests_total[{{ .window }}]))\n", with: ""))
                == ["8:9: events has no \"total_query\""])
        #expect(errors(Self.valid.replacingOccurrences(of: "      name: MyServiceHighErrorRate\n", with: ""))
                == ["11:7: the page alert has no name: \"alerting\" needs a \"name\" (or disable: true)"])
        #expect(errors("version: \"prometheus/v1\"\nservice: s1\nslos: []\n") == ["3:7: spec declares no SLO: at least one is required under \"slos\""])
        #expect(errors("version: \"prometheus/v2\"\n") == ["1:10: unsupported spec version \"prometheus/v2\": obsgen reads \"prometheus/v1\""])
        #expect(errors(Self.valid.replacingOccurrences(of: "    objective:", with: "    objectve:")).first?.hasPrefix("5:5: SLO: unknown field \"objectve\"") == true)
    }

    @Test func documentsKeepTheirPositions() {
        let text = "# two specs\n" + Self.valid + "---\n" + Self.valid.replacingOccurrences(of: "objective: 99.9", with: "objective: 101")
            .replacingOccurrences(of: "myservice", with: "other")
        #expect(errors(text) == ["23:16: objective 101 is not in (0, 100]: it is a percentage such as 99.9"])
    }
}

@Suite struct SLODSLTests {
    static let requests = Counter("http_request_duration_seconds_count", help: "Requests", labels: [.oneOf("code", ["200", "429", "500"])], job: "myservice")

    static func project(objective: Double = 99.9, period: PromDuration = .days(30)) -> Project {
        Project("slos") {
            SLO("requests-availability", service: "myservice", objective: objective, period: period,
                description: "Common SLO based on availability for HTTP request responses.",
                sli: .events(errors: "sum(rate(\(requests){job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))",
                             total: "sum(rate(\(requests){job=\"myservice\"}[{{.window}}]))"),
                labels: ["owner": "myteam", "repo": "myorg/myservice", "tier": "2"],
                alerting: SLOAlerting(name: "MyServiceHighErrorRate", labels: ["category": "availability"],
                                      annotations: ["summary": "High error rate on 'myservice' requests responses"],
                                      page: .labels(["severity": "pageteam", "routing_key": "myteam"]),
                                      ticket: .labels(["severity": "slack", "slack_channel": "#alerts-myteam"])))
        }
    }

    /// Sloth's getting-started example, declared in Swift: the same rules (Sloth's output
    /// carries its generator's label `cmd`, version `dev` and spec `prometheus/v1`).
    @Test func gettingStartedInSwift() throws {
        let p = Self.project()
        #expect(p.validate().filter { $0.severity == .error }.isEmpty, "\(p.validate())")
        #expect(p.ruleFiles.map(\.name) == ["slo-myservice"])
        #expect(p.metrics.map(\.name) == ["http_request_duration_seconds_count"])
        var expected = try slothExpected("example-getting-started.yml.out", version: "dev").get()
        for g in expected.indices {
            for r in expected[g].rules.indices {
                switch expected[g].rules[r] {
                case .recording(var rr):
                    rr.labels["cmd"] = nil
                    if rr.record == "sloth_slo_info" {
                        rr.labels["sloth_version"] = "obsgen"
                        rr.labels["sloth_spec"] = "obsgen"
                    }
                    expected[g].rules[r] = .recording(rr)
                case .alert: break
                }
            }
        }
        let differences = slothDifferences(p.ruleFiles[0].groups, expected)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        let files = try p.renderedFiles(source: "Project.swift")
        #expect(files.contains { $0.path == "rules/slo-myservice.yml" && $0.contents.contains("sloth-slo-alerts-myservice-requests-availability") })
        #expect(files.contains { $0.path == "dashboards/slo-myservice.json" })
    }

    @Test func problemsPointAtTheSwiftLine() {
        let line = #line + 1
        let p = Project("bad") { SLO("a1", service: "svc", objective: 120, sli: .errorRatio("ratio")) }
        let issues = p.validate().map { "\($0.site.line) \($0.id) \($0.message)" }
        #expect(issues.contains("\(line) slo/spec SLO \"a1\": objective 120 is not in (0, 100]: it is a percentage such as 99.9"), "\(issues)")
        #expect(issues.contains("\(line) slo/spec SLO \"a1\": the query has no {{.window}} placeholder: the SLI is measured over several windows"), "\(issues)")
    }

    /// A dashboard per service, a row per SLO; the burn-rate panel's thresholds are the burn
    /// rates in the alerts' expressions.
    @Test(arguments: [PromDuration.days(30), .days(28), .days(7)])
    func theDashboardShowsTheAlertsBurnRates(period: PromDuration) throws {
        let p = Self.project(period: period)
        #expect(p.dashboards.map(\.effectiveUID) == ["slo-myservice"])
        let (_, dashboards) = try p.resolvingDashboards()
        let d = try #require(dashboards.first)
        let row = try #require(d.panels?.first)
        #expect(row.isRow && row.title == "myservice requests-availability")
        let panels = Array((d.panels ?? []).dropFirst())   // an open row's panels follow it
        #expect(panels.map(\.title) == ["requests-availability: SLI and objective", "requests-availability: burn rate", "requests-availability: error budget remaining"])
        let steps = try #require(panels[1].fieldDefaults?.thresholds?.steps.compactMap { $0.value })
        // The numbers each alert multiplies the error budget by, read back from its expression.
        let factors = p.alerts.flatMap { a in
            a.alert.expr.split(separator: "(").compactMap { part -> Double? in
                guard let star = part.range(of: " * ") else { return nil }
                return Double(part[part.startIndex..<star.lowerBound])
            }
        }
        #expect(factors.count == 8)
        #expect(steps == Set(factors).sorted(), "\(steps) \(factors)")
        #expect(panels[1].targets?.count == SLOAlertWindows.forPeriod(period)!.alertWindows.count)
        let json = DashboardRenderer.render(d)
        #expect(json.contains("slo:period_error_budget_remaining:ratio{sloth_id=\\\"myservice-requests-availability\\\"}"))
        #expect(DashboardRenderer.render(try p.resolvingDashboards().dashboards[0]) == json)
    }

    @Test(.enabled(if: Needs.shared("schemas/grafana/dashboard.jsonschema.json"), "../shared/schemas/grafana is absent"),
          .enabled(if: Needs.python("jsonschema"), "Python's jsonschema is not installed (pip install jsonschema)"))
    func theDashboardValidates() throws {
        _ = try Env.required("schemas/grafana/dashboard.jsonschema.json")
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try Self.project().resolvingDashboards().dashboards[0]
        let url = dir.appendingPathComponent("slo.json")
        try Data(DashboardRenderer.render(d).utf8).write(to: url)
        let r = try Tool.run("python3", [Env.repositoryRoot.appendingPathComponent("Tools/validate_dashboards.py").path, Env.shared.appendingPathComponent("schemas/grafana").path, url.path])
        #expect(r.status == 0, "\(r.output)")
    }

    /// The generated unit tests, through promtool: the page alert fires at a 14.4× burn (13.44×
    /// over 28 and 7 days) and not at 1×, where over 30 days nothing fires.
    @Test(.enabled(if: Needs.tool("promtool"), "promtool is not installed (apt-get install prometheus)"),
          arguments: [PromDuration.days(30), .days(28), .days(7)])
    func promtoolProvesTheBurnRates(period: PromDuration) throws {
        let project = Self.project(period: period)
        let tests = project.alerts.flatMap(\.alert.tests)
        #expect(tests.map(\.name) == ["burning at \(SLORules.goFloat(SLOAlertWindows.forPeriod(period)!.burnRateFactor(SLOAlertWindows.forPeriod(period)!.pageQuick)))x the error budget pages",
                                       "burning at 1x the error budget does not page"])
        let quiet = tests[1].expected.map { $0.labels["sloth_severity"] }
        #expect(quiet == (period == .days(30) ? [] : ["ticket"]))
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeRuleFiles(of: project, to: dir)
        let r = try Tool.run("promtool", ["test", "rules", dir.appendingPathComponent("rules/tests/slo-myservice.test.yml").path])
        #expect(r.status == 0, "\(r.output)")
    }
}
