import Foundation
import Testing
@testable import ObsGen

/// Alert templates expand as Prometheus expands them (expected outputs from Prometheus'
/// template/template_test.go, and, when promtool is installed, from promtool itself).
@Suite struct AlertTemplateTests {
    func x(_ t: String, _ labels: Labels = [:], value: Double? = nil) throws -> String {
        try AlertTemplate.render(t, labels: labels, value: value)
    }

    func each(_ fn: String, _ values: [Double]) throws -> String {
        try values.map { try x("{{ \(fn) $value }}", value: $0) + ":" }.joined()
    }

    @Test func humanizeFunctionsPrintAsPrometheus() throws {
        #expect(try each("humanize", [0, 1, 1234567, 0.12]) == "0:1:1.235M:120m:")
        #expect(try each("humanize", [-1, 9.223372036854775807e18]) == "-1:9.223E:")
        #expect(try each("humanize1024", [0, 1, 1048576, 0.12, -1, 1234567, 9.223372036854775807e18]) == "0:1:1Mi:0.12:-1:1.177Mi:8Ei:")
        #expect(try each("humanizeDuration", [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99])
                == "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:")
        #expect(try each("humanizeDuration", [0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345, 1234567]) == "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:14d 6h 56m 7s:")
        #expect(try x("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}")
                == "-22.22%:0%:12.35%:123.5%")
        #expect(try each("humanizePercentage", [1234567, 9.223372036854775807e18]) == "1.235e+08%:9.223e+20%:")
        #expect(try each("humanizeTimestamp", [0, -1, 1, 1234567, 9223372036]) ==
                "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:")
        #expect(try x("{{ 1435065584.128 | humanizeTimestamp }}") == "2015-06-23 13:19:44.128 +0000 UTC")
        #expect(try x(#"{{ "1435065584.128" | humanizeTimestamp }}"#) == "2015-06-23 13:19:44.128 +0000 UTC")
        for f in ["humanize", "humanize1024", "humanizeDuration", "humanizeTimestamp"] {
            #expect(try each(f, [.infinity, -.infinity, .nan]) == "+Inf:-Inf:NaN:", "\(f)")
        }
        #expect(throws: AlertTemplate.Error.self) { try x(#"{{ humanize "one" }}"#) }
        #expect(throws: AlertTemplate.Error.self) { try x("{{ humanizeTimestamp $value }}", value: -9.223372036854776e18) }
    }

    @Test func valuesPrintAsGoPrintsThem() throws {
        let cases: [(Double, String)] = [(1, "1"), (0.5, "0.5"), (123456, "123456"), (1234567, "1.234567e+06"), (0.0001, "0.0001"),
                                         (0.00001, "1e-05"), (1e21, "1e+21"), (-0.0, "-0"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
                                         (.nan, "NaN"), (0.1 + 0.2, "0.30000000000000004"), (100, "100")]
        for (v, text) in cases {
            #expect(try x("{{ $value }}", value: v) == text, "\(v)")
            #expect(try x("{{ .Value }}", value: v) == text, "\(v)")
        }
    }

    @Test func printfFollowsGo() throws {
        #expect(try x(#"{{ printf "%0.2f" (parseDuration "1h2m10ms") }}"#) == "3720.01")
        #expect(try x(#"{{ printf "%0.2f" (parseDuration "-1h2m10ms") }}"#) == "-3720.01")
        #expect(try x(#"{{ printf "%.2f|%5.1f|%-6.1f|%e|%g|%v|%G" $value $value $value $value $value $value $value }}"#, value: 1234.5678)
                == "1234.57|1234.6|1234.6|1.234568e+03|1234.5678|1234.5678|1234.5678")
        #expect(try x(#"{{ printf "%d|%s|%x" $value $value $value }}"#, value: 0.5) == "%!d(float64=0.5)|%!s(float64=0.5)|%!x(float64=0.5)")
        #expect(try x(#"{{ printf "%d %5d %-5d| %05d %+d %x %X %o %b %c" 42 42 42 -42 42 255 255 8 5 65 }}"#) == "42    42 42   | -0042 +42 ff FF 10 101 A")
        #expect(try x(#"{{ printf "%s %q %8s|%-8s| %.2s %x" "ab" "a\"b" "r" "l" "xyz" "hi" }}"#) == #"ab "a\"b"        r|l       | xy 6869"#)
        #expect(try x(#"{{ printf "%s %s" "a" }}|{{ printf "%s" "a" "b" }}|{{ printf "100%%" }}|{{ printf "%t" true }}"#)
                == "a %!s(MISSING)|a%!(EXTRA string=b)|100%|true")
        #expect(try x(#"{{ printf "%.3g|%.4g|%.4g|%.10g|%g" 1234567.0 0.000012345 100.0 0.1 1e-7 }}"#) == "1.23e+06|1.234e-05|100|0.1|1e-07")
        #expect(try x(#"{{ print 1 2 "a" 3 "b" "c" }}|{{ println 1 "a" }}"#) == "1 2a3bc|1 a\n")
    }

    @Test func textFunctionsFollowPrometheus() throws {
        #expect(try x(#"{{ "aa bb CC" | title }}|{{ "aa bb CC" | toUpper }}|{{ "aA bB CC" | toLower }}"#) == "Aa Bb CC|AA BB CC|aa bb cc")
        #expect(try x(#"{{ "hello-world foo_bar it's" | title }}"#) == "Hello-World Foo_bar It's")
        #expect(try x(#"{{ reReplaceAll "(a)b" "x$1" "ab" }}"#) == "xa")
        #expect(try x(#"{{ reReplaceAll "a*" "x" "baaac" }}|{{ reReplaceAll "(?P<first>\\w+) (\\w+)" "${2} $first $$ $1x" "hello world" }}"#) == "xbxcx|world hello $ ")
        #expect(try x(#"{{ match "a+" "aa" }} {{ match "a+" "b" }}"#) == "true false")
        let hosts: [(String, String)] = [("foo.example.com", "foo"), ("foo.example.com:12345", "foo:12345"), ("192.0.2.1", "192.0.2.1"),
                                         ("192.0.2.1:12345", "192.0.2.1:12345"), ("2001:0DB8::1", "2001:0DB8::1"),
                                         ("[2001:0DB8::1]:12345", "[2001:0DB8::1]:12345"), ("[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345")]
        for (input, output) in hosts {
            #expect(try x("{{ \"\(input)\" | stripDomain }}") == output, "\(input)")
        }
        #expect(try x(#"{{ stripPort "host:9090" }}|{{ stripPort "[::1]:80" }}|{{ stripPort "plain" }}"#) == "host|::1|plain")
        #expect(try x(#"{{ (1800 | toDuration) }}|{{ 0.0015 | toDuration }}|{{ urlQueryEscape "a b&c/é" }}"#) == "30m0s|1.5ms|a+b%26c%2F%C3%A9")
    }

    @Test func goTemplateSyntax() throws {
        let labels: Labels = ["instance": "host:9100", "job": "node"]
        #expect(try x("{{ $labels.instance }} {{ .Labels.job }} [{{ $labels.missing }}]", labels) == "host:9100 node []")
        #expect(try x(#"{{ index $labels "job" }} {{ len $labels }} {{ len "héllo" }}"#, labels) == "node 2 6")
        #expect(try x("{{ if gt $value 1.0 }}big{{ else if gt $value 0.5 }}mid{{ else }}small{{ end }}", value: 0.7) == "mid")
        #expect(try x("{{ with $labels.job }}job {{ . }}{{ else }}none{{ end }}|{{ with $labels.nope }}x{{ else }}none{{ end }}", labels) == "job node|none")
        #expect(try x("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", labels) == "instance=host:9100;job=node;")
        #expect(try x("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}") == "2")
        #expect(try x("a  {{- /* a comment */ -}}  b {{- \" c \" -}} d\n{{- 3 }}") == "ab c d3")
        #expect(try x("{{ and 1 0 }} {{ or 0 \"\" \"x\" }} {{ not false }} {{ eq \"a\" \"b\" \"a\" }} {{ ne 1 2 }} {{ lt \"a\" \"b\" }}") == "0 x true true true true")
        #expect(try x("{{ $value | printf \"%.1f\" | printf \"[%s]\" }}", value: 2.25) == "[2.2]")
        #expect(try x("{{ (printf \"%s-%s\" \"a\" \"b\") | toUpper }}") == "A-B")
        #expect(try x("{{ 'a' }} {{ 0x1F }} {{ 1e3 }} {{ -2 }}") == "97 31 1000 -2")
        // Prometheus' own comparison errors.
        #expect(throws: AlertTemplate.Error.self) { try x("{{ if gt $value 1 }}x{{ end }}", value: 2) }
        #expect(throws: AlertTemplate.Error.self) { try x("{{ if }}") }
        #expect(throws: AlertTemplate.Error.self) { try x("{{ nosuchfunction 1 }}") }
        #expect(throws: AlertTemplate.Error.self) { try x("{{ $labels.job ") }
        do {
            _ = try AlertTemplate.render("{{ $value }}", labels: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .needsValue)
        }
        do {
            _ = try AlertTemplate.render("{{ query \"up\" | first | value }}", labels: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .needsPrometheus)
        }
        // Text without actions is itself.
        #expect(try x("no {actions} here }") == "no {actions} here }")
    }

    /// The same templates through promtool: its alerts' annotations must equal obsgen's expansion.
    @Test(.enabled(if: Needs.tool("promtool"), "promtool is not installed (apt-get install prometheus)"))
    func promtoolAgrees() throws {
        let annotations: [String: String] = [
            "a": "{{ $value }}",
            "b": "{{ $value | humanize }}|{{ humanize1024 $value }}|{{ humanizePercentage $value }}",
            "c": "{{ humanizeDuration $value }}",
            "d": "{{ humanizeTimestamp $value }}",
            "e": #"{{ printf "%.2f|%5.1f|%e|%g|%v|%d|%s|%q|%x|%08.3f|%+.1e" $value $value $value $value $value $value $value $labels.case $labels.case $value $value }}"#,
            "f": #"{{ $labels.case | title }} {{ toUpper "abc" }} {{ reReplaceAll "(a+)" "<$1>" "baaac" }} {{ if gt $value 1.0 }}big{{ else }}small{{ end }}"#,
            "g": "{{ with $labels.case }}case {{ . }}{{ end }}{{- /* c */ -}} x {{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}",
            "h": #"{{ stripPort "host:9090" }} {{ stripDomain "foo.example.com:80" }} {{ match "^c" $labels.case }} {{ len $labels }} {{ index $labels "case" }}"#,
            "i": #"{{ printf "%.3g" $value }} {{ print $value 1 "x" }} {{ $value | printf "%.1f" | printf "[%s]" }}"#,
        ]
        let values: [Double] = [0, 1, 0.5, -0.22222, 1234567, 0.000123, 1e-7, 1435065584.128, 90061.5, 3.14159265, 100, 2e9, 2.5e-5, 123456.789, -3600]
        var series: [AlertTest.Series] = []
        var expected: [AlertTest.ExpectedAlert] = []
        for (i, v) in values.enumerated() {
            series.append(.init("v{case=\"c\(i)\"}", "\(v)+0x3"))
            expected.append(.init(labels: ["case": "c\(i)", "severity": "info"], value: v))
        }
        let alert = Alert("Templates", expr: "v + 0", severity: .info, annotations: annotations,
                          tests: [AlertTest("expansions", series: series, evalTime: .minutes(1), expect: expected)])
        let project = Project("t") { RuleFile("templates") { RuleGroup("g") { alert } } }
        #expect(project.validate().isEmpty, "\(project.validate())")
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeRuleFiles(of: project, to: dir)
        let r = try Tool.run("promtool", ["test", "rules", dir.appendingPathComponent("rules/tests/templates.test.yml").path])
        #expect(r.status == 0, "\(r.output)")
    }
}
