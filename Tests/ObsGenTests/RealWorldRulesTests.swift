import Foundation
import Testing
import Yams
@testable import ObsGen

/// Every real-world rule file loads, renders back, passes promtool, and holds the same rules.
@Suite struct RealWorldRulesTests {
    static func ruleFiles() -> [String] {
        guard let dir = Env.sharedFile("corpus/realworld/rules") else { return [] }
        let e = FileManager.default.enumerator(atPath: dir.path)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            if p.hasSuffix(".yml") || p.hasSuffix(".yaml") { out.append(dir.appendingPathComponent(p).path) }
        }
        return out.sorted()
    }

    struct Summary: Hashable {
        var name: String
        var labels: [String: String]
        var annotations: [String: String]
        var expr: String
    }

    static func summaries(_ f: RuleFile) -> [Summary] {
        f.groups.flatMap { g in g.rules.map { r in
            let canonical = (try? PromQL.parse(r.expr, options: .allFeatures))?.description ?? r.expr
            switch r {
            case .alert(let a): return Summary(name: "\(g.name)/\(a.name)", labels: a.labels, annotations: a.annotations.all, expr: canonical)
            case .recording(let rr): return Summary(name: "\(g.name)/\(rr.record)", labels: rr.labels, annotations: [:], expr: canonical)
            }
        } }
    }

    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent")) func loadAndRenderBack() throws {
        _ = try Env.required("corpus/realworld/rules")
        let files = Self.ruleFiles()
        #expect(files.count > 200)
        let out = TempDir.make("obsgen-roundtrip")
        defer { try? FileManager.default.removeItem(at: out) }
        var ruleCount = 0
        var byFormat: [RuleFileFormat: Int] = [:]
        for (i, path) in files.enumerated() {
            let loaded = RuleFileLoader.load(path: path)
            for d in loaded.diagnostics where d.severity == .error {
                Issue.record("\(loaded.source.render(d))")
            }
            byFormat[loaded.format, default: 0] += 1
            let text = RuleFileRenderer.render(loaded.ruleFile, source: path)
            let target = out.appendingPathComponent("\(i).yml")
            try Data(text.utf8).write(to: target)
            // The rendered text holds the same rules.
            let again = RuleFileLoader.load(text: text, path: target.path)
            #expect(!again.hasErrors, "rendered \(path) does not load back")
            let before = Self.summaries(loaded.ruleFile)
            let after = Self.summaries(again.ruleFile)
            #expect(before == after, "rules changed in \(path)")
            ruleCount += before.count
            // Rendering is deterministic.
            #expect(RuleFileRenderer.render(again.ruleFile, source: path) == text)
        }
        print("round trip: \(files.count) files (\(byFormat.map { "\($0.key.rawValue): \($0.value)" }.sorted().joined(separator: ", "))), \(ruleCount) rules")
    }

    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent"),
          .enabled(if: Needs.tool("promtool"), "promtool is not installed (apt-get install prometheus)"))
    func renderedFilesPassPromtool() throws {
        _ = try Env.required("corpus/realworld/rules")
        let files = Self.ruleFiles()
        let out = TempDir.make("obsgen-roundtrip")
        defer { try? FileManager.default.removeItem(at: out) }
        var rendered: [String] = []
        for (i, path) in files.enumerated() {
            let target = out.appendingPathComponent("\(i).yml")
            try Data(RuleFileRenderer.render(RuleFileLoader.load(path: path).ruleFile, source: path).utf8).write(to: target)
            rendered.append(target.path)
        }
        // promtool 2.42 does not know every function current Prometheus has; judge only files
        // whose source promtool accepts.
        for chunk in stride(from: 0, to: rendered.count, by: 50) {
            let slice = Array(rendered[chunk..<min(rendered.count, chunk + 50)])
            let sources = slice.map { files[Int(URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent)!] }
            let original = try Tool.run("promtool", ["check", "rules"] + sources)
            let ours = try Tool.run("promtool", ["check", "rules"] + slice)
            if original.status == 0 {
                #expect(ours.status == 0, "promtool rejects rendered files: \(ours.output.suffix(2000))")
            }
        }
    }
}
