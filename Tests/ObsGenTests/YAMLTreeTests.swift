import Foundation
import Testing
@testable import ObsGen
import PromQL

/// The YAML tree read through libyaml's events: positions, and a large rule file read in
/// parallel pieces giving the very tree of reading it whole.
@Suite struct YAMLTreeTests {
    /// Every node, depth first: kind, style, offset, line, column, value, tag.
    static func dump(_ node: YNode, into out: inout [String]) {
        out.append("\(node.kind) \(node.style) \(node.offset) \(node.line):\(node.column) \(node.string ?? "") \(node.tag ?? "")")
        for (k, v) in node.pairs {
            dump(k, into: &out)
            dump(v, into: &out)
        }
        for item in node.items { dump(item, into: &out) }
    }

    static func dump(_ tree: YAMLTree) -> [String] {
        var out: [String] = []
        if let root = tree.rootNode { dump(root, into: &out) }
        out.append("bad merges: \(tree.badMerges.count)")
        return out
    }

    /// A rule file of many groups, with what makes positions hard: non-ASCII text, CRLF line
    /// breaks, block scalars, flow collections, comments, merge keys within a group.
    static func largeRuleFile(groups: Int, indent: String, crlf: Bool) -> String {
        var s = "# generated\ngroups:\n"
        for g in 0..<groups {
            s += """
            \(indent)- name: group-\(g)-ü
            \(indent)  interval: 1m
            \(indent)  rules:
            \(indent)    - alert: Alert\(g)Ünïcode
            \(indent)      expr: |
            \(indent)        sum by (job) (rate(x_total{a="é"}[5m]))
            \(indent)          > 1
            \(indent)      labels: {severity: "warning", team: 'ops'}
            \(indent)      annotations:
            \(indent)        summary: "Summary of \(g) — {{ $labels.job }}"
            # a comment
            \(indent)    - record: job:x:rate5m_\(g)
            \(indent)      expr: >-
            \(indent)        sum(rate(x[5m]))

            \(indent)    - <<: &d\(g) {alert: Merged\(g)}
            \(indent)      expr: up == 0

            """
        }
        return crlf ? s.replacingOccurrences(of: "\n", with: "\r\n") : s
    }

    @Test(arguments: [("  ", false), ("", false), ("    ", true)])
    func aLargeFileReadInPiecesIsTheFileReadWhole(indent: String, crlf: Bool) throws {
        let text = Self.largeRuleFile(groups: 1500, indent: indent, crlf: crlf)
        let bytes = Array(text.utf8)
        #expect(bytes.count >= YAMLTree.chunkedMinimum)
        let cuts = try #require(YAMLTree.cutPoints(bytes))
        #expect(cuts.count > 1)
        let pieces = try #require(YAMLTree.parseInChunks(bytes))
        let whole = try YAMLTree.parseWhole(bytes)
        #expect(Self.dump(pieces) == Self.dump(whole))
        // And the loader's view: the same rules at the same places.
        let source = SourceText(name: "big.yml", text: text)
        let l = RuleFileLoader.load(source: source)
        #expect(l.ruleFile.groups.count == 1500)
        #expect(l.diagnostics.isEmpty)
    }

    @Test func aFileOfAnotherShapeIsReadWhole() {
        // Another top-level key after the groups, a document marker, an alias across groups:
        // never cut (or cut and then read whole).
        var other = Self.largeRuleFile(groups: 1500, indent: "  ", crlf: false)
        other += "other: 1\n"
        #expect(YAMLTree.cutPoints(Array(other.utf8)) == nil)
        var aliased = "groups:\n  - name: a\n    labels: &l {x: y}\n    rules: []\n"
        aliased += Self.largeRuleFile(groups: 1500, indent: "  ", crlf: false).replacingOccurrences(of: "# generated\ngroups:\n", with: "")
        aliased += "  - name: last\n    labels: *l\n    rules: []\n"
        let bytes = Array(aliased.utf8)
        #expect(YAMLTree.cutPoints(bytes) != nil)
        #expect(YAMLTree.parseInChunks(bytes) == nil)
        #expect(throws: Never.self) { try YAMLTree.parse(bytes) }
    }

    @Test func errorsInALargeFileAreThoseOfReadingItWhole() {
        var text = Self.largeRuleFile(groups: 1500, indent: "  ", crlf: false)
        text += "  - name: broken\n    rules: [\n"
        let bytes = Array(text.utf8)
        var whole: YAMLTree.Failure?
        do { _ = try YAMLTree.parseWhole(bytes) } catch { whole = error }
        var viaParse: YAMLTree.Failure?
        do { _ = try YAMLTree.parse(bytes) } catch { viaParse = error }
        #expect(whole != nil)
        #expect(whole?.message == viaParse?.message)
        #expect(whole?.offset == viaParse?.offset)
    }
}

/// Text libyaml's reader would pass through unchanged goes to its scanner directly: the same
/// trees, positions and errors as through the reader, on the real-world rule files, awkward
/// text, and text the reader refuses.
@Suite struct YAMLReaderBypassTests {
    static func outcome(_ bytes: [UInt8], throughReader: Bool) -> [String] {
        bytes.withUnsafeBufferPointer { b in
            do throws(YAMLTree.Failure) {
                return YAMLTreeTests.dump(try YAMLTree.parseWhole(b, throughReader: throughReader))
            } catch {
                return ["error at \(error.offset): \(error.message)"]
            }
        }
    }

    static func same(_ text: [UInt8]) -> Bool {
        outcome(text, throughReader: false) == outcome(text, throughReader: true)
    }

    @Test func awkwardText() {
        let texts: [String] = [
            "", "a", "a: b", "\u{FEFF}a: b\n", "a: \"é😀\u{85}x\"\n", "a: |\n  x\r\n  y\n", "a: [1, 2", "a: b\n  c: d\n", "- a\n-b\n: c",
            "a: 'x\n  y'\n", "k: v # comment\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "x\u{2028}y: 1\n", "a: \u{FFFD}\n",
        ]
        for t in texts { #expect(Self.same(Array(t.utf8)), "\(t.debugDescription)") }
        // What the reader refuses (control characters, NUL, malformed UTF-8, U+FFFE): read by
        // the reader, which says where.
        let refused: [[UInt8]] = [[0x61, 0x3A, 0x20, 0x01], [0x61, 0x00, 0x62], [0x61, 0x3A, 0x20, 0xC3], [0x61, 0xC0, 0x80],
                                  [0x61, 0xED, 0xA0, 0x80], [0x61, 0xEF, 0xBF, 0xBE], [0x61, 0x7F], [0x61, 0xC2, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]]
        for b in refused {
            #expect(b.withUnsafeBufferPointer { YAMLTree.readerWouldPass($0) } == nil, "\(b)")
            #expect(Self.same(b), "\(b)")
        }
        #expect(Array("aé😀\u{85}".utf8).withUnsafeBufferPointer { YAMLTree.readerWouldPass($0) } == 4)
    }

    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent"))
    func realWorldRuleFiles() throws {
        _ = try Env.required("corpus/realworld/rules")
        let files = RealWorldRulesTests.ruleFiles()
        #expect(files.count > 200)
        for path in files {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(Self.same(bytes), "\(path)")
        }
    }
}
