import Testing
@testable import ObsLint

/// The Go template reader behind alerts/template.
@Suite struct GoTemplateTests {
    @Test(arguments: [
        // Prometheus' own variables, fields and functions.
        ("{{ $labels.job }} at {{ $value | humanize }}", nil),
        ("{{ .Labels.job }} {{ .Value }} {{ $externalLabels.cluster }} {{ $externalURL }}", nil),
        // Strings, raw strings and characters are literals, whatever they hold.
        ("{{ printf \"up{job='bar', instance='%s'}\" $labels.instance | query }}", nil),
        ("{{ with printf `count(x{a=\"%s\"})` .Labels.a | query }}{{ . | first | value }}{{ end }}", nil),
        ("{{ if eq $labels.severity \"critical\" }}page{{ else }}ticket{{ end }}", nil),
        // Declared variables; comments; trim markers.
        ("{{ $i := $labels.instance }}{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ end }}{{ $i }}", nil),
        ("{{/* a comment */}}{{- $labels.job -}}", nil),
        // Errors Prometheus reports when it loads the rule.
        ("{{ $label.instance }}", "undefined variable \"$label\""),
        ("{{ $labels.job ", "unclosed action: {{ without }}"),
        ("{{ humanise $value }}", "function \"humanise\" not defined"),
        ("{{ if $value }}x", "unclosed {{ if }}/{{ range }}/{{ with }}: missing {{ end }}"),
        ("{{ end }}", "{{ end }} without an opening action"),
        ("{{ printf \"%s }}", "unterminated quoted string"),
    ] as [(String, String?)])
    func parses(_ text: String, error: String?) {
        #expect(GoTemplate(text).error == error, "\(text)")
    }

    @Test func labelsReadFromTheAlertNotFromARangesDot() {
        let t = GoTemplate("{{ $labels.a }}{{ .Labels.b }}{{ range query \"up\" }}{{ .Labels.c }}{{ end }}{{ with $labels }}{{ .Labels.d }}{{ end }}")
        #expect(t.labels == ["a", "b"])
        #expect(GoTemplate("{{ $value }}").usesValue)
        #expect(GoTemplate("80 }} of them").warning != nil && GoTemplate("80 }} of them").error == nil)
    }
}
