import Foundation
import Testing
@testable import ObsGen

/// `obsgen fmt` on every real-world rule file: same rules, same comment lines, a fixed point,
/// and promtool accepts the result.
@Suite struct RealWorldFormatTests {
    /// Lines whose first character other than a blank is `#`.
    static func commentLines(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("#") }.count
    }

    struct Formatted {
        var path: String
        var original: String
        var formatted: String
    }

    static func formatCorpus() throws -> [Formatted] {
        var out: [Formatted] = []
        for path in RealWorldRulesTests.ruleFiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let r = RuleFileFormatter.format(text: text, path: path)
            guard let f = r.formatted else {
                Issue.record("\(path) is not formatted: \(r.diagnostics.map { r.source.render($0) }.joined())")
                continue
            }
            out.append(Formatted(path: path, original: text, formatted: f))
        }
        return out
    }

    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent"))
    func sameRulesSameCommentsFixedPoint() throws {
        _ = try Env.required("corpus/realworld/rules")
        let files = try Self.formatCorpus()
        #expect(files.count > 200)
        var commentsBefore = 0, commentsAfter = 0, changed = 0
        for f in files {
            let before = RuleFileLoader.load(text: f.original, path: f.path), after = RuleFileLoader.load(text: f.formatted, path: f.path)
            #expect(!after.hasErrors, "\(f.path) does not load once formatted")
            #expect(RealWorldRulesTests.summaries(before.ruleFile) == RealWorldRulesTests.summaries(after.ruleFile), "rules changed in \(f.path)")
            #expect(before.ruleFile.groups.map(\.interval) == after.ruleFile.groups.map(\.interval))
            #expect(Self.commentLines(f.original) == Self.commentLines(f.formatted), "comment lines changed in \(f.path)")
            commentsBefore += Self.commentLines(f.original)
            commentsAfter += Self.commentLines(f.formatted)
            if f.formatted != f.original { changed += 1 }
            #expect(RuleFileFormatter.format(text: f.formatted, path: f.path).formatted == f.formatted, "\(f.path): formatting twice changes it again")
            #expect(f.formatted.hasSuffix("\n") && !f.formatted.hasSuffix("\n\n"))
        }
        print("fmt: \(files.count) files, \(changed) changed, comment lines \(commentsBefore) → \(commentsAfter)")
    }

    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent"),
          .enabled(if: Needs.tool("promtool"), "promtool is not installed (apt-get install prometheus)"))
    func formattedFilesPassPromtool() throws {
        _ = try Env.required("corpus/realworld/rules")
        let dir = TempDir.make("obsgen-fmt-corpus")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Plain and Thanos files (promtool does not read PrometheusRule resources), judged only
        // when promtool accepts the original.
        var originals: [String] = [], formatted: [String] = []
        for (i, f) in try Self.formatCorpus().enumerated() where RuleFileLoader.load(text: f.original, path: f.path).format != .prometheusRule {
            let target = dir.appendingPathComponent("\(i).yml")
            try Data(f.formatted.utf8).write(to: target)
            originals.append(f.path)
            formatted.append(target.path)
        }
        let before = try Tool.run("promtool", ["check", "rules", "--lint=none"] + originals)
        try #require(before.status == 0, "promtool rejects original files: \(before.output.suffix(2000))")
        let after = try Tool.run("promtool", ["check", "rules", "--lint=none"] + formatted)
        #expect(after.status == 0, "promtool rejects formatted files: \(after.output.suffix(3000))")
        print("fmt: promtool accepts \(formatted.count) formatted files")
    }

    /// Every real-world file written four spaces deep (mappings, lists, block scalars, flow
    /// collections' continuation lines, comments) formats to exactly what the file itself
    /// formats to: the re-indentation reads every layout of the corpus, and where comments go
    /// does not depend on the depth they were written at.
    @Test(.enabled(if: Needs.shared("corpus/realworld/rules"), "../shared/corpus/realworld/rules is absent"))
    func fourSpacesDeepFormatsTheSame() throws {
        _ = try Env.required("corpus/realworld/rules")
        var deepened = 0
        for f in try Self.formatCorpus() {
            let deep = try #require(Indentation.apply(f.original, path: f.path, indentLists: true, width: 4))
            #expect(deep != f.original, "\(f.path): the re-indentation does not read its layout")
            guard deep != f.original else { continue }
            deepened += 1
            #expect(RuleFileLoader.load(text: deep, path: f.path).ruleFile.groups.count == RuleFileLoader.load(text: f.original, path: f.path).ruleFile.groups.count)
            #expect(Self.commentLines(deep) == Self.commentLines(f.original))
            let r = RuleFileFormatter.format(text: deep, path: f.path)
            #expect(r.formatted == f.formatted, "\(f.path): four spaces deep, it formats differently\n\(r.diagnostics.map { r.source.render($0) }.joined())")
        }
        print("fmt: \(deepened) files written four spaces deep format as the originals do")
    }
}
