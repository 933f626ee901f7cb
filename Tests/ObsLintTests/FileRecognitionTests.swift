import Foundation
import Testing
@testable import ObsLint

/// Every form of a valid rule file or dashboard that Prometheus or Grafana reads is read by
/// lint as what it is; malformed ones are located errors.
@Suite struct FileRecognitionTests {
    static let plainRules = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels:\n          severity: critical\n"

    static func lint(_ path: String, _ text: String) -> (LintContext, [Finding]) {
        let ctx = Linter.context(texts: [(path, text)])
        return (ctx, Linter.run(ctx))
    }

    /// Rule files as other tools write them: each is a rule file with its one alert, read
    /// without a yaml/parse finding.
    @Test(arguments: [
        ("plain.yml", plainRules),
        // jsonnet's std.manifestYamlDoc quotes every key.
        ("quoted.yml", "\"groups\":\n- \"name\": \"g\"\n  \"rules\":\n  - \"alert\": \"A\"\n    \"expr\": \"up == 0\"\n    \"labels\":\n      \"severity\": \"critical\"\n"),
        ("single-quoted.yml", "'groups':\n  - 'name': 'g'\n    'rules':\n      - 'alert': 'A'\n        'expr': 'up == 0'\n        'labels': {'severity': 'critical'}\n"),
        // A byte order mark, as some Windows editors save.
        ("bom.yml", "\u{FEFF}" + plainRules),
        // Windows line breaks after a comment line (the file was read as one line starting
        // with `#`, and not recognised).
        ("crlf-commented.yml", "# rules\r\n" + plainRules.replacingOccurrences(of: "\n", with: "\r\n")),
        // JSON is YAML: Prometheus reads a rule file written as JSON.
        ("rules.json", "{\"groups\":[{\"name\":\"g\",\"rules\":[{\"alert\":\"A\",\"expr\":\"up == 0\",\"labels\":{\"severity\":\"critical\"}}]}]}\n"),
        ("rules-pretty.json", "{\n\t\"groups\": [\n\t\t{\n\t\t\t\"name\": \"g\",\n\t\t\t\"rules\": [{\"alert\": \"A\", \"expr\": \"up == 0\", \"labels\": {\"severity\": \"critical\"}}]\n\t\t}\n\t]\n}\n"),
        ("rules-bom.json", "\u{FEFF}{\"groups\":[{\"name\":\"g\",\"rules\":[{\"alert\":\"A\",\"expr\":\"up == 0\",\"labels\":{\"severity\":\"critical\"}}]}]}"),
        // A PrometheusRule as `kubectl get -o json` prints it.
        ("prometheusrule.json", "{\"apiVersion\":\"monitoring.coreos.com/v1\",\"kind\":\"PrometheusRule\",\"metadata\":{\"name\":\"r\"},\"spec\":{\"groups\":[{\"name\":\"g\",\"rules\":[{\"alert\":\"A\",\"expr\":\"up == 0\",\"labels\":{\"severity\":\"critical\"}}]}]}}"),
        ("prometheusrule-quoted.yml", "\"apiVersion\": \"monitoring.coreos.com/v1\"\n\"kind\": \"PrometheusRule\"\n\"metadata\":\n  \"name\": \"r\"\n\"spec\":\n  \"groups\":\n  - \"name\": \"g\"\n    \"rules\":\n    - \"alert\": \"A\"\n      \"expr\": \"up == 0\"\n      \"labels\":\n        \"severity\": \"critical\"\n"),
        // YAML merge keys.
        ("merge.yml", "groups:\n  - name: g\n    rules:\n      - <<: &defaults\n          labels:\n            severity: critical\n        alert: A\n        expr: up == 0\n"),
    ])
    func ruleFilesAreRead(path: String, text: String) {
        #expect(Linter.kind(of: text) == .rules, "\(path)")
        let (ctx, findings) = Self.lint(path, text)
        #expect(ctx.rules.count == 1, "\(path)")
        #expect(ctx.rules.first?.alert?.labels["severity"] == "critical", "\(path)")
        let parse = findings.filter { $0.check == "yaml/parse" || $0.check == "promql/syntax" }
        #expect(parse.isEmpty, "\(path): \(parse.map(\.message))")
    }

    @Test func mergeKeysApplyAsPrometheusDoes() {
        let text = """
        groups:
          - name: g
            rules:
              - &base
                alert: A
                expr: up == 0
                labels: &labels
                  severity: warning
                  team: db
              - <<: *base
                alert: B
                labels:
                  <<: *labels
                  severity: critical
              - <<: [*base, {for: 5m}]
                alert: C
        """
        let (ctx, findings) = Self.lint("merge.yml", text)
        let alerts = ctx.rules.compactMap(\.alert)
        #expect(alerts.map(\.name) == ["A", "B", "C"])
        #expect(alerts.map(\.expr) == ["up == 0", "up == 0", "up == 0"])
        // The mapping's own keys win over merged ones; of a list, the first mapping wins.
        #expect(alerts.count == 3 && alerts[1].labels == ["severity": "critical", "team": "db"])
        #expect(alerts.count == 3 && alerts[2].labels == ["severity": "warning", "team": "db"] && alerts[2].forDuration?.milliseconds == 300_000)
        #expect(findings.filter { $0.check == "yaml/parse" }.isEmpty, "\(findings.map(\.message))")
        // A merge key with a value that cannot merge is located.
        let (_, bad) = Self.lint("bad.yml", "groups:\n  - name: g\n    rules:\n      - <<: 5\n        alert: A\n        expr: up == 0\n")
        #expect(bad.contains { $0.check == "yaml/parse" && $0.line == 4 && $0.message.contains("merge key") }, "\(bad.map { "\($0.line): \($0.message)" })")
    }

    /// Grafana's alerting provisioning has `groups:` too, after `apiVersion: 1`: it is left
    /// alone like the other provisioning files, not read as a broken rule file.
    @Test func grafanaAlertingProvisioningIsNotARuleFile() {
        let texts = [
            "apiVersion: 1\ngroups:\n  - orgId: 1\n    name: g\n    folder: f\n    interval: 1m\n    rules: []\n",
            "{\"apiVersion\": 1, \"groups\": [{\"orgId\": 1, \"name\": \"g\", \"folder\": \"f\", \"rules\": []}]}",
            "apiVersion: 1\ncontactPoints:\n  - orgId: 1\n    name: c\n    receivers: []\n",
            "apiVersion: 1\npolicies:\n  - orgId: 1\n    receiver: c\n",
        ]
        for text in texts {
            #expect(Linter.kind(of: text) == .grafanaProvisioning, "\(text)")
            let (ctx, findings) = Self.lint("alerting.yml", text)
            #expect(findings.isEmpty && ctx.skippedFiles.count == 1, "\(text): \(findings.map(\.message))")
        }
    }

    @Test func dashboardsWithoutPanelsYetAreDashboards() {
        for text in ["{\"title\": \"New dashboard\", \"uid\": \"new\"}", "{\"title\": \"New\", \"panels\": []}", "{\"dashboard\": {\"title\": \"New\", \"uid\": \"n\"}, \"overwrite\": true}"] {
            #expect(Linter.kind(of: text) == .dashboard, "\(text)")
            let (ctx, findings) = Self.lint("new.json", text)
            #expect(ctx.dashboards.count == 1, "\(text)")
            #expect(findings.filter { $0.check == "yaml/parse" }.isEmpty, "\(text): \(findings.map(\.message))")
        }
        // A JSON object that is no dashboard is said so.
        let (_, findings) = Self.lint("x.json", "{\"foo\": 1}")
        #expect(findings.contains { $0.check == "yaml/parse" && $0.message.contains("not a Grafana dashboard") })
    }

    @Test func panelsThatAreNotAListAreErrors() {
        let cases: [(String, String)] = [
            ("{\"uid\": \"d\", \"title\": \"D\", \"panels\": {\"id\": 1, \"type\": \"timeseries\"}}", "\"panels\" must be a list, got an object"),
            ("{\"uid\": \"d\", \"title\": \"D\", \"panels\": [{\"id\": 1, \"type\": \"row\", \"panels\": \"x\"}]}", "\"panels\" must be a list, got a string"),
            ("{\"uid\": \"d\", \"title\": \"D\", \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"targets\": {\"expr\": \"up\"}}]}", "\"targets\" must be a list, got an object"),
            ("{\"uid\": \"d\", \"title\": \"D\", \"rows\": {}}", "\"rows\" must be a list, got an object"),
        ]
        for (text, message) in cases {
            let (_, findings) = Self.lint("d.json", text)
            let errors = findings.filter { $0.check == "yaml/parse" && $0.severity == .error }
            #expect(errors.contains { $0.message.hasPrefix(message) }, "\(text): \(findings.map(\.message))")
        }
        // At the object given instead of the list.
        let text = "{\"uid\": \"d\", \"title\": \"D\",\n \"panels\": {\"id\": 1}}"
        let (_, findings) = Self.lint("d.json", text)
        #expect(findings.first { $0.check == "yaml/parse" }.map { "\($0.line):\($0.column)" } == "2:12")
    }

    @Test func invalidUTF8IsALocatedError() throws {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = dir.appendingPathComponent("r.yml")
        try Data(Array("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: \"bad ".utf8) + [0xC3, 0x28] + Array(" here\"\n".utf8)).write(to: rules)
        let dashboard = dir.appendingPathComponent("d.json")
        try Data(Array("{\"uid\": \"d\", \"title\": \"D ".utf8) + [0xFF] + Array("\", \"panels\": []}".utf8)).write(to: dashboard)
        var texts: [(String, String)] = []
        var problems: [String: [Diagnostic]] = [:]
        for url in [rules, dashboard] {
            guard case .success(let input) = YAMLSource.readInput(url.path) else { Issue.record("cannot read \(url.path)"); continue }
            texts.append((url.path, input.text))
            problems[url.path] = input.problems
        }
        let ctx = Linter.context(texts: texts, inputProblems: problems)
        let located = Linter.run(ctx).filter { $0.check == "yaml/parse" }.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line):\($0.column)" }
        #expect(located.sorted() == ["d.json:1:26", "r.yml:7:25"], "\(located)")
        // The loaders refuse it too, so nothing is written back with U+FFFD.
        let l = RuleFileLoader.load(path: rules.path)
        #expect(l.hasErrors)
        #expect(l.diagnostics.first?.message.hasPrefix("the file is not UTF-8: \\xc3") == true, "\(l.diagnostics)")
        #expect(DashboardLoader.load(path: dashboard.path).hasErrors)
        // Valid text reads with no problem, multi-byte characters included.
        #expect(YAMLSource.decode(Data("é ✓ 😀".utf8)).problems.isEmpty)
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            #expect(YAMLSource.decode(Data([0x61] + bad)).problems.first?.range.start == 1, "\(bad)")
        }
    }
}
