import Foundation
import Testing
@testable import ObsLint

/// Every check's own examples: each triggering example yields a finding of the check (where
/// its `↓` points), each non-triggering one none. Linted with the example catalog unless the
/// example says otherwise.
@Suite struct CheckExampleTests {
    static var allChecks: [String] { Linter.allChecks.map { $0.description.id } }
    /// The time the online examples are linted at.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func lint(_ example: Example) -> (LintContext, [Finding], marker: (path: String, offset: Int)?) {
        var texts: [(String, String)] = []
        var marker: (String, Int)?
        func add(_ e: Example, _ i: Int) {
            let ext = e.kind == .dashboard ? "json" : "yml"
            let path = "example\(i).\(ext)"
            var text = e.text
            if let r = text.range(of: "↓") {
                marker = (path, text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound.samePosition(in: text.utf8)!))
                text.removeSubrange(r)
            }
            texts.append((path, text))
        }
        add(example, 0)
        for (i, c) in example.companions.enumerated() { add(c, i + 1) }
        var catalog = example.withoutCatalog ? [] : Example.catalog
        var config: ObsgenConfigFile?
        if let text = example.obsgenConfig {
            let c = ObsgenConfigFile.parse(text: text, path: "obsgen.yml")
            #expect(c.diagnostics.isEmpty, "the example's obsgen.yml: \(c.diagnostics.map(\.message))")
            catalog = c.metrics
            config = c
        }
        var ctx = Linter.context(texts: texts, catalog: catalog)
        if let config { ctx.declarationFiles["obsgen.yml"] = LintFile(path: "obsgen.yml", kind: .unknown, source: config.source) }
        if let fixture = example.server {
            do {
                ctx.server = try ServerFacts.gather(for: ctx, from: MemorySeriesSource(fixture), now: Self.now)
            } catch {
                Issue.record("gathering the example's server facts: \(error)")
            }
        }
        return (ctx, Linter.run(ctx), marker)
    }

    @Test(arguments: allChecks)
    func examples(id: String) throws {
        let d = try #require(Linter.description(of: id))
        #expect(!d.triggering.isEmpty, "\(id) has no triggering example")
        #expect(!d.nonTriggering.isEmpty, "\(id) has no non-triggering example")
        #expect(id.split(separator: "/").count == 2)
        for e in d.triggering {
            let (_, findings, marker) = Self.lint(e)
            let mine = findings.filter { $0.check == id }
            #expect(!mine.isEmpty, "\(id) did not trigger on:\n\(e.text)\nall findings: \(findings.map { "\($0.check): \($0.message)" })")
            if let marker, !mine.isEmpty {
                #expect(mine.contains { $0.file == marker.path && $0.range.start == marker.offset },
                        "\(id) points at \(mine.map { "\($0.file):\($0.range.start)" }) not \(marker.path):\(marker.offset) in:\n\(e.text)")
            }
        }
        for e in d.nonTriggering {
            let (_, findings, _) = Self.lint(e)
            let mine = findings.filter { $0.check == id }
            #expect(mine.isEmpty, "\(id) triggered on a non-triggering example:\n\(e.text)\n\(mine.map(\.message))")
        }
    }

    @Test func everyCheckFileIsRegisteredAndIdsAreUnique() throws {
        let ids = Self.allChecks
        #expect(Set(ids).count == ids.count)
        let checksDir = Env.repositoryRoot.appendingPathComponent("Sources/ObsLint/Checks")
        let e = FileManager.default.enumerator(atPath: checksDir.path)
        var files: [String] = []
        while let f = e?.nextObject() as? String { if f.hasSuffix(".swift") { files.append(f) } }
        #expect(files.count == ids.count, "files under Checks/: \(files.count), registered checks: \(ids.count)")
        for f in files {
            let area = String(f.split(separator: "/").first!)
            #expect(ids.contains { $0.hasPrefix(area + "/") || (area == "rules" && $0 == "group/interval") }, "\(f) is in an area with no registered check")
        }
    }
}
