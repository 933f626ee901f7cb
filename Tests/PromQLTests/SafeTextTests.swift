import Testing
@testable import PromQL

/// The one escaping policy every output goes through.
@Suite struct SafeTextTests {
    @Test func controlsBidiAndSeparatorsShowAsEscapes() {
        #expect(SafeText.escape("a\nb\rc\td") == #"a\nb\rc\td"#)
        #expect(SafeText.escape("\u{1B}[31mred\u{7F}\u{85}\u{9B}") == #"\u{1b}[31mred\u{7f}\u{85}\u{9b}"#)
        #expect(SafeText.escape("\u{202A}\u{202E}\u{2066}\u{2069}\u{2028}\u{2029}\u{FFFE}") == #"\u{202a}\u{202e}\u{2066}\u{2069}\u{2028}\u{2029}\u{fffe}"#)
        // What is not dangerous is left alone: accents, CJK, emoji, a backslash, U+FFFD itself.
        for s in ["plain text", "café 日本 🚀", #"a\b"#, "\u{FFFD}", "x{a=\"b\"}[5m]"] { #expect(SafeText.escape(s) == s) }
    }

    @Test func workflowCommandsCannotStart() {
        #expect(SafeText.escape("::error::x", lineStart: true) == #"\u{3a}:error::x"#)
        #expect(SafeText.escape("  \u{A0}::error::x", lineStart: true) == "  \u{A0}" + #"\u{3a}:error::x"#)
        #expect(SafeText.escape("::error::x") == "::error::x", "not at the start of a line: harmless")
        #expect(SafeText.escape("a ::x", lineStart: true) == "a ::x")
        #expect(SafeText.escape("x ##[error]y") == #"x ##\u{5b}error]y"#)
        #expect(SafeText.escape("#[a] ## [b]") == "#[a] ## [b]")
    }

    @Test func bytesThatAreNotUTF8ShowAsHex() {
        #expect(SafeText.escape(bytes: Array("bad".utf8) + [0xFF] + Array(".yml".utf8)) == #"bad\xff.yml"#)
        // One unit per maximal invalid subpart, as decoding replaces them.
        #expect(SafeText.escape(bytes: [0xE2, 0x80, 0x41, 0xF0, 0x9F, 0x9A, 0x80]) == "\\xe2\\x80A🚀")
        #expect(SafeText.escape(bytes: [0xC0, 0xAF, 0xED, 0xA0, 0x80]) == #"\xc0\xaf\xed\xa0\x80"#)
        #expect(SafeText.invalidUTF8(in: [0x61, 0xFF, 0xC3, 0x4E, 0xE2, 0x80]).map { [$0.offset, $0.length] } == [[1, 1], [2, 1], [4, 2]])
        #expect(SafeText.invalidUTF8(in: Array("café 🚀".utf8)).isEmpty)
    }

    @Test func columnsFollowTheEscapes() {
        let (text, columns) = SafeText.displayColumns(Array("a\u{1B}b\té".utf8), lineStart: false)
        #expect(text == #"a\u{1b}b\té"#)
        // a: 0, ESC: 1 (shown in 6), b: 7, tab: 8 (shown in 2), é (2 bytes): 10, end: 11.
        #expect(columns == [0, 1, 7, 8, 10, 10, 11])
    }

    @Test func xmlAndGitHubStyles() {
        #expect(SafeText.escape("<a href=\"x\">&'\u{1B}", style: .xml) == #"&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{1b}"#)
        #expect(SafeText.escape("::x ##[y]", style: .xml, lineStart: true) == "&#58;:x ##&#91;y]")
        #expect(SafeText.escape("50%\n::warning::x", style: .githubData) == #"50%25\n::warning::x"#)
        #expect(SafeText.escape("a:b,c%0A\r", style: .githubProperty) == #"a%3Ab%2Cc%250A\r"#)
    }

    @Test func escapingTwiceChangesNothing() {
        for s in ["::x\n\u{1B}[1m##[y]\u{202E}", "a\\nb", "\u{85}\t"] {
            let once = SafeText.escape(s, lineStart: true)
            #expect(SafeText.escape(once, lineStart: true) == once)
        }
    }
}
