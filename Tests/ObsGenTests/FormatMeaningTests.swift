import Testing
@testable import ObsGen

/// What the formatter's safety rests on: when a string may go unquoted, and the comparison of
/// a file's whole YAML before and after.
@Suite struct FormatMeaningTests {
    @Test(arguments: ["true", "False", "yes", "NO", "on", "Off", "y", "N", "null", "~", "", "1", "-1", "+1", "0.5", ".5", "1e3", "1E-3", "0x1F", "0o17", "0b101",
                      "017", "1_000", "1:30", "190:20:30.15", ".inf", "-.Inf", ".NaN", "+Inf", "-infinity", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
                      "<<", "=", " a", "a ", "a: b", "a #b", "a:", "- a", "-", "? a", ": a", "*a", "&a", "!a", "|a", ">a", "'a", "\"a", "%a", "@a", "`a",
                      "{a}", "[a]", "#a", ",a", "...", "a\tb", "a\nb", "a\u{7}b", "\u{FEFF}a", "0x1p-2"])
    func staysQuoted(_ s: String) {
        #expect(!YAMLScalar.isPlainSafe(s))
    }

    @Test(arguments: ["critical", "HighErrorRate", "5m", "1h30m", "0s", "1d", "30d", "1w", "1y", "v1.2", "a-b", "it's", "say \"hi\"", "50%", "a#b", "a:b",
                      "https://example.com/x#y", "rules/*.yml", "{{ $value }} and more".dropFirst(3).description, "Inf", "nan", "e3", "1e", "x1", "true_ish", "null-ish",
                      "Instance {{ $labels.instance }} is down", "über", "-a", "?a"])
    func goesPlain(_ s: String) {
        // `-a` and `?a` are plain-safe in YAML, but the rule is kept simple: a leading indicator
        // keeps the quotes.
        if s.hasPrefix("-") || s.hasPrefix("?") {
            #expect(!YAMLScalar.isPlainSafe(s))
        } else {
            #expect(YAMLScalar.isPlainSafe(s), "\(s)")
            // And libyaml reads it back as the same string.
            let yaml = YAMLSource(path: "x.yml", text: "k: \(s)\n")
            #expect(yaml.root?["k"]?.string == s && yaml.root?["k"]?.style == .plain)
        }
    }

    func compare(_ a: String, _ b: String) -> Diagnostic? {
        YAMLMeaning.compare(original: YAMLSource(path: "rules.yml", text: a), formatted: b)
    }

    @Test func sameYAMLWrittenDifferently() {
        // Quotes where they change nothing, keys reordered, indentation, flow vs block.
        #expect(compare("a: \"x\"\nb:\n    - 1\n    - 'two'\nc: {d: e}\n", "c:\n  d: e\nb: [1, two]\na: x\n") == nil)
        // Expressions compare by their canonical form, durations by their time, where the
        // formatter rewrites them.
        #expect(compare("groups:\n- name: g\n  interval: 60s\n  rules:\n  - record: r\n    expr: sum(x)by(job)\n    labels: {for: 300s}\n",
                        "groups:\n- name: g\n  interval: 1m\n  rules:\n  - record: r\n    expr: sum by (job) (x)\n    labels: {for: 300s}\n") == nil)
        // Aliases meet their anchor's node again.
        #expect(compare("a: &x {b: c}\nd: *x\n", "a: &y {b: c}\nd: *y\n") == nil)
    }

    @Test func aChangeIsFoundAndLocated() {
        let cases: [(String, String, String, String)] = [
            ("a: \"1\"\n", "a: 1\n", "a", "1:4"),
            ("l:\n  x: \"true\"\n", "l:\n  x: true\n", "l.x", "2:6"),
            ("l:\n  x: \"null\"\n", "l:\n  x: null\n", "l.x", "2:6"),
            ("l:\n  - a\n  - b\n", "l:\n  - b\n  - a\n", "l[0]", "2:5"),
            ("l:\n  x: a\n  y: b\n", "l:\n  x: a\n", "l", "2:3"),
            ("l:\n  x: 300s\n", "l:\n  x: 5m\n", "l.x", "2:6"),
            ("groups:\n- name: g\n  unknown_dialect_key: \"0x10\"\n", "groups:\n- name: g\n  unknown_dialect_key: 0x10\n", "groups[0].unknown_dialect_key", "3:24"),
            ("groups:\n- name: g\n  rules:\n  - record: r\n    expr: a + b\n", "groups:\n- name: g\n  rules:\n  - record: r\n    expr: a - b\n", "groups[0].rules[0].expr", "5:11"),
        ]
        for (a, b, path, at) in cases {
            let d = compare(a, b)
            #expect(d?.id == "fmt/meaning", "\(a) → \(b)")
            #expect(d?.message == "formatting would change \(path); the file is left as it is", "\(d?.message ?? "nil")")
            #expect(d.map { SourceText(name: "x", text: a).location(of: $0.range.start).description } == at, "\(a)")
        }
        #expect(compare("a: 1\n", "a: [\n")?.id == "fmt/unreadable")
    }
}
