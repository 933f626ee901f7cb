import Foundation
import Testing
import Yams
@testable import ObsGen

/// Inputs the rule-file fuzzer (Fuzz/LoaderFuzz.swift) found, reduced by hand; the same inputs
/// are seeds in Fuzz/regressions/loader. Each once gave an error located outside the file or at
/// the wrong place, or a model that rendered to YAML that does not load.
@Suite struct LoaderFuzzRegressions {
    func load(_ text: String) -> LoadedRuleFile { RuleFileLoader.load(text: text, path: "rules.yml") }

    /// `line:column: message` of every diagnostic, after checking it lies within the file.
    func located(_ text: String) -> [String] {
        let l = load(text)
        let size = l.source.text.utf8.count
        return l.diagnostics.map { d in
            #expect(d.range.start >= 0 && d.range.start <= d.range.end && d.range.start <= size && d.range.end <= size + 1,
                    "\(d.message) at \(d.range) in \(size) bytes")
            _ = l.source.render(d)
            let loc = l.source.location(of: d.range.start)
            return "\(loc.line):\(loc.column): \(d.message)"
        }
    }

    /// The text a diagnostic's range covers.
    func covered(_ text: String) -> [String] {
        let l = load(text)
        let bytes = Array(l.source.text.utf8)
        return l.diagnostics.map { String(decoding: bytes[min($0.range.start, bytes.count)..<min($0.range.end, bytes.count)], as: UTF8.self) }
    }

    static let head = "groups:\n  - name: g\n    rules:\n      - alert: A\n"

    /// A block scalar's lines were placed at their own indentation instead of the block's: a
    /// more-indented line was shifted right by its extra indentation, and at the end of a file
    /// without a final line break, past the end.
    @Test func blockScalarLinesKeepTheirRelativeIndentation() {
        let text = Self.head + "        expr: |\n          sum(\n            x{job=\"a"
        #expect(located(text) == ["7:19: unterminated quoted string"])
        #expect(covered(text) == ["\"a"])
        let nested = Self.head + "        expr: |\n          sum(\n              rate(x[5m] offset)\n          )\n"
        #expect(located(nested) == ["7:32: unexpected \")\" in offset, expected number, duration, step(), or range()"])
    }

    /// Folded lines join with a space: the error lands on the token in the file, not at its
    /// offset in the joined string.
    @Test func foldedBlockScalars() {
        let text = Self.head + "        expr: >\n          sum(x)\n          + on (\n\n          rate(y[5m])\n"
        #expect(located(text).first?.hasPrefix("9:15: ") == true)
    }

    /// Escapes are longer or shorter in the file than in the string (`\x41` is one byte, `\L`
    /// two bytes for three); `''` is one quote.
    @Test func quotedScalarsWithEscapes() {
        let dq = Self.head + "        expr: \"sum(\\x41 \\L rate(x[5m]) +)\"\n"
        #expect(located(dq) == ["5:25: unexpected character: '\u{2028}'"])
        #expect(covered(dq) == ["\\L"])
        let sq = Self.head + "        expr: 'x{a=''b'', c=''d'' +'\n"
        #expect(located(sq) == ["5:35: unexpected character inside braces: '+'"])
        #expect(covered(sq) == ["+"])
        let tagged = Self.head + "        expr: !!str \"sum(x +)\"\n"
        #expect(located(tagged) == ["5:29: unexpected \")\""])
    }

    /// A lone CR, NEL, LS or PS ends a line for libyaml: marks counted those lines while the
    /// offsets did not, and a key's range ran past the end of the file.
    @Test(arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}"])
    func libyamlLineBreaks(br: String) {
        let text = "groups:" + br + "  - name: g" + br + "    bogus: 1" + br
        let l = located(text)
        #expect(l.count == 1)
        #expect(covered(text) == ["bogus"])
    }

    /// A byte order mark counts as a column of line 1, for libyaml as for the text.
    @Test func byteOrderMark() {
        #expect(covered("\u{FEFF}bad: 2\n") == ["bad"])
        #expect(covered("\u{FEFF}groups:\n  - name: g\n    bogus: 1\n") == ["bogus"])
    }

    /// Invalid UTF-8 reaches the loader as U+FFFD (three bytes for one): positions agree with
    /// the text as read.
    @Test func invalidUTF8() {
        var bytes = Array("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: 'sum(x) \u{1}".utf8)
        bytes[bytes.count - 1] = 0xFF
        bytes += Array(" + )'\n".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(located(text).first?.hasPrefix("5:23: unexpected character") == true)
    }

    /// Strings with characters YAML cannot hold as they are were written in literal blocks or
    /// between double quotes unescaped (U+2028 ended the block; U+FEFF was written `\xfeff`,
    /// which reads as "þff"). They read back unchanged now.
    @Test(arguments: ["two\nlines \u{2028} here", "a\u{2029}\nb", "nel\u{85}\nx", "bom\u{FEFF}", "c1\u{80}\u{9F}", "del\u{7F}\nx",
                      "\tfirst line tabbed\nsecond", "nonchar\u{FFFE}\u{FFFF}", "\u{2028}", "astral \u{1F600}\nx"])
    func unusualStringsReadBack(text: String) throws {
        let yaml = YAMLWriter.write(.map([("k", .string(text)), ("list", .list([.string(text)]))]))
        let node = try Yams.compose(yaml: yaml)
        #expect(node?["k"]?.string == text, "\(yaml)")
        #expect(node?["list"]?[0]?.string == text, "\(yaml)")

        let file = RuleFile(name: "f", groups: [RuleGroup(name: "g", rules: [
            .alert(AlertRule(name: "A", expr: "up == 0", labels: [:], annotations: Annotations(all: ["description": text]))),
        ])])
        let rendered = RuleFileRenderer.render(file, source: "t")
        let again = load(rendered)
        #expect(!again.hasErrors, "\(rendered)")
        #expect(RuleFileRenderer.render(again.ruleFile, source: "t") == rendered)
    }
}
