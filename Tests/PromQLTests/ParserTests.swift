import Testing
@testable import PromQL

@Suite struct ParserTests {
    @Test func precedenceAndAssociativity() throws {
        #expect(try PromQL.parse("a + b * c").structure == "(+ (sel a{}) (* (sel b{}) (sel c{})))")
        #expect(try PromQL.parse("a ^ b ^ c").structure == "(^ (sel a{}) (^ (sel b{}) (sel c{})))")
        #expect(try PromQL.parse("-a ^ b").structure == "(neg (^ (sel a{}) (sel b{})))")
        #expect(try PromQL.parse("-a * b").structure == "(* (neg (sel a{})) (sel b{}))")
        #expect(try PromQL.parse("a or b and c unless d").structure == "(or (sel a{}) (unless (and (sel b{}) (sel c{})) (sel d{})))")
        #expect(try PromQL.parse("a > bool b == bool c").structure == "(== bool (> bool (sel a{}) (sel b{})) (sel c{}))")
        #expect(try PromQL.parse("2 atan2 3 * 4").structure == "(* (atan2 (num 2) (num 3)) (num 4))")
        #expect(try PromQL.parse("-1").structure == "(num -1)")
    }

    @Test func postfixModifiersBindToTheNearestOperand() throws {
        #expect(try PromQL.parse("a + b offset 5m").structure == "(+ (sel a{}) (sel b{} offset 300000ms))")
        #expect(try PromQL.parse("x @ 100 offset -1m").structure == "(sel x{} @100.000 offset -60000ms)")
        #expect(try PromQL.parse("x offset 1m @ end()").structure == "(sel x{} @end offset 60000ms)")
        #expect(try PromQL.parse("rate(x[5m])[30m:1m]").structure == "(subquery (call rate (matrix x{} 300000ms)) 1800000ms 60000ms)")
        #expect(try PromQL.parse("foo[1h30m]").description == "foo[1h30m]")
        #expect(try PromQL.parse("foo[90]").description == "foo[1m30s]")
    }

    @Test func everyNodeCarriesItsByteRange() throws {
        let text = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / 2"
        let e = try PromQL.parse(text)
        guard case .binary(let b) = e, case .aggregation(let a) = b.lhs, case .call(let c) = a.expr,
              case .matrixSelector(let m) = c.args[0] else {
            Issue.record("unexpected tree \(e.structure)")
            return
        }
        func slice(_ r: PositionRange) -> String {
            String(decoding: Array(text.utf8)[r.start..<r.end], as: UTF8.self)
        }
        #expect(slice(e.range) == text)
        #expect(slice(a.range) == "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))")
        #expect(slice(c.range) == "rate(http_requests_total{code=~\"5..\"}[5m])")
        #expect(slice(m.range) == "http_requests_total{code=~\"5..\"}[5m]")
        #expect(slice(m.selector.matchers[0].range) == "code=~\"5..\"")
        #expect(slice(b.rhs.range) == "2")
    }

    @Test func errorsCarryPositionsAndRenderWithACaret() {
        let text = "sum(rate(http_requests_total[5m])\n  by (job)"
        let (expr, diags) = PromQL.check(text)
        #expect(expr == nil)
        let d = diags[0]
        let src = SourceText(name: "rule.yml", text: text)
        #expect(src.location(of: d.range.start) == SourceLocation(line: 2, column: 3))
        let rendered = src.render(d)
        #expect(rendered.hasPrefix("rule.yml:2:3: error[promql/syntax]: unexpected <by>"))
        #expect(rendered.contains("\n    by (job)\n    ^~\n"))
    }

    @Test func longLinesAreShownAsAWindowAroundTheCaret() {
        let text = String(repeating: "sum(rate(http_requests_total{job=\"api\"}[5m])) + ", count: 40) + "x{a=\"é\"} + foo("
        let (_, diags) = PromQL.check(text)
        let rendered = SourceText(name: "<arg>", text: text).render(diags[0])
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1].hasPrefix("  …"))
        #expect(lines[1].hasSuffix("x{a=\"é\"} + foo("))
        #expect(lines[1].count <= SourceText.maxShownLineBytes + 4)
        // The caret still points at the end of the input, right after `foo(`.
        #expect(lines[2].count == lines[1].count + 1 && lines[2].hasSuffix("^"))
    }

    /// Prometheus compiles matchers with Go's RE2; obsgen compiles with ICU, and closes the gap
    /// both ways: what RE2 rejects is rejected with Go's message, what RE2 reads as literal
    /// braces is accepted.
    @Test func regexesFollowRE2() {
        let rejected: [(String, String)] = [
            ("(?=a)b", "invalid or unsupported Perl syntax: `(?=`"),
            ("(?<!a)b", "invalid or unsupported Perl syntax: `(?<!`"),
            ("(?>ab)", "invalid or unsupported Perl syntax: `(?>`"),
            ("(a)\\1", "invalid escape sequence: `\\1`"),
            ("a\\Z", "invalid escape sequence: `\\Z`"),
            ("a*+", "invalid nested repetition operator: `*+`"),
            ("a{1001}", "invalid repeat count: `{1001}`"),
            ("a{5,2}", "invalid repeat count: `{5,2}`"),
        ]
        for (pattern, message) in rejected {
            let (_, diags) = PromQL.check("x{a=~`\(pattern)`}")
            #expect(diags.first?.message == "error parsing regexp: \(message)", "\(pattern): \(diags.map(\.message))")
        }
        for pattern in ["a{x}", "a{,5}", "a{", "{}", "a}", "a{2,5}?b", "[(?=]x", "(?i)foo|(?P<n>b)", "\\d+\\.\\d+", "a{1000}"] {
            let (_, diags) = PromQL.check("x{a=~`\(pattern)`}")
            #expect(diags.isEmpty, "\(pattern): \(diags.map(\.message))")
        }
        // Literal braces keep RE2's meaning when matching: `a{x}` is the text "a{x}".
        #expect(RegexSupport.matchesEmpty("a{x}|") == true)
        #expect(RegexSupport.matchesEmpty("a{x}") == false)
    }

    @Test func typeErrorsReadLikePrometheus() {
        let cases: [(String, String)] = [
            ("rate(x)", "expected type range vector in call to function \"rate\", got instant vector"),
            ("1 > 2", "comparisons between scalars must use BOOL modifier"),
            ("x and 1", "set operator \"and\" not allowed in binary scalar expression"),
            ("x and on(a) group_left b", "no grouping allowed for \"and\" operation"),
            ("-\"s\"", "unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
            ("topk(x, y)", "expected type scalar in aggregation parameter, got instant vector"),
            ("round(x, 1, 2)", "expected at most 2 argument(s) in call to \"round\", got 3"),
            ("label_join(x)", "expected at least 3 argument(s) in call to \"label_join\", got 1"),
            ("{a=~\".*\"}", "vector selector must contain at least one non-empty matcher"),
            ("x{a=~\"(\"}", "error parsing regexp"),
            ("foo[0s]", "duration must be greater than 0"),
        ]
        for (text, message) in cases {
            let (_, diags) = PromQL.check(text)
            #expect(diags.first?.message.hasPrefix(message) == true, "\(text): \(diags.map(\.message))")
        }
    }

    @Test(arguments: [
        ("info(up)", Features.experimentalFunctions),
        ("limitk(2, up)", .experimentalFunctions),
        ("sort_by_label(up, \"job\")", .experimentalFunctions),
        ("h >/ 0.5", .experimentalFunctions),
        ("foo offset (5m * 2)", .durationExpressions),
        ("foo[step()]", .durationExpressions),
        ("rate(foo[5m] anchored)", .extendedRangeSelectors),
        ("foo smoothed", .extendedRangeSelectors),
        ("a + fill(0) b", .fillModifiers),
    ])
    func experimentalSyntaxNeedsItsFlag(text: String, feature: Features) throws {
        let (_, diags) = PromQL.check(text)
        #expect(diags.contains { $0.id == "promql/features" && $0.message.contains("--enable-feature=\(feature.flagName)") }, "\(diags)")
        _ = try PromQL.parse(text, options: ParseOptions(features: feature))
        _ = try PromQL.parse(text, options: ParseOptions(features: Features(flagName: "all")!))
    }

    @Test func stableFeaturesNeedNoFlag() throws {
        for text in ["foo offset -5m", "foo @ start()", "foo[5m:]", "{\"http.requests.total\", \"k8s.pod\"=\"x\"}",
                     "sum(x) without (a)", "offset{step=\"1s\"}[5m]", "predict_linear(x[1h], 1h)", "foo[100] offset 50"] {
            _ = try PromQL.parse(text)
        }
    }

    @Test func grafanaVariablesAreAcceptedWhereAValueCanStand() throws {
        let g = ParseOptions(grafana: true)
        let texts = [
            "sum(rate(http_requests_total{job=~\"$job\"}[$__rate_interval])) by ($group) > $threshold",
            "rate(x[${__range_s}s])",
            "histogram_quantile(0.95, sum by (le) (rate(x_bucket{instance=\"[[instance]]\"}[$__interval])))",
            "rate(${metric}_total{env=\"${env:regex}\"}[5m] offset $offset)",
            "$metric",
        ]
        for t in texts {
            _ = try PromQL.parse(t, options: g)
            #expect(PromQL.check(t).expr == nil, "\(t) must not parse outside Grafana mode")
        }
        // Inside strings a variable is text in plain PromQL too; Grafana mode skips regex checks on it.
        _ = try PromQL.parse("{__name__=~\"$metrics\"}", options: g)
        let e = try PromQL.parse("x[$__rate_interval] > $t", options: g)
        guard case .binary(let b) = e, case .placeholder(let p) = b.rhs else {
            Issue.record("expected a placeholder: \(e.structure)")
            return
        }
        #expect(p.name == "t")
    }

    /// A variable as a subquery's range or step: the colon ends the variable (it does not
    /// join it as in a metric name). The dashboards of the istio, velero, cassandra and loki
    /// mixins write these; promtool accepts them once the variable is substituted.
    @Test func grafanaVariablesAsSubqueryRangeAndStep() throws {
        let g = ParseOptions(grafana: true)
        for (t, range, step) in [
            ("increase(sum(x)[$__interval:])", "$__interval", nil),
            ("x[$__range:$__interval]", "$__range", "$__interval"),
            ("sum_over_time(increase(x[$__rate_interval])[$__range:$__rate_interval])", "$__range", "$__rate_interval"),
            ("increase(sum by (k) (x)[$__interval:] offset -$__interval)", "$__interval", nil),
            ("x[${__range}:${step}]", "${__range}", "${step}"),
            ("x[5m:$step]", nil, "$step"),
            ("x[$r:1m]", "$r", nil),
        ] as [(String, String?, String?)] {
            let e = try PromQL.parse(t, options: g)
            var found: Subquery?
            e.walk { if case .subquery(let s) = $0, found == nil { found = s } }
            let s = try #require(found, "\(t): no subquery in \(e.structure)")
            if let range {
                guard case .placeholder(let text, _) = s.rangeDuration else { Issue.record("\(t): range \(s.rangeDuration)"); continue }
                #expect(text == range)
            }
            if let step {
                guard case .placeholder(let text, _)? = s.step else { Issue.record("\(t): step \(String(describing: s.step))"); continue }
                #expect(text == step)
            }
        }
        // A range on an expression stays an error with a variable range, as without one.
        #expect(PromQL.check("rate(x * 8[$__rate_interval])", options: g).diagnostics.first?.message == "ranges only allowed for vector selectors")
        // Outside brackets a colon still belongs to a templated metric name.
        guard case .vectorSelector(let v) = try PromQL.parse("job:${metric}:rate5m", options: g) else { Issue.record(); return }
        #expect(v.name == "job:${metric}:rate5m")
    }

    @Test func hostileInputGetsACleanError() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let (_, d1) = PromQL.check(deep)
        #expect(d1.first?.message.contains("nests too deeply") == true)
        let chain = Array(repeating: "a", count: 50_000).joined(separator: " + ")
        let (_, d2) = PromQL.check(chain)
        #expect(d2.first?.message.contains("too deeply") == true)
        let unary = String(repeating: "-", count: 100_000) + "1"
        #expect(PromQL.check(unary).expr == nil)
        let subqueries = "x" + String(repeating: "[1m:]", count: 1000)
        #expect(PromQL.check(subqueries).expr == nil)
        let prometheusStress = "(" + String(repeating: "-{}-1", count: 10_000) + ")" + String(repeating: "[1m:]", count: 1000)
        #expect(PromQL.check(prometheusStress).expr == nil)
        // Every prefix of a valid expression is handled without a crash.
        let text = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1m)) / on(job) group_left(x) y > bool 0.5"
        let bytes = Array(text.utf8)
        for n in 0...bytes.count { _ = try? PromQL.parse(utf8: Array(bytes[0..<n])) }
    }

    @Test func invalidUTF8InStringsIsAnError() {
        let bytes: [UInt8] = Array("foo{a=\"".utf8) + [0xFF] + Array("\"}".utf8)
        #expect(throws: ParseError.self) { try PromQL.parse(utf8: bytes) }
    }

    @Test func stringsFollowGoEscapeRules() throws {
        guard case .string(let s) = try PromQL.parse(#""a\tb\u00e9\x41\101""#) else { Issue.record(); return }
        #expect(s.value == "a\tbéAA")
        guard case .string(let raw) = try PromQL.parse(#"`a\tb`"#) else { Issue.record(); return }
        #expect(raw.value == "a\\tb")
        #expect(PromQL.check(#""\q""#).diagnostics.first?.message == "unknown escape sequence U+0071 'q'")
    }

    @Test func numbersAndDurations() throws {
        func value(_ t: String) throws -> Double {
            guard case .number(let n) = try PromQL.parse(t) else { return .nan }
            return n.value
        }
        #expect(try value("0x1F") == 31)
        #expect(try value("0755") == 493)
        #expect(try value("1e3") == 1000)
        #expect(try value("1_000") == 1000)
        #expect(try value("-Inf") == -.infinity)
        #expect(try value("nAn").isNaN)
        #expect(try value("1h30m") == 5400)
        #expect(try value("1y") == 31_536_000)
        #expect(PromQL.check("foo[5m1h]").diagnostics.first?.message == "not a valid duration string: \"5m1h\"")
        #expect(formatDuration(milliseconds: 5_400_000) == "1h30m")
        #expect(formatDuration(milliseconds: 1_500) == "1s500ms")
        // Years and weeks only when exact, as Prometheus writes durations.
        let day: Int64 = 86_400_000
        #expect(formatDuration(milliseconds: 30 * day) == "30d")
        #expect(formatDuration(milliseconds: 14 * day) == "2w")
        #expect(formatDuration(milliseconds: 90 * day) == "90d")
        #expect(formatDuration(milliseconds: 365 * day) == "1y")
        #expect(formatDuration(milliseconds: 366 * day) == "366d")
        #expect(formatDuration(milliseconds: 7 * day + 3_600_000) == "7d1h")
    }

    @Test func functionTableCoversEveryFunctionWithArity() {
        #expect(Function.named("histogram_quantile")?.argumentTypes == [.scalar, .vector])
        #expect(Function.named("label_join")?.maximumArguments == nil)
        #expect(Function.named("round")?.minimumArguments == 1)
        #expect(Function.named("info")?.isExperimental == true)
        #expect(Function.all.count >= 90)
    }
}

/// Inputs the fuzzer found; each once crashed or broke the print/parse round trip.
@Suite struct FuzzRegressions {
    @Test(arguments: [
        #"{'$e[nce="0xtespath'='boo\\ur\035tns'}"#,
        "$Jof{}",
        "{\"$uantilesb\"=\"0ao\u{1B},c\"}",
        "sum by (\"$foo\") (x) + on (\"$x\") group_left (\"$y\") y",
        "sum by ($foo) (x{$l=\"a\"}) + on ($x) group_left ($y) y",
        "sum_over_time(metric1_total[29s/1s:0x20*500ms] offset -(20*(((((8 - 3333333333333333333333333333333333333333333333333333333333333333333333333332) / 3) * 7s) % 4) + 8000ms)))",
        // An empty selector as info()'s second argument printed as nothing: `info({job="work"}, )`.
        #"info({job="work"}, {})"#,
        "info(x, {} offset 5m)",
        "info(x, {} @ 5)",
        "info(sum by (a) (rate(some_rather_long_metric_name_total[5m])), {} offset 1h)",
        // Positive infinity as the base of a power printed `+Inf ^ x`, which reads back as +(Inf ^ x).
        "Inf ^ 2",
        "-10^3 * - SUM(http_rehuest - SUM(http_rehuests_al)+ - SUM(h) ^ -- SUM(http_requests_al)+ - SUM(h) ^ -h) ^ -- -Inf^ -11",
        "sum(rate(some_rather_long_metric_name_total[5m])) + Inf ^ 2 ^ sum(rate(another_rather_long_metric_total[5m]))",
        // A Grafana-templated metric name with empty braces printed without them, which reads
        // back as a variable standing for a value.
        "$2::${:2}{}",
        "foo_$suffix{}",
        "rate(node_$m{}[5m]) / $total{}",
    ])
    func roundTrips(text: String) throws {
        var parsed = false
        for options in [ParseOptions.allFeatures, ParseOptions(grafana: true)] {
            guard let e = try? PromQL.parse(text, options: options) else { continue }
            parsed = true
            let again = try PromQL.parse(e.description, options: options)
            #expect(again.structure == e.structure)
            for width in [0, 20, 80] {
                let pretty = try PromQL.parse(e.pretty(maxLineLength: width), options: options)
                #expect(pretty.structure == e.structure)
            }
        }
        #expect(parsed, "a regression input must parse in at least one mode")
    }

    @Test func templatedSelectorKeepsItsBraces() throws {
        let grafana = ParseOptions(grafana: true)
        // One variable as the name: the braces stay (alone it would stand for a value).
        #expect(try PromQL.parse("$2::${:2}{}", options: grafana).description == "$2::${:2}{}")
        #expect(try PromQL.parse("$metric{}", options: grafana).description == "$metric{}")
        #expect(try PromQL.parse("$2::${:2}", options: grafana).description == "$2::${:2}")
        // A metric name with a variable in it is a selector with or without them.
        #expect(try PromQL.parse("foo_$suffix{}", options: grafana).description == "foo_$suffix")
        #expect(try PromQL.parse("foo_$suffix", options: grafana).description == "foo_$suffix")
    }

    @Test func emptySelectorPrintsItsBraces() throws {
        let e = try PromQL.parse(#"info({job="work"}, {})"#, options: .allFeatures)
        #expect(e.description == #"info({job="work"}, {})"#)
        #expect(e.pretty(maxLineLength: 10) == "info(\n  {job=\"work\"},\n  {}\n)")
        let shifted = try PromQL.parse("info(x, {} offset 5m @ 10)", options: .allFeatures)
        #expect(shifted.description == "info(x, {} @ 10.000 offset 5m)")
    }

    /// A 2.9 KB chain of unary and binary minus nested ~1,400 deep: its pretty form is 1.1 MB
    /// (each level indents), and once took seconds because every level re-copied its operands'
    /// text. Now one buffer; the form still parses back to the same tree.
    @Test func deepChainPrettyPrints() throws {
        let text = try String(contentsOf: Env.fixture("fuzz-slow-pretty.promql"), encoding: .utf8)
        #expect((try? PromQL.parse(text, options: .allFeatures)) != nil)
        try roundTrips(text: text)
    }
}
