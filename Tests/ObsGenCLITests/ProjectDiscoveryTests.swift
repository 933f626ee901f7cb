import Foundation
import Testing

/// Which project `obsgen` acts on: the one obsgen.yml names, a built-in pack on request, and
/// nothing (exit 2, saying where it looked) elsewhere.
@Suite(.enabled(if: CLI.binary != nil, "the obsgen executable is not built")) struct ProjectDiscoveryTests {
    @Test func withoutAProjectCommandsExitTwoAndWriteNothing() throws {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["render"], ["render", "--check"], ["test"], ["lint"]] {
            let r = try CLI.run(args, cwd: dir)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("no obsgen.yml in \(dir.path)"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("obsgen init") && r.stderr.contains("--pack deployment"), "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "wrote into a folder with no project")
        // Existing files are linted anywhere.
        try Data("groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n".utf8).write(to: dir.appendingPathComponent("r.yml"))
        #expect(try CLI.run(["lint", "r.yml"], cwd: dir).status == 0)
        // The built-in pack, when asked for by name.
        let pack = try CLI.run(["render", "--pack", "deployment"], cwd: dir)
        #expect(pack.status == 0, "\(pack.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rules/deployment.yml").path))
        let unknown = try CLI.run(["render", "--pack", "nope"], cwd: dir)
        #expect(unknown.status == 2 && unknown.stderr.contains("no built-in pack \"nope\""))
    }

    @Test func obsgenYmlNamesTheProjectFromAnySubfolder() throws {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("project:\n  pack: deployment\n".utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
        let sub = dir.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let r = try CLI.run(["render"], cwd: sub)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rules/deployment.yml").path), "renders into the project's folder")
        #expect(!FileManager.default.fileExists(atPath: sub.appendingPathComponent("rules").path))
        #expect(try CLI.run(["render", "--check"], cwd: sub).status == 0)
        #expect(try CLI.run(["lint"], cwd: sub).status == 0)

        // A section that names no project, or two, is a located error.
        for (text, message) in [("project:\n  pack: deployment\n  product: x\n", "not both"),
                                ("project:\n  package: .\n", "needs \"product\""),
                                ("project:\n  pakc: deployment\n", "pakc"),
                                ("project:\n  pack: nope\n", "not a built-in pack")] {
            try Data(text.utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
            let bad = try CLI.run(["render", "--check"], cwd: sub)
            #expect(bad.status == 2, "\(text)")
            #expect(bad.stderr.contains("obsgen.yml:") && bad.stderr.contains(message), "\(text): \(bad.stderr)")
        }
        // A package with no Package.swift.
        try Data("project:\n  package: nowhere\n  product: x\n".utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
        let missing = try CLI.run(["render"], cwd: sub)
        #expect(missing.status == 2 && missing.stderr.contains("has no Package.swift"), "\(missing.stderr)")
    }
}
