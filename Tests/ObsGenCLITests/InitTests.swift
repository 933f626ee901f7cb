import Foundation
import Testing

/// The loop of a team's repository, as the README shows it: `obsgen init`, then `obsgen render`,
/// `lint`, `test` run by the `obsgen` on PATH in the scaffolded package, and its pre-commit hooks.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "the obsgen executable is not built")) struct InitTests {
    /// The README's loop, between its `the-loop` markers.
    static func readmeLoop() throws -> String {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- the-loop"))
        let end = try #require(readme.range(of: "<!-- /the-loop -->"))
        return readme[start.upperBound..<end.lowerBound].split(separator: "\n").dropFirst()
            .filter { !$0.hasPrefix("```") }.joined(separator: "\n")
    }

    @Test(.enabled(if: Needs.slowTests, "slow (builds a package): set OBSGEN_SLOW_TESTS=1"),
          .enabled(if: Needs.tool("promtool", "pre-commit", "git"), "promtool, pre-commit or git is not installed (apt-get install prometheus; pip install pre-commit)"))
    func theReadmeLoopWorksInANewRepository() throws {
        let dir = TempDir.make("obsgen-init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = "\(CLI.binary!.deletingLastPathComponent().path):\(ProcessInfo.processInfo.environment["PATH"] ?? "")"
        let env = ["PATH": path, "PRE_COMMIT_HOME": dir.appendingPathComponent(".pre-commit-cache").path]
        let loop = try Self.readmeLoop()
        #expect(loop.contains("obsgen init") && loop.contains("pre-commit install"))
        let run = try Tool.sh("set -euo pipefail\n" + loop, in: dir, env: env, timeout: 1200)
        #expect(run.status == 0, "the README's loop failed:\n\(run.output.suffix(4000))")
        guard run.status == 0 else { return }
        let project = dir.appendingPathComponent("my-observability")

        // Offline: the package depends on this checkout by path.
        let manifest = try String(contentsOf: project.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(".package(path: \"\(CLI.repositoryRoot.standardizedFileURL.path)\")"), "\(manifest)")
        // No two paths differ only by case (they would collide on a case-insensitive disk).
        let files = try Tool.sh("git ls-files", in: project).stdout.split(separator: "\n").map(String.init)
        let folded = Dictionary(grouping: files.flatMap { f in
            f.split(separator: "/").indices.map { f.split(separator: "/")[...$0].joined(separator: "/") }
        }, by: { $0.lowercased() }).filter { Set($0.value).count > 1 }
        #expect(folded.isEmpty, "paths that differ only by case: \(folded.values)")
        for f in ["rules/service.yml", "config/prometheus.yml", "dashboards/service-overview.json", "obsgen.yml", ".pre-commit-config.yaml"] {
            #expect(files.contains(f), "\(f) is not in the first commit")
        }

        // A second run with nothing changed does not rebuild.
        let started = Date()
        let again = try Tool.sh("obsgen render --check", in: project, env: env)
        let seconds = Date().timeIntervalSince(started)
        #expect(again.status == 0, "\(again.output)")
        #expect(!again.output.contains("Compiling"), "\(again.output)")
        print("obsgen render --check on the scaffold, nothing changed: \(String(format: "%.2f", seconds)) s")
        // From a subfolder, the same project; rendered files land in the project's folder.
        let sub = try Tool.sh("obsgen render --check", in: project.appendingPathComponent("Sources"), env: env)
        #expect(sub.status == 0, "\(sub.output)")
        #expect(try Tool.sh("promtool check rules rules/*.yml && promtool check config config/prometheus.yml", in: project).status == 0)

        // pre-commit refuses a commit whose rendered files are stale.
        let source = project.appendingPathComponent("Sources/Observability/Project.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        try Data(text.replacingOccurrences(of: ".critical(above: 0.05)", with: ".critical(above: 0.06)").utf8).write(to: source)
        let stale = try Tool.sh("git add -A && git commit -qm 'raise the threshold'", in: project, env: env)
        #expect(stale.status != 0, "a stale render must be refused:\n\(stale.output)")
        #expect(stale.output.contains("stale"), "\(stale.output)")
        let fixed = try Tool.sh("obsgen render && git add -A && git commit -qm 'raise the threshold'", in: project, env: env)
        #expect(fixed.status == 0, "\(fixed.output)")

        // Never overwrites.
        let twice = try CLI.run(["init", project.path])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("refusing to overwrite"))
    }
}
