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
        // Unquoted once canonical: YAML reads `2m` as the same string.
        #expect(format(input) == """
        groups:
        - name: g
          interval: 1m
          query_offset: 2m
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
        // A key that moves first with a comment above it: the comment goes above the item's dash.
        let commented = "groups:\n- name: g\n  rules:\n  - expr: up\n    # the alert\n    alert: A\n"
        #expect(format(commented) == "groups:\n- name: g\n  rules:\n  # the alert\n  - alert: A\n    expr: up\n")
        // Keys sharing a line (flow style): left as they are.
        let flow = "groups:\n- name: g\n  rules:\n  - {expr: up, alert: A}\n"
        #expect(format(flow) == flow)
    }

    /// Comments between the keys of a rule or group travel with the key they precede, whatever
    /// their column, so that the keys still take Prometheus' order; end-of-line comments stay
    /// on their line; the comment lines are all kept.
    @Test func commentsTravelWithTheKeyTheyPrecede() {
        let input = """
        groups:
          # the group
          - rules:
              # the first rule
              - labels:
                  severity: page   # paged
                # how long
                for: 5m
                # the expression,
                # in two lines
                expr: up == 0
        # a comment at column 0
                annotations:
                  summary: down
                # its name
                alert: Down   # named
            # the group's name
            name: g

        """
        let expected = """
        groups:
          # the group
          # the group's name
          - name: g
            rules:
              # the first rule
              # its name
              - alert: Down   # named
                # the expression,
                # in two lines
                expr: up == 0
                # how long
                for: 5m
                labels:
                  severity: page   # paged
        # a comment at column 0
                annotations:
                  summary: down

        """
        let out = format(input, indentLists: true)
        #expect(out == expected)
        #expect(RealWorldFormatTests.commentLines(out) == RealWorldFormatTests.commentLines(input))
        // A line of a block scalar that looks like a comment is content: it stays in its block
        // (here a PromQL comment, which leaves the expression as written).
        let block = "groups:\n- name: g\n  rules:\n  - expr: |\n      sum(x)\n      # a PromQL comment\n    record: r\n"
        #expect(format(block) == "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum(x)\n      # a PromQL comment\n")
    }

    /// A comment line above a list's first item (or between items) moves with the items when
    /// the list is indented under its key.
    @Test func aCommentAboveAListsFirstItemMovesWithIt() {
        let input = """
        groups:
        # the first group
        - name: g
          rules:
          # the first rule
          - alert: A
            expr: up == 0
          # the second rule
          - record: r
            expr: sum(up)
        # the second group
        - name: h
          rules:
            # already where it belongs
            - record: s
              expr: up

        """
        #expect(format(input, indentLists: true) == """
        groups:
          # the first group
          - name: g
            rules:
              # the first rule
              - alert: A
                expr: up == 0
              # the second rule
              - record: r
                expr: sum(up)
          # the second group
          - name: h
            rules:
              # already where it belongs
              - record: s
                expr: up

        """)
    }

    /// Mappings indented four spaces (or unevenly) take two: every line moves with its first
    /// token, block scalars are re-based under their key (their own indentation kept), flow
    /// collections and multi-line strings move as a whole, comments with what they precede.
    @Test func mappingsIndentedTwoSpaces() {
        let input = """
        # head
        groups:
            # the group
            -   name: g
                interval: 1m
                rules:
                    -   alert: A   # the alert
                        expr: up == 0
                        labels: {severity: page,
                                 team: sre}
                        annotations:
                            summary: "one line"
                            description: |
                                first line
                                    indented line

                                after a blank line
                            runbook: >-
                                folded
                                text
                    # commented out:
                    # - alert: B
                    -   record: r
                        expr: |2
                                  sum(x)
                                /
                                  sum(y)
                        labels:
                           odd: three spaces
                           more: 'a
                             b'
        # tail

        """
        let expected = """
        # head
        groups:
          # the group
          - name: g
            interval: 1m
            rules:
              - alert: A   # the alert
                expr: up == 0
                labels: {severity: page,
                         team: sre}
                annotations:
                  summary: one line
                  description: |
                    first line
                        indented line

                    after a blank line
                  runbook: >-
                    folded
                    text
              # commented out:
              # - alert: B
              - record: r
                expr: sum(x) / sum(y)
                labels:
                  odd: three spaces
                  more: 'a
                    b'
        # tail

        """
        #expect(format(input, indentLists: true) == expected)
        // Lists written under their key are indented two spaces under it with indent_lists off
        // too; lists at their key's column stay there.
        let off = format(input, indentLists: false)
        #expect(off == expected)
        let flat = "groups:\n- name: g\n  rules:\n  -   record: r\n      expr: up\n      labels:\n          a: b\n"
        #expect(format(flat, indentLists: false) == "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    labels:\n      a: b\n")
    }

    /// An indentation indicator keeps its meaning: the block moves as its key does.
    @Test func aBlockWithAnIndentationIndicatorMovesWithItsKey() {
        let input = "groups:\n    -   name: g\n        rules:\n            -   alert: A\n                expr: up\n                annotations:\n                    d: |4\n                          two deeper\n                        base\n"
        let out = format(input, indentLists: true)
        #expect(out == "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          d: |4\n                two deeper\n              base\n")
        let loaded = RuleFileLoader.load(text: out, path: "rules.yml")
        guard case .alert(let rule)? = loaded.ruleFile.groups.first?.rules.first else { Issue.record("no alert"); return }
        #expect(rule.annotations.all["d"] == "  two deeper\nbase\n")
    }

    /// Quotes go where YAML does not need them (for, alert, label and annotation values, keys),
    /// and stay where the plain form would read differently — by YAML 1.1 too, as go-yaml does —
    /// or would not parse, in the style they were written in.
    @Test func quotingOnlyWhereYAMLNeedsIt() {
        let kept = ["\"true\"", "'yes'", "\"No\"", "\"on\"", "\"y\"", "\"1\"", "'0.5'", "\"1e3\"", "\"0x1F\"", "\"0o17\"", "\"1_000\"", "\"1:30\"",
                    "\"+Inf\"", "\".nan\"", "\"2024-01-31\"", "\"null\"", "\"~\"", "\"\"", "\" padded\"", "\"padded \"", "\"a: b\"", "\"a #b\"",
                    "\"*star\"", "\"&amp\"", "\"!bang\"", "\"|pipe\"", "\">gt\"", "\"'q\"", "\"%pct\"", "\"@at\"", "\"`tick\"", "\"- dash\"",
                    "\"? what\"", "\": colon\"", "\"{{ $value }} left\"", "\"[x]\"", "\"ends:\"", "\"<<\"", "\"...\"",
                    "\"with\\ttab\"", "\"line\\nbreak\"", "'it''s'", "\"say \\\"hi\\\"\""]
        let unquoted = ["\"critical\"": "critical", "'HighErrorRate'": "HighErrorRate", "\"Instance {{ $labels.instance }} is down\"": "Instance {{ $labels.instance }} is down",
                        "\"50%\"": "50%", "'rules/*.yml'": "rules/*.yml", "\"a-b_c.d\"": "a-b_c.d", "\"1d\"": "1d", "\"v1.2\"": "v1.2", "\"it's\"": "it's",
                        "\"https://example.com/x#y\"": "https://example.com/x#y"]
        var lines = ""
        for (i, v) in kept.enumerated() { lines += "      k\(i): \(v)\n" }
        for (i, (k, _)) in unquoted.sorted(by: { $0.key < $1.key }).enumerated() { lines += "      u\(i): \(k)\n" }
        let input = "groups:\n- name: \"g\"\n  rules:\n  - alert: 'A'\n    expr: up\n    for: \"5m\"\n    keep_firing_for: '300s'\n    labels:\n\(lines)    annotations:\n      \"summary\": \"down\"   # a comment\n"
        var expectedLines = ""
        for (i, v) in kept.enumerated() { expectedLines += "      k\(i): \(v)\n" }
        for (i, (_, v)) in unquoted.sorted(by: { $0.key < $1.key }).enumerated() { expectedLines += "      u\(i): \(v)\n" }
        let expected = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    for: 5m\n    keep_firing_for: 5m\n    labels:\n\(expectedLines)    annotations:\n      summary: down   # a comment\n"
        #expect(format(input) == expected)
        // An expression that needs quotes keeps double ones when it had them and can.
        let expression = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: EXPR\n"
        func expr(_ e: String) -> String { expression.replacingOccurrences(of: "EXPR", with: e) }
        #expect(format(expr("\"{__name__='up'}\"")) == expr("'{__name__=\"up\"}'"))
        #expect(format(expr("\"1\"")) == expr("\"1\""))
        #expect(format(expr("'1'")) == expr("'1'"))
        #expect(format(expr("\"up\"")) == expr("up"))
    }

    /// Comments where YAML allows them and a formatter easily loses them: a full-line comment
    /// between a key and its value, inside a flow mapping, after a block scalar (kept lines
    /// included), at the end of the file after a block — in a file being re-indented.
    @Test func commentsInMoreAwkwardPlaces() {
        let input = """
        groups:
            -   name: g
                rules:
                    -   alert: A
                        expr:
                            # between the key and its value
                            up   ==   0
                        labels: {
                            severity: page,   # inside a flow mapping
                            # a full line inside it
                            team: sre
                        }
                        annotations:
                            keep: |+
                                kept lines follow

                            # after a block with kept lines
                            last: |
                                text
                                # content, not a comment
                        # after a block, at the end of the file
        """
        let expected = """
        groups:
          - name: g
            rules:
              - alert: A
                expr:
                  # between the key and its value
                  up == 0
                labels: {
                    severity: page,   # inside a flow mapping
                    # a full line inside it
                    team: sre
                }
                annotations:
                  keep: |+
                    kept lines follow

                  # after a block with kept lines
                  last: |
                    text
                    # content, not a comment
                # after a block, at the end of the file

        """
        #expect(format(input, indentLists: true) == expected)
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
        #expect(format(try block(after: "# before"), indentLists: true) == (try block(after: "# after obsgen fmt")))
    }
}
