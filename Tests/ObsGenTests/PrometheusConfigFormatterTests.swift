import Foundation
import Testing
@testable import ObsGen

/// `obsgen fmt` on a prometheus.yml: the rule-related parts normalised, every other byte kept.
@Suite struct PrometheusConfigFormatterTests {
    static let config = """
    # my global config
    global:
      scrape_interval: "15s"   # not rule-related: left as written
      evaluation_interval: "60s" # Evaluate rules every minute.
      rule_query_offset: 90s

    alerting:
      alertmanagers:
        - static_configs:
            - targets:
              # - alertmanager:9093

    rule_files:
    # the main rules
    -   "first_rules.yml"
    # - "second_rules.yml"
    -   'rules/*.yml'
    - "yes"   # a file named yes
    - '*.rules.yml'

    scrape_configs:
    - job_name:   "prometheus"
      static_configs:
      - targets: ["localhost:9090"]   

    """

    func format(_ text: String, indentLists: Bool = true) -> RuleFileFormatter.Result {
        var options = RuleFileFormatter.Options()
        options.indentLists = indentLists
        return PrometheusConfigFormatter.format(text: text, path: "prometheus.yml", options: options)
    }

    @Test func ruleRelatedPartsOnly() throws {
        let r = format(Self.config)
        #expect(r.diagnostics.isEmpty && r.skipped == nil)
        let out = try #require(r.formatted)
        #expect(out == """
        # my global config
        global:
          scrape_interval: "15s"   # not rule-related: left as written
          evaluation_interval: 1m # Evaluate rules every minute.
          rule_query_offset: 1m30s

        alerting:
          alertmanagers:
            - static_configs:
                - targets:
                  # - alertmanager:9093

        rule_files:
          # the main rules
          - first_rules.yml
          # - "second_rules.yml"
          - rules/*.yml
          - "yes"   # a file named yes
          - '*.rules.yml'

        scrape_configs:
        - job_name:   "prometheus"
          static_configs:
          - targets: ["localhost:9090"]   

        """)
        // A fixed point; the loader reads the same settings and rule files.
        #expect(format(out).formatted == out)
        let before = PrometheusConfigLoader.load(text: Self.config, path: "prometheus.yml"), after = PrometheusConfigLoader.load(text: out, path: "prometheus.yml")
        #expect(before.ruleFiles == after.ruleFiles && before.ruleFiles == ["first_rules.yml", "rules/*.yml", "yes", "*.rules.yml"])
        #expect(before.settings.evaluationInterval == after.settings.evaluationInterval)
        // With indent_lists off, a list at its key's column stays there (its dashes' gaps close).
        #expect(format(Self.config, indentLists: false).formatted?.contains("rule_files:\n# the main rules\n- first_rules.yml\n# - \"second_rules.yml\"\n- rules/*.yml\n") == true)
    }

    @Test func nothingRuleRelatedToChange() {
        for text in ["scrape_configs: []\n", "global:\n  evaluation_interval: 1m\nrule_files:\n  - a.yml\n", "rule_files: [\"a.yml\",   'b.yml']\nglobal: {evaluation_interval: 1m}\n",
                     "rule_files:\n  # - \"first_rules.yml\"\n"] {
            let r = format(text)
            #expect(r.formatted == text && r.skipped == nil && r.diagnostics.isEmpty, "\(text)")
        }
        // Flow style: the duration is canonical, the quotes stay (flow context).
        #expect(format("global: {evaluation_interval: \"60s\", scrape_interval: 60s}\n").formatted == "global: {evaluation_interval: \"1m\", scrape_interval: 60s}\n")
    }

    /// A `rule_files` list the formatter does not read line by line: the file is skipped with
    /// the reason, never half-edited.
    @Test func layoutsLeftAloneWithAReason() {
        let cases = [
            "rule_files: &files\n  - a.yml\nglobal:\n  evaluation_interval: 60s\n": "anchor",
            "x: &f a.yml\nrule_files:\n  - *f\n": "item 1",
            "rule_files:\n  - |\n    a.yml\n": "item 1",
            "rule_files:\n  - a.yml\n  - \"b\n    c.yml\"\n": "item 2",
            "rule_files:\n  - a.yml\n  - [b.yml]\n": "item 2",
        ]
        for (text, reason) in cases {
            let r = format(text)
            #expect(r.formatted == nil && r.diagnostics.isEmpty, "\(text)")
            #expect(r.skipped?.hasPrefix("rule_files") == true && r.skipped?.contains(reason) == true, "\(text): \(r.skipped ?? "nil")")
        }
        // YAML errors are errors, located.
        let broken = format("global:\n  evaluation_interval: [\n")
        #expect(broken.formatted == nil && broken.diagnostics.first?.id == "yaml/parse")
    }

    /// The meaning check compares the whole YAML: only the rule-related durations may read
    /// differently (here, a change to another key is refused).
    @Test func theWholeFileIsCompared() {
        let original = YAMLSource(path: "prometheus.yml", text: "global:\n  evaluation_interval: 60s\n  scrape_interval: 60s\n")
        #expect(YAMLMeaning.compare(original: original, formatted: "global:\n  evaluation_interval: 1m\n  scrape_interval: 60s\n", allowance: PrometheusConfigFormatter.allowance) == nil)
        let d = YAMLMeaning.compare(original: original, formatted: "global:\n  evaluation_interval: 1m\n  scrape_interval: 1m\n", allowance: PrometheusConfigFormatter.allowance)
        #expect(d?.id == "fmt/meaning" && d?.message.contains("global.scrape_interval") == true)
        #expect(d.map { original.source.location(of: $0.range.start).description } == "3:20")
    }
}
