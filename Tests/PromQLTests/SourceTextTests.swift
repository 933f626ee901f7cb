import Testing
@testable import PromQL

/// Line and column of byte offsets, and the source line shown under a diagnostic.
@Suite struct SourceTextTests {
    /// A byte order mark is invisible in an editor: the first line's columns and the line shown
    /// are those of the text after it, as if it were not there.
    @Test func byteOrderMarkIsNotAColumn() {
        let line = "groups: [{name: g, rules: [{alert: A, expr: \"rate(up[5m) == 0\"}]}]"
        let plain = SourceText(name: "a.yml", text: line + "\r\n"), marked = SourceText(name: "b.yml", text: "\u{FEFF}" + line + "\r\n")
        let at = Array(line.utf8).firstIndex(of: UInt8(ascii: ")"))!
        #expect(plain.location(of: at) == SourceLocation(line: 1, column: at + 1))
        #expect(marked.location(of: at + 3) == SourceLocation(line: 1, column: at + 1))
        // The mark itself is at column 1.
        #expect(marked.location(of: 0) == SourceLocation(line: 1, column: 1))
        #expect(marked.line(1) == line && plain.line(1) == line)
        let d = Diagnostic(id: "promql/syntax", message: "m", range: PositionRange(start: at, end: at + 1))
        var moved = d
        moved.range = PositionRange(start: at + 3, end: at + 4)
        #expect(marked.render(moved).replacingOccurrences(of: "b.yml", with: "a.yml") == plain.render(d))
        // A text that is only the mark, and the lines after the first, are as before.
        #expect(SourceText(name: "c", text: "\u{FEFF}").line(1) == "")
        let two = SourceText(name: "d", text: "\u{FEFF}a\nbc\n")
        #expect(two.location(of: 6) == SourceLocation(line: 2, column: 2) && two.line(2) == "bc")
    }
}
