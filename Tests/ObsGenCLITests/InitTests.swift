import Foundation
import Testing

/// `obsgen init` scaffolds a package that builds, renders, passes promtool and lint.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "the obsgen executable is not built")) struct InitTests {
    @Test(.enabled(if: Needs.slowTests, "slow (builds a package): set OBSGEN_SLOW_TESTS=1"),
          .enabled(if: Needs.tool("promtool"), "promtool is not installed (apt-get install prometheus)"))
    func scaffoldBuildsRendersAndPasses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let created = try CLI.run(["init", dir.path, "--name", "acme-observability", "--obsgen-path", CLI.repositoryRoot.path])
        #expect(created.status == 0, "\(created.stderr)")
        for f in ["Package.swift", "Sources/Observability/Project.swift", "Sources/observability/main.swift", ".pre-commit-config.yaml",
                  ".github/workflows/observability.yml", "README.md", "obsgen.yml", "templates/runbook.md"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), "\(f) missing")
        }
        // Never overwrites.
        let again = try CLI.run(["init", dir.path, "--obsgen-path", CLI.repositoryRoot.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("refusing to overwrite"))

        let build = try EcosystemTests.sh("swift build 2>&1 | tail -20", in: dir)
        #expect(build.1.contains("Build complete"), "\(build.1)")
        guard build.1.contains("Build complete") else { return }
        let bin = "$(swift build --show-bin-path)/observability"
        let render = try EcosystemTests.sh("\(bin) render", in: dir)
        #expect(render.0 == 0, "\(render.1)")
        let lint = try EcosystemTests.sh("\(bin) lint", in: dir)
        #expect(lint.0 == 0, "\(lint.1)")
        let check = try EcosystemTests.sh("\(bin) render --check", in: dir)
        #expect(check.0 == 0, "\(check.1)")
        let promtool = try EcosystemTests.sh("promtool check rules rules/*.yml && promtool check config config/prometheus.yml", in: dir)
        #expect(promtool.0 == 0, "\(promtool.1)")
        let tests = try EcosystemTests.sh("\(bin) test", in: dir)
        #expect(tests.0 == 0, "\(tests.1)")
    }
}
