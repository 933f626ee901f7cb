import Foundation
import Testing
@testable import ObsGen

@Suite struct LoaderTests {
    func load(_ text: String) -> LoadedRuleFile { RuleFileLoader.load(text: text, path: "rules.yml") }

    func firstError(_ text: String) -> String {
        let l = load(text)
        guard let d = l.diagnostics.first else { return "no error" }
        let loc = l.source.location(of: d.range.start)
        return "\(loc.line):\(loc.column): \(d.message)"
    }

    @Test func badInputsGiveLocatedErrors() {
        #expect(firstError("groups:\n  - name: g\n    rules: [\n") .hasPrefix("4:1: malformed YAML"))
        #expect(firstError("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 5x\n") == "6:14: for: unknown unit \"x\" in duration \"5x\"")
        #expect(firstError("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels: [a]\n") == "6:17: labels must be a mapping, got sequence")
        #expect(firstError("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        severity: page\n").hasPrefix("6:9: rule: unknown field \"severity\""))
        #expect(firstError("groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n") == "4:11: group name \"g\" is repeated in the same file")
        #expect(firstError("scrape_configs:\n  - job_name: x\n").hasPrefix("1:1: rule file: unknown field \"scrape_configs\""))
        #expect(firstError("just a string\n").hasPrefix("1:1: not a Prometheus rule file"))
        #expect(firstError("") .hasPrefix("1:1: empty file"))
        // A repeated key: at the repeat, naming where the first one is.
        #expect(firstError("groups:\n  - name: g\n    rules:\n      - alert: A\n        alert: B\n        expr: up\n")
                == "5:9: duplicate key \"alert\" in mapping (\"alert\" first at line 4)")
        // Two repeated keys: the first repeat in the file, every repeated key named; and in a
        // mapping of more than sixteen keys (found through a table instead of pairwise).
        #expect(firstError("groups:\n  - name: g\n    rules:\n      - expr: up\n        alert: A\n        alert: B\n        expr: down\n")
                == "6:9: duplicate key \"alert\", \"expr\" in mapping (\"alert\" first at line 5)")
        // A character YAML does not allow, named (it cannot be seen in the line shown).
        #expect(firstError("groups:\n  - name: g\u{1}\n    rules: []\n") == "2:12: cannot read YAML: control characters are not allowed (U+0001)")
        // A repeat through an alias is the anchored node, written elsewhere: at the first key.
        #expect(firstError("x: &k b\nm:\n  b: 1\n  *k : 2\n") == "3:3: duplicate key \"b\" in mapping")
        let many = (0..<20).map { "          l\($0): v\n" }.joined()
        #expect(firstError("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels:\n\(many)          l3: again\n          l1: again\n")
                == "27:11: duplicate key \"l1\", \"l3\" in mapping (\"l3\" first at line 10)")
    }

    @Test func promqlErrorsPointIntoTheFile() {
        let text = """
        groups:
          - name: g
            rules:
              - record: a:b:c
                expr: sum(rate(x[5m])) by job
              - alert: B
                expr: |
                  sum(rate(x[5m]))
                    > bool 1 +
        """
        let l = load(text)
        let located = l.diagnostics.map { d -> String in
            let loc = l.source.location(of: d.range.start)
            return "\(loc.line):\(loc.column): \(d.message)"
        }
        #expect(located == ["5:35: unexpected identifier \"job\" in grouping opts, expected \"(\"", "9:23: unexpected end of input"])
    }

    @Test func formatsAreRecognised() {
        let operatorRule = """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: my-rules
        spec:
          groups:
            - name: g
              rules:
                - record: a:b:c
                  expr: sum(x)
        """
        let o = load(operatorRule)
        #expect(o.format == .prometheusRule && !o.hasErrors && o.ruleFile.name == "my-rules")
        let thanos = load("groups:\n  - name: g\n    partial_response_strategy: warn\n    rules:\n      - record: a:b:c\n        expr: sum(x)\n")
        #expect(thanos.format == .thanos && thanos.ruleFile.groups[0].partialResponseStrategy == .warn)
    }

    @Test func loadingThenRenderingKeepsEveryField() {
        let text = """
        groups:
          - name: g
            interval: 1m
            limit: 10
            query_offset: 30s
            rules:
              - alert: A
                expr: up == 0
                for: 5m
                keep_firing_for: 10m
                labels:
                  severity: critical
                annotations:
                  summary: "{{ $labels.instance }} down"
                  team_link: https://example.org
        """
        let l = load(text)
        #expect(!l.hasErrors)
        let rendered = RuleFileRenderer.render(l.ruleFile, source: "t")
        let again = load(rendered)
        #expect(again.ruleFile.groups.map(\.rules) == l.ruleFile.groups.map(\.rules).map { $0.map { r in
            guard case .alert(var a) = r, case .alert(let b) = again.ruleFile.groups[0].rules[0] else { return r }
            a.site = b.site
            a.exprSite = b.exprSite
            return .alert(a)
        } })
        #expect(rendered.contains("keep_firing_for: 10m"))
        #expect(rendered.contains("query_offset: 30s"))
    }
}

@Suite struct PrometheusConfigLoaderTests {
    @Test func renderedConfigLoadsBackToTheSameJobs() throws {
        let project = Project("p", prometheus: PrometheusSettings(scrapeInterval: .seconds(10), evaluationInterval: .seconds(20), alertmanagers: ["am:9093"])) {
            ScrapeJob("pushgateway", targets: ["pg:9091"], honorLabels: true, pushgateway: true)
            ScrapeJob("app", targets: ["a:1", "b:2"], labels: ["team": "x"], metricsPath: "/m", scheme: "https", interval: .seconds(30), timeout: .seconds(10),
                      auth: .authorization(type: "Bearer", credentials: .file("/etc/token")),
                      kubernetes: [KubernetesDiscovery(role: .pod, namespaces: ["prod"])],
                      relabel: [RelabelRule(action: .keep, sourceLabels: ["__meta_kubernetes_pod_label_app"], regex: "api")])
        }
        let text = try PrometheusConfigRenderer.prometheusYAML(project, ruleFilePaths: ["../rules/a.yml"], source: "t")
        let loaded = PrometheusConfigLoader.load(text: text, path: "prometheus.yml")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.settings.scrapeInterval == .seconds(10))
        #expect(loaded.settings.alertmanagers == ["am:9093"])
        #expect(loaded.ruleFiles == ["../rules/a.yml"])
        let app = loaded.scrapeJobs[1]
        #expect(app.staticTargets == [StaticTargets(["a:1", "b:2"], labels: ["team": "x"])])
        #expect(app.auth == .authorization(type: "Bearer", credentials: .file("/etc/token")))
        #expect(app.kubernetesDiscovery == [KubernetesDiscovery(role: .pod, namespaces: ["prod"])])
        #expect(app.relabel.first?.action == .keep)
        #expect(loaded.scrapeJobs[0].honorLabels == true)
    }

    @Test func problemsAreLocated() {
        let text = """
        global:
          scrape_interval: 15x
        scrape_configs:
          - job_name: a
            static_configs: [{targets: [x:1]}]
            bearer_token: s3cr3t
          - job_name: a
            scrape_intervall: 1m
        """
        let l = PrometheusConfigLoader.load(text: text, path: "p.yml")
        let msgs = l.diagnostics.map { d -> String in
            let loc = l.source.location(of: d.range.start)
            return "\(loc.line):\(loc.column) \(d.message)"
        }
        #expect(msgs.contains { $0.hasPrefix("2:20 scrape_interval: unknown unit \"x\"") })
        #expect(msgs.contains { $0.hasPrefix("8:5 scrape config: unknown field \"scrape_intervall\"") })
        #expect(msgs.contains { $0.hasPrefix("7:5 found multiple scrape configs with job name \"a\"") })
        #expect(l.scrapeJobs[0].inlineSecretKeys == ["bearer_token"])
    }
}
