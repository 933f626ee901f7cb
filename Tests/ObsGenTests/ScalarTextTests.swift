import Foundation
import Testing
@testable import ObsGen

/// A scalar's end and its content locator are found by walking its content against the text,
/// without the table of every byte's offset: both must agree with that table, on every scalar of
/// the real-world rule files and on scalars written in every awkward way.
@Suite struct ScalarTextTests {
    static func scalars(_ node: YNode, into out: inout [YNode]) {
        if node.isScalar { out.append(node); return }
        for item in node.items { scalars(item, into: &out) }
        for (k, v) in node.pairs {
            scalars(k, into: &out)
            scalars(v, into: &out)
        }
    }

    /// Every scalar of `text`: its end and its locator against the full table.
    static func check(_ text: String, name: String) -> Int {
        let source = SourceText(name: name, text: text)
        let y = YAMLSource(source: source)
        guard let root = y.root else { return 0 }
        var nodes: [YNode] = []
        scalars(root, into: &nodes)
        var checked = 0
        source.withUTF8 { b in
            for node in nodes {
                let content = node.string ?? ""
                let table = ScalarText.contentOffsets(content, style: node.style, at: node.offset, in: b)
                #expect(ScalarText.contentEnd(content, style: node.style, at: node.offset, in: b) == table.last, "\(name) at \(node.offset)")
                let locator = ScalarText.contentLocator(content, style: node.style, at: node.offset, in: b)
                #expect(locator.offsets == table, "\(name) at \(node.offset)")
                checked += 1
            }
        }
        return checked
    }

    @Test func awkwardScalars() {
        let text = """
            a: "escaped \\" quote, \\u00e9 and \\
              a folded \\t line"
            b: 'doubled '' quote
              and a folded line'
            c: plain text
              over two lines
            d: |
              literal
                indented
            e: >-
              folded
              block

              with a blank line
            f: !!str &anchor tagged
            g: "é😀"
            """
        #expect(Self.check(text, name: "awkward") == 14)
    }

    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent"))
    func everyScalarOfTheRealWorldRules() throws {
        _ = try Env.required("corpus/realworld/rules")
        var checked = 0
        for path in RealWorldRulesTests.ruleFiles() {
            checked += Self.check(try String(contentsOfFile: path, encoding: .utf8), name: path)
        }
        #expect(checked > 10_000)
    }
}
