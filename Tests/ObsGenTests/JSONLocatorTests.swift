import Foundation
import Testing
@testable import ObsGen

/// Finding a key path from an object's `{`, and offsets inside a decoded JSON string.
@Suite struct JSONLocatorTests {
    /// The text of a range of `text`.
    func slice(_ text: String, _ r: PositionRange?) -> String? {
        guard let r else { return nil }
        return String(decoding: Array(text.utf8)[r.start..<r.end], as: UTF8.self)
    }

    /// Key and value text of `path` in the object at `offset` (the text's first `{` by default).
    func located(_ text: String, _ path: [JSONLocator.Step], at offset: Int = 0) -> (key: String?, value: String)? {
        let source = SourceText(name: "t.json", text: text)
        guard let l = JSONLocator.locate(path, inObjectAt: offset, in: source) else { return nil }
        return (slice(text, l.key), slice(text, l.value)!)
    }

    @Test func nestedKeysAndIndices() throws {
        let text = #"{"id": 7, "fieldConfig": {"defaults": {"unit": "ms", "min": 0}, "overrides": []}, "targets": [{"expr": "a"}, {"refId": "B"}, {"expr": "sum(x)", "refId": "C"}], "gridPos": {"x": -3, "y": 0}}"#
        #expect(located(text, ["id"])! == ("\"id\"", "7"))
        #expect(located(text, ["fieldConfig", "defaults", "unit"])! == ("\"unit\"", "\"ms\""))
        #expect(located(text, ["fieldConfig", "defaults"])?.value == #"{"unit": "ms", "min": 0}"#)
        #expect(located(text, ["fieldConfig", "overrides"])?.value == "[]")
        #expect(located(text, ["targets", 2, "expr"])! == ("\"expr\"", "\"sum(x)\""))
        #expect(located(text, ["targets", 0, "expr"])?.value == "\"a\"")
        let element = try #require(located(text, ["targets", 1]))
        #expect(element.key == nil && element.value == #"{"refId": "B"}"#)
        #expect(located(text, ["gridPos", "x"])?.value == "-3")
    }

    @Test func missingKeysAndWrongSteps() {
        let text = #"{"a": {"b": 1}, "list": [1, 2], "s": "text"}"#
        #expect(located(text, ["missing"]) == nil)
        #expect(located(text, ["a", "c"]) == nil)
        #expect(located(text, ["list", 2]) == nil)                 // past the end
        #expect(located(text, ["targets", 1, "datasource"]) == nil)
        #expect(located(text, ["list", "x"]) == nil)               // a key of an array
        #expect(located(text, ["a", 0]) == nil)                    // an index of an object
        #expect(located(text, ["s", "x"]) == nil)                  // into a string
        #expect(located(text, []) == nil)
        #expect(located(text, ["a"], at: 1) == nil)                // not at a `{`
        #expect(located(text, ["a"], at: 10_000) == nil)
        #expect(located(#"{"a": }"#, ["b"]) == nil)                // not JSON: nil, no crash
        #expect(located(#"{"a": "unterminated"#, ["a"]) == nil)
        #expect(located("{}", ["a"]) == nil)
    }

    /// Strings holding brackets, quotes and backslashes, and nested values, are skipped whole.
    @Test func skipsStringsWithEscapesAndNestedValues() {
        let text = #"{"title": "a \"}\" b ]{ \\", "x": [1, {"y": "}"}, [[]], true, null, -1.5e3], "o": {"k": {"deep": ["}"]}}, "type": "graph"}"#
        #expect(located(text, ["type"])?.value == "\"graph\"")
        #expect(located(text, ["x", 1, "y"])?.value == "\"}\"")
        #expect(located(text, ["x", 3])?.value == "true")
        #expect(located(text, ["x", 4])?.value == "null")
        #expect(located(text, ["x", 5])?.value == "-1.5e3")
        #expect(located(text, ["o", "k", "deep", 0])?.value == "\"}\"")
        #expect(located(text, ["title"])?.value == #""a \"}\" b ]{ \\""#)
    }

    /// A key written with escapes is the key it reads as.
    @Test func escapedKeys() {
        let text = #"{"ty\u0070e": "graph", "a\"b": 1}"#
        #expect(located(text, ["type"])! == (#""ty\u0070e""#, "\"graph\""))
        #expect(located(text, ["a\"b"])?.value == "1")
    }

    /// Offsets are bytes: text of several bytes per character before the key.
    @Test func unicodeBeforeTheKey() throws {
        let text = "{\"title\": \"Ünïcödé ✓ 😀\", \"type\": \"stat\"}"
        let l = try #require(JSONLocator.locate(["type"], inObjectAt: 0, in: SourceText(name: "t", text: text)))
        #expect(slice(text, l.value) == "\"stat\"")
        #expect(l.key?.start == text.utf8.count - "\"type\": \"stat\"}".utf8.count)
    }

    /// JSONParser refuses a repeated key; the locator does not pick one of them either.
    @Test func duplicateKeysNameNothing() {
        let text = #"{"unit": "ms", "type": "x", "unit": "s"}"#
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse(text) }
        #expect(located(text, ["unit"]) == nil)
        #expect(located(text, ["type"])?.value == "\"x\"")
        // Repeated in a nested object: nothing there; elsewhere found.
        let nested = #"{"a": {"b": 1, "b": 2}, "c": 3}"#
        #expect(located(nested, ["a", "b"]) == nil)
        #expect(located(nested, ["c"])?.value == "3")
    }

    /// A minified dashboard on one line: panels found by the offsets the loader recorded, the
    /// columns those of the one line.
    @Test func oneLineMinifiedDashboard() throws {
        let text = #"{"uid":"d","title":"D","panels":[{"id":1,"type":"stat","title":"a","fieldConfig":{"defaults":{"unit":"ms"}}},{"type":"row","collapsed":true,"panels":[{"id":2,"type":"graph","targets":[{"expr":"up"},{"expr":"rate(x[5m])"}]}]}],"templating":{"list":[{"name":"v","type":"query","query":"label_values(up, job)","datasource":"prom"}]}}"#
        let l = DashboardLoader.load(text: text, path: "d.json")
        #expect(l.diagnostics.isEmpty)
        let panels = l.dashboard.allPanels
        #expect(panels.count == 2)
        let unit = try #require(JSONLocator.locate(["fieldConfig", "defaults", "unit"], inObjectAt: panels[0].offset!, in: l.source))
        let loc = l.source.location(of: unit.value.start)
        #expect(loc.line == 1 && loc.column == text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: "\"ms\"")!.lowerBound) + 1)
        #expect(slice(text, unit.value) == "\"ms\"" && slice(text, unit.key) == "\"unit\"")
        // A collapsed row's panel.
        #expect(slice(text, JSONLocator.locate(["targets", 1, "expr"], inObjectAt: panels[1].offset!, in: l.source)?.value) == "\"rate(x[5m])\"")
        let v = try #require(l.dashboard.variables?.first)
        #expect(slice(text, JSONLocator.locate(["datasource"], inObjectAt: v.offset!, in: l.source)?.value) == "\"prom\"")
    }

    /// Old dashboards' `rows[].panels[]` and import envelopes (`{"dashboard": …}`) have offsets too.
    @Test func rowsAndEnvelopesHaveOffsets() throws {
        let rows = #"{"title": "D", "rows": [{"title": "r", "panels": [{"id": 1, "type": "graph", "title": "old"}]}]}"#
        let l = DashboardLoader.load(text: rows, path: "d.json")
        let p = try #require(l.dashboard.allPanels.first)
        #expect(slice(rows, JSONLocator.locate(["title"], inObjectAt: p.offset!, in: l.source)?.value) == "\"old\"")
        let envelope = #"{"dashboard": {"title": "D", "panels": [{"id": 1, "type": "stat", "title": "wrapped"}], "templating": {"list": [{"name": "x", "type": "custom", "query": "a"}]}}}"#
        let e = DashboardLoader.load(text: envelope, path: "e.json")
        let q = try #require(e.dashboard.allPanels.first)
        #expect(slice(envelope, JSONLocator.locate(["title"], inObjectAt: q.offset!, in: e.source)?.value) == "\"wrapped\"")
        let v = try #require(e.dashboard.variables?.first)
        #expect(slice(envelope, JSONLocator.locate(["query"], inObjectAt: v.offset!, in: e.source)?.value) == "\"a\"")
    }

    /// A dashboard of 20,000 panels: locating in each panel reads that panel's bytes only (the
    /// search reads at most from the panel's `{` to its `}`), so all of them together read the
    /// file about once.
    @Test func twentyThousandPanelsAreLocatedInLinearWork() throws {
        let n = 20_000
        var text = "{\"uid\": \"big\", \"title\": \"Big\", \"panels\": [\n"
        for i in 0..<n {
            text += "  {\"id\": \(i), \"type\": \"timeseries\", \"title\": \"p\(i) \\\"q\\\"\", \"options\": {\"legend\": {\"calcs\": [\"a\", \"}\"]}}, "
            text += "\"targets\": [{\"refId\": \"A\", \"expr\": \"rate(x_\(i)_total[5m])\"}], \"fieldConfig\": {\"defaults\": {\"unit\": \"s\"}}}\(i + 1 < n ? "," : "")\n"
        }
        text += "]}\n"
        let l = DashboardLoader.load(text: text, path: "big.json")
        #expect(l.diagnostics.isEmpty)
        let panels = try #require(l.dashboard.panels)
        #expect(panels.count == n)
        var total = 0
        l.source.withUTF8 { b in
            for (i, p) in panels.enumerated() {
                let start = p.offset!
                let end = i + 1 < n ? panels[i + 1].offset! : b.count
                var scanned = 0
                let found = JSONLocator.locate(["targets", 0, "expr"], inObjectAt: start, in: b, scanned: &scanned)
                #expect(found != nil)
                #expect(scanned <= end - start, "panel \(i) read \(scanned) bytes, more than its \(end - start)")
                total += scanned
                if i == n - 1, let found {
                    #expect(String(decoding: b[found.value.start..<found.value.end], as: UTF8.self) == "\"rate(x_\(n - 1)_total[5m])\"")
                }
            }
        }
        #expect(total <= text.utf8.count)
    }

    /// A string with escapes: each byte of the decoded string maps to where it is written (an
    /// escape's bytes to the escape), the end to the closing quote.
    @Test func contentLocatorThroughEscapes() throws {
        let text = #"{"expr": "rate(x{job=\"a\\b\"}[5m]) \u00e9\n\ud83d\ude00 \/ y"}"#
        let source = SourceText(name: "t", text: text)
        let (value, _) = try JSONParser.parse(text)
        let decoded = try #require(value["expr"]?.stringValue)
        #expect(decoded == "rate(x{job=\"a\\b\"}[5m]) é\n😀 / y")
        let at = try #require(JSONLocator.locate(["expr"], inObjectAt: 0, in: source)).value
        let locator = try #require(JSONLocator.contentLocator(ofStringAt: at.start, in: source))
        #expect(locator.offsets?.count == decoded.utf8.count + 1)
        let file = Array(text.utf8), bytes = Array(decoded.utf8)
        func fileOffset(_ k: Int) -> Int { locator.fileOffset(k, in: decoded) }
        // Every byte not from an escape is itself in the file.
        for k in bytes.indices where bytes[k] < 0x80 && file[fileOffset(k)] != UInt8(ascii: "\\") {
            #expect(file[fileOffset(k)] == bytes[k], "byte \(k)")
        }
        let open = bytes.firstIndex(of: UInt8(ascii: "["))!
        #expect(fileOffset(open) == file.firstIndex(of: UInt8(ascii: "["))!)
        let quote = bytes.firstIndex(of: UInt8(ascii: "\""))!
        #expect(slice(text, PositionRange(start: fileOffset(quote), end: fileOffset(quote + 1))) == "\\\"")
        let e = decoded.utf8.count - "é\n😀 / y".utf8.count
        #expect(slice(text, PositionRange(start: fileOffset(e), end: fileOffset(e + 2))) == "\\u00e9")
        #expect(fileOffset(e + 1) == fileOffset(e))
        #expect(slice(text, PositionRange(start: fileOffset(e + 3), end: fileOffset(e + 7))) == "\\ud83d\\ude00")
        #expect(slice(text, PositionRange(start: fileOffset(bytes.count - 3), end: fileOffset(bytes.count - 2))) == "\\/")
        #expect(fileOffset(bytes.count) == at.end - 1)
        // The selector `x{job="a\b"}` as a range of the decoded string, and of the file.
        let r = PositionRange(start: 5, end: 17)
        #expect(String(decoding: bytes[r.start..<r.end], as: UTF8.self) == #"x{job="a\b"}"#)
        #expect(slice(text, locator.fileRange(r, in: decoded)) == #"x{job=\"a\\b\"}"#)
    }

    /// A string written as it reads maps by its start alone (no table per byte).
    @Test func verbatimStringNeedsNoTable() throws {
        let text = "{\"expr\": \"sum(rate(é_total[5m]))\"}"
        let source = SourceText(name: "t", text: text)
        let locator = try #require(JSONLocator.contentLocator(ofStringAt: 9, in: source))
        #expect(locator.offsets == nil && locator.lineStarts == nil && locator.start == 10)
        #expect(JSONLocator.contentLocator(ofStringAt: 8, in: source) == nil)   // not a string
    }

    /// Lone surrogates read as U+FFFD (three bytes), as JSONParser reads them.
    @Test func loneSurrogates() throws {
        let text = #"{"s": "a\ud800b\udc00c"}"#
        let (value, _) = try JSONParser.parse(text)
        let decoded = try #require(value["s"]?.stringValue)
        let locator = try #require(JSONLocator.contentLocator(ofStringAt: 6, in: SourceText(name: "t", text: text)))
        #expect(locator.offsets?.count == decoded.utf8.count + 1)
        let b = Array(decoded.utf8)
        #expect(slice(text, PositionRange(start: locator.fileOffset(b.count - 1, in: decoded), end: locator.fileOffset(b.count, in: decoded))) == "c")
    }

    /// A table of offsets is held as its jumps: every offset reads back the same, and a
    /// content offset past the end clamps to the end, on tables with runs, repeats (an escape's
    /// bytes) and jumps (a folded line break), including one entry and none.
    @Test func offsetTableHeldAsJumps() {
        var rng = SystemRandomNumberGenerator()
        var tables: [[Int]] = [[], [7], [3, 4, 5, 6], [10, 10, 10, 11, 20, 21, 21, 22]]
        for _ in 0..<200 {
            var t: [Int] = []
            var o = Int.random(in: 0..<50, using: &rng)
            for _ in 0..<Int.random(in: 1..<60, using: &rng) {
                t.append(o)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: break                                           // the same offset again
                case 1: o += Int.random(in: 2..<9, using: &rng)         // a jump forward
                default: o += 1                                         // the next byte
                }
            }
            tables.append(t)
        }
        for t in tables {
            let l = ContentLocator(offsets: t)
            if t.isEmpty {
                #expect(l.fileOffset(3, in: "abc") == 3)
                continue
            }
            #expect(l.offsets == t)
            for k in -2..<(t.count + 3) {
                #expect(l.fileOffset(k, in: "") == t[max(0, min(k, t.count - 1))], "\(t) at \(k)")
            }
        }
    }
}
