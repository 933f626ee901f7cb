import Foundation
import Synchronization
import Testing
@testable import ObsGen
import PromQL

/// `obsgen fmt`'s formatter: layouts, comments wherever YAML allows them, idempotence, and the
/// refusal of a rewrite that would change what the file means.
@Suite struct RuleFileFormatterTests {
    /// Formats with lists left at their key's column unless `indentLists` (most goldens here
    /// are about something else; `listsIndentedUnderTheirKey` shows the indentation).
    func format(_ text: String, maxLineLength: Int = 100, indentLists: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        var options = RuleFileFormatter.Options(maxLineLength: maxLineLength)
        options.indentLists = indentLists
        let r = RuleFileFormatter.format(text: text, path: "rules.yml", options: options)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map { r.source.render($0) })", sourceLocation: sourceLocation)
        guard let out = r.formatted else { return "<refused>" }
        // Always a fixed point.
        let again = RuleFileFormatter.format(text: out, path: "rules.yml", options: options)
        #expect(again.formatted == out, "formatting the output changes it again:\n\(again.formatted ?? "<refused>")", sourceLocation: sourceLocation)
        return out
    }

    @Test func shortExpressionOnOneLine() {
        let input = """
        groups:
        - name: g
          rules:
          - record: job:x:rate5m
            expr: |
              sum(rate(x[5m]))
                by (job)
          - alert: Quoted
            expr: "up == 0"
            for: 300s

        """
        #expect(format(input) == """
        groups:
        - name: g
          rules:
          - record: job:x:rate5m
            expr: sum by (job) (rate(x[5m]))
          - alert: Quoted
            expr: up == 0
            for: 5m

        """)
    }

    @Test func longExpressionAsALiteralBlockUnderItsKey() {
        let input = """
        groups:
          - name: g
            rules:
              - alert: HighErrorRate
                expr: sum(rate(http_requests_total{status=~"5.."}[5m])) by (job) / sum(rate(http_requests_total[5m])) by (job) > 0.05

        """
        #expect(format(input) == """
        groups:
          - name: g
            rules:
              - alert: HighErrorRate
                expr: |2
                      sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))
                    /
                      sum by (job) (rate(http_requests_total[5m]))
                  >
                    0.05

        """)
    }

    @Test func theLineLengthCountsTheIndentation() {
        let expr = "sum by (job) (rate(http_requests_total[5m]))"   // 44 columns
        let input = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: \(expr)\n"
        // "    expr: " is 10 columns: 54 fits in 54, not in 53.
        #expect(format(input, maxLineLength: 54) == input)
        // In a block it starts at column 6: one line while that fits, then split.
        #expect(format(input, maxLineLength: 53) == "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      \(expr)\n")
        #expect(format(input, maxLineLength: 49) == "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum by (job) (\n        rate(http_requests_total[5m])\n      )\n")
    }

    @Test func oneLineThatYAMLWouldMisreadIsQuoted() {
        let input = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      {__name__=\"up\"} == 0\n  - record: s\n    expr: |\n      x{a=\"b #c\"}\n"
        #expect(format(input) == "groups:\n- name: g\n  rules:\n  - record: r\n    expr: '{__name__=\"up\"} == 0'\n  - record: s\n    expr: 'x{a=\"b #c\"}'\n")
    }

    @Test func durationsInCanonicalForm() {
        let input = """
        groups:
        - name: g
          interval: 60s
          query_offset: "120s"
          rules:
          - alert: A
            expr: up == 0
            for: 90m
            keep_firing_for: 604800s

        """
        #expect(format(input) == """
        groups:
        - name: g
          interval: 1m
          query_offset: "2m"
          rules:
          - alert: A
            expr: up == 0
            for: 1h30m
            keep_firing_for: 1w

        """)
        // Years and weeks only when exact, as Prometheus writes them.
        #expect(format("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    for: 720h\n") == "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    for: 30d\n")
    }

    @Test func commentsInAwkwardPlaces() {
        let input = """
        # head of the file
        groups:
        - name: g # after the group name
          rules:
          # before a rule
          - alert: BetweenKeyAndValue
            expr:   # between the key and its value
              up   ==   0
          - alert: AfterAValue
            expr: "up == 0"   # after the value
          - alert: AfterABlock
            expr: |  # on the block's header
              up
                == 0
            # after the block
            for: 300s # after a duration
          - {alert: InFlow, expr: "up   ==   0", for: 300s}  # a flow mapping is left as it is
        # at the end of the file
        """
        #expect(format(input) == """
        # head of the file
        groups:
        - name: g # after the group name
          rules:
          # before a rule
          - alert: BetweenKeyAndValue
            expr:   # between the key and its value
              up == 0
          - alert: AfterAValue
            expr: up == 0   # after the value
          - alert: AfterABlock
            expr: up == 0  # on the block's header
            # after the block
            for: 5m # after a duration
          - {alert: InFlow, expr: "up   ==   0", for: 300s}  # a flow mapping is left as it is
        # at the end of the file

        """)
    }

    @Test func aCommentAfterAValueMovesToTheHeaderOfItsBlock() {
        let input = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(rate(http_requests_total[5m])) by (job) # why\n"
        #expect(format(input, maxLineLength: 40) == "groups:\n- name: g\n  rules:\n  - record: r\n    expr: | # why\n      sum by (job) (\n        rate(http_requests_total[5m])\n      )\n")
    }

    @Test func leftAsWritten() {
        // A PromQL comment (the printer would drop it), a tag, an anchor and its alias.
        let input = """
        groups:
        - name: g
          rules:
          - record: a
            expr: |
              sum(x)   # keep me
          - record: b
            expr: !!str sum(  x )
          - record: c
            expr: &e sum(  y )
          - record: d
            expr: *e

        """
        #expect(format(input) == input)
    }

    @Test func blankLinesAndTrailingBlanks() {
        let input = "\n\ngroups:   \n- name: g\n\n\n\n  rules:\n  - alert: A\n    expr: up\n    annotations:\n      description: |\n        one  \n\n\n        two\n\n\n  - alert: B\n    expr: up\n\n\n\n"
        // Inside the block scalar, blanks are content and stay.
        #expect(format(input) == "groups:\n- name: g\n\n  rules:\n  - alert: A\n    expr: up\n    annotations:\n      description: |\n        one  \n\n\n        two\n\n  - alert: B\n    expr: up\n")
    }

    /// Rules and groups take Prometheus' key order; each entry moves with its comments (above
    /// it, on its line, inside its value), and nothing else changes.
    @Test func keyOrder() {
        let input = """
        groups:
        - rules:
          - expr: up == 0
            # when it is down
            for: 5m
            labels:
              severity: page
            alert: Down   # the name
            annotations:
              summary: down
          - labels: {a: b}
            record: job:up:sum
            expr: sum by (job) (up)
          interval: 1m
          name: g1
        - name: g2
          rules:
            - alert: X
              annotations:
                d: |
                  two
                  lines
              expr: up

        """
        let expected = """
        groups:
        - name: g1
          interval: 1m
          rules:
          - alert: Down   # the name
            expr: up == 0
            # when it is down
            for: 5m
            labels:
              severity: page
            annotations:
              summary: down
          - record: job:up:sum
            expr: sum by (job) (up)
            labels: {a: b}
        - name: g2
          rules:
            - alert: X
              expr: up
              annotations:
                d: |
                  two
                  lines

        """
        #expect(format(input) == expected)
        #expect(format(expected) == expected)
        // A key that would move first with a comment above it: the mapping keeps its order.
        let commented = "groups:\n- name: g\n  rules:\n  - expr: up\n    # the alert\n    alert: A\n"
        #expect(format(commented) == commented)
        // Keys sharing a line (flow style): left as they are.
        let flow = "groups:\n- name: g\n  rules:\n  - {expr: up, alert: A}\n"
        #expect(format(flow) == flow)
    }

    /// `groups:` and `rules:` lists move under their key, every line of them by two columns:
    /// block scalars and comments between items keep their place relative to the rest.
    @Test func listsIndentedUnderTheirKey() {
        let input = """
        # top comment
        groups:
        - name: g1
          rules:
          - alert: A
            expr: up == 0
            annotations:
              description: |
                line one
                  indented line

                after blank
          # a comment between rules
          - record: r:x
            expr: sum(up)
        - name: g2   # second
          rules:
            - alert: B
              expr: up
        # trailing comment

        """
        let expected = """
        # top comment
        groups:
          - name: g1
            rules:
              - alert: A
                expr: up == 0
                annotations:
                  description: |
                    line one
                      indented line

                    after blank
              # a comment between rules
              - record: r:x
                expr: sum(up)
          - name: g2   # second
            rules:
              - alert: B
                expr: up
        # trailing comment

        """
        #expect(format(input, indentLists: true) == expected)
        #expect(format(expected, indentLists: true) == expected)
        // The expression's layout is decided at its final column (54 columns where it was
        // written, 58 once indented).
        let long = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum by (job) (rate(http_requests_total[5m]))\n"
        #expect(format(long, maxLineLength: 56, indentLists: true) == "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: |\n          sum by (job) (rate(http_requests_total[5m]))\n")
        // A PrometheusRule resource's groups too.
        let resource = "kind: PrometheusRule\napiVersion: monitoring.coreos.com/v1\nmetadata:\n  name: x\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: r\n      expr: up\n"
        #expect(format(resource, indentLists: true) == "kind: PrometheusRule\napiVersion: monitoring.coreos.com/v1\nmetadata:\n  name: x\nspec:\n  groups:\n    - name: g\n      rules:\n        - record: r\n          expr: up\n")
    }

    @Test func thanosAndPrometheusRuleFiles() {
        let thanos = "groups:\n- name: g\n  partial_response_strategy: warn\n  interval: 30000ms\n  rules:\n  - alert: A\n    expr: \"up==0\"\n"
        // Keys in Prometheus' order: interval before the dialect's partial_response_strategy.
        #expect(format(thanos) == "groups:\n- name: g\n  interval: 30s\n  partial_response_strategy: warn\n  rules:\n  - alert: A\n    expr: up == 0\n")
        let resource = """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: x  # the resource
        spec:
          groups:
          - name: g
            rules:
            - record: r
              expr: sum(x)by(job)

        """
        #expect(format(resource) == resource.replacingOccurrences(of: "sum(x)by(job)", with: "sum by (job) (x)"))
    }

    @Test func crlfLineBreaksAreKept() {
        let input = "groups:\r\n- name: g\r\n  rules:\r\n  - record: r\r\n    expr: sum(x)by(job)\r\n"
        #expect(format(input) == "groups:\r\n- name: g\r\n  rules:\r\n  - record: r\r\n    expr: sum by (job) (x)\r\n")
    }

    @Test func errorsLeaveTheFileAlone() {
        for bad in ["groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(x\n", "groups:\n- name: g\n  rules: [\n"] {
            let r = RuleFileFormatter.format(text: bad, path: "rules.yml")
            #expect(r.formatted == nil)
            #expect(r.diagnostics.contains { $0.id == "promql/syntax" || $0.id == "yaml/parse" })
        }
        #expect(RuleFileFormatter.format(text: "a: 1\n", path: "x.yml").formatted == nil)
    }

    @Test func aRewriteThatChangesTheExpressionIsRefused() {
        var options = RuleFileFormatter.Options()
        options.rewriteExpression = { $0.replacingOccurrences(of: "> 0.05", with: "< 0.05") }
        let input = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n  - alert: HighErrors\n    expr: errors > 0.05\n"
        let r = RuleFileFormatter.format(text: input, path: "rules.yml", options: options)
        #expect(r.formatted == nil)
        let d = try! #require(r.diagnostics.first)
        #expect(d.id == "fmt/meaning")
        // Located at the rule.
        #expect(r.source.location(of: d.range.start).description == "6:5")
        #expect(d.message.contains("HighErrors"))
        #expect(d.message.contains("errors > 0.05"))
    }

    @Test func aRewriteThatBreaksTheYAMLIsRefused() {
        var options = RuleFileFormatter.Options()
        options.rewriteExpression = { $0 + "\"" }
        let r = RuleFileFormatter.format(text: "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n", path: "rules.yml", options: options)
        #expect(r.formatted == nil)
        #expect(r.diagnostics.first.map { $0.id.hasPrefix("fmt/") } == true)
    }

    @Test func aRewriteThatIsNotAFixedPointIsRefused() {
        // Same meaning (trailing blanks in a quoted expression), different on every pass.
        let calls = Mutex(0)
        var options = RuleFileFormatter.Options()
        options.rewriteExpression = { s in calls.withLock { $0 += 1; return s + String(repeating: " ", count: $0) } }
        let r = RuleFileFormatter.format(text: "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n", path: "rules.yml", options: options)
        #expect(r.formatted == nil)
        #expect(r.diagnostics.first?.id == "fmt/unstable")
    }

    /// The README's before/after example is what `obsgen fmt` does.
    @Test func readmeExample() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        func block(after marker: String) throws -> String {
            let start = try #require(readme.range(of: marker + "\n"))
            let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
            return String(readme[start.upperBound..<end.lowerBound])
        }
        #expect(format(try block(after: "# before")) == (try block(after: "# after obsgen fmt")))
    }
}
