import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `obsgen render` as a process, under the faults a user's machine has: links inside the output
/// folder, `kill -9` at any moment, a full disk, a read-only folder. The writer's every step is
/// covered by ObsGenTests' OutputTransactionTests; these check the command end to end.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "the obsgen executable is not built"))
struct RenderSafetyTests {
    /// Every file under a folder (path → contents), apart from `templates/`.
    static func snapshot(_ root: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return out }
        while let p = e.nextObject() as? String {
            if p == "templates" || p.hasPrefix("templates/") { continue }
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(p).path, isDirectory: &isDir)
            out[p] = isDir.boolValue ? Data("<dir>".utf8) : (FileManager.default.contents(atPath: root.appendingPathComponent(p).path) ?? Data("<unreadable>".utf8))
        }
        return out
    }

    /// The "old" render: the pack as it is. The "new" one: another runbook template (every
    /// runbook updated) and import envelopes (files created).
    static let newTemplate = "# {{alert}} (edited template)\n\n{{summary}}\n"
    static func renderOld(_ dir: URL) throws {
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("templates"))
        let r = try CLI.run(["render", "--pack", "deployment", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
    }
    static func prepareNew(_ dir: URL) throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try Data(newTemplate.utf8).write(to: dir.appendingPathComponent("templates/runbook.md"))
    }
    static let newArguments = ["--import-envelopes"]

    @Test func linksInsideTheOutputFolderAreRefused() throws {
        let dir = TempDir.make(), elsewhere = TempDir.make()
        defer { for d in [dir, elsewhere] { try? FileManager.default.removeItem(at: d) } }
        let fm = FileManager.default
        try Data("keep\n".utf8).write(to: elsewhere.appendingPathComponent("keep.yml"))
        try Data("TOP SECRET\n".utf8).write(to: elsewhere.appendingPathComponent("secret"))

        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("rules").path, withDestinationPath: elsewhere.path)
        let linkedFolder = try CLI.run(["render", "--pack", "deployment", "--out", dir.path])
        #expect(linkedFolder.status == 2)
        #expect(linkedFolder.stderr.contains("\(dir.path)/rules: is a symbolic link"), "\(linkedFolder.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: elsewhere.path).sorted() == ["keep.yml", "secret"], "wrote outside the output folder")

        // Stale-file removal through a linked folder named in the manifest.
        try fm.removeItem(at: dir.appendingPathComponent("rules"))
        try Self.renderOld(dir)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("linkdir").path, withDestinationPath: elsewhere.path)
        let manifest = dir.appendingPathComponent(".obsgen-manifest")
        try Data((try String(contentsOf: manifest, encoding: .utf8) + "linkdir/keep.yml\n").utf8).write(to: manifest)
        let removal = try CLI.run(["render", "--pack", "deployment", "--out", dir.path])
        #expect(removal.status == 2)
        #expect(fm.fileExists(atPath: elsewhere.appendingPathComponent("keep.yml").path), "removed a file outside the output folder")
        try fm.removeItem(at: dir.appendingPathComponent("linkdir"))

        // --check never reads through a link: the target's contents must not appear.
        let rules = dir.appendingPathComponent("rules/deployment.yml")
        try fm.removeItem(at: rules)
        try fm.createSymbolicLink(atPath: rules.path, withDestinationPath: elsewhere.appendingPathComponent("secret").path)
        let check = try CLI.run(["render", "--pack", "deployment", "--check", "--out", dir.path])
        #expect(check.status == 2)
        #expect(!check.stdout.contains("TOP SECRET") && !check.stderr.contains("TOP SECRET"))
        #expect(check.stderr.contains("rules/deployment.yml: is a symbolic link"))
        let render = try CLI.run(["render", "--pack", "deployment", "--out", dir.path])
        #expect(render.status == 2)
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("secret"), encoding: .utf8) == "TOP SECRET\n")
    }

    /// kill -9 at random moments of a render: afterwards `render --check` either says the tree is
    /// the new one (and it is, exactly), or reports it stale or interrupted; the next render
    /// always ends in exactly the new tree with no temporary files.
    @Test(.enabled(if: Needs.tool("timeout"), "coreutils' timeout is not installed"))
    func killedAtRandomMomentsTheTreeIsOldNewOrReported() throws {
        let reference = TempDir.make()
        defer { try? FileManager.default.removeItem(at: reference) }
        try Self.prepareNew(reference)
        #expect(try CLI.run(["render", "--pack", "deployment", "--out", reference.path] + Self.newArguments).status == 0)
        let new = Self.snapshot(reference)
        let binary = CLI.binary!.path
        // How long a render takes here, to spread the kills over it.
        let started = Date()
        try Self.renderOld(TempDir.make())
        let span = max(0.01, Date().timeIntervalSince(started) * 1.5)

        var generator = SystemRandomNumberGenerator()
        let runs = Env.slowTests ? 200 : 40
        var outcomes: [String: Int] = [:]
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<runs {
            try? FileManager.default.removeItem(at: dir)
            try Self.renderOld(dir)
            try Self.prepareNew(dir)
            let delay = String(format: "%.4f", Double.random(in: 0.0005...span, using: &generator))
            _ = try Tool.run("timeout", ["-s", "KILL", delay, binary, "render", "--pack", "deployment", "--out", dir.path] + Self.newArguments, env: ["NO_COLOR": "1"])
            let check = try CLI.run(["render", "--pack", "deployment", "--check", "--out", dir.path] + Self.newArguments)
            let after = Self.snapshot(dir)
            if check.status == 0 {
                #expect(after == new, "run \(i) (kill after \(delay) s): --check says up to date, but the tree differs")
                outcomes["finished", default: 0] += 1
            } else {
                #expect(check.status == 1, "run \(i): \(check.stderr)")
                outcomes[check.stderr.contains("interrupted") ? "interrupted, reported" : "stale (old tree)", default: 0] += 1
            }
            let render = try CLI.run(["render", "--pack", "deployment", "--out", dir.path] + Self.newArguments)
            #expect(render.status == 0, "run \(i): \(render.stderr)")
            #expect(Self.snapshot(dir) == new, "run \(i) (kill after \(delay) s): the next render did not end in the new tree")
        }
        print("kill -9 over \(runs) renders: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
    }

    /// Runs `body` with a fresh tmpfs of `size` mounted on a new folder; unmounts afterwards.
    static func withTmpfs(size: String, _ body: (URL) throws -> Void) throws {
        let mountPoint = TempDir.make("obsgen-tmpfs")
        defer { try? FileManager.default.removeItem(at: mountPoint) }
        let mounted = try Tool.run("mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mountPoint.path], timeout: 30)
        try #require(mounted.status == 0, "mount: \(mounted.output)")
        defer { _ = try? Tool.run("umount", ["-l", mountPoint.path], timeout: 30) }
        try body(mountPoint)
    }

    @Test(.enabled(if: Needs.mounting, "needs root and mount (tmpfs) for a full disk"))
    func aFullDiskLeavesTheTreeAsItWas() throws {
        try Self.withTmpfs(size: "2m") { disk in
            let dir = disk.appendingPathComponent("out")
            try Self.renderOld(dir)
            try Self.prepareNew(dir)
            let before = Self.snapshot(dir)
            // Fill the disk but for 48 KiB: the new render runs out of space half-way.
            var fs = statvfs()
            try #require(statvfs(disk.path, &fs) == 0)
            let free = Int(fs.f_bavail) * Int(fs.f_bsize)
            let filler = disk.appendingPathComponent("filler")
            FileManager.default.createFile(atPath: filler.path, contents: Data(count: max(0, free - 48 * 1024)))
            let r = try CLI.run(["render", "--pack", "deployment", "--out", dir.path] + Self.newArguments)
            #expect(r.status == 2)
            #expect(r.stderr.contains(dir.path) && r.stderr.contains("No space left on device"), "\(r.stderr)")
            #expect(!r.stderr.contains("Error Domain"), "raw error dump: \(r.stderr)")
            #expect(Self.snapshot(dir) == before, "a failed render changed the tree")
            // With space again, the render completes.
            try FileManager.default.removeItem(at: filler)
            #expect(try CLI.run(["render", "--pack", "deployment", "--out", dir.path] + Self.newArguments).status == 0)
            #expect(try CLI.run(["render", "--pack", "deployment", "--check", "--out", dir.path] + Self.newArguments).status == 0)
        }
    }

    @Test(.enabled(if: Needs.mounting, "needs root and mount (read-only bind) for a read-only folder"))
    func aReadOnlySubfolderLeavesTheTreeAsItWas() throws {
        try Self.withTmpfs(size: "8m") { disk in
            let dir = disk.appendingPathComponent("out")
            try Self.renderOld(dir)
            try Self.prepareNew(dir)
            let before = Self.snapshot(dir)
            let dashboards = dir.appendingPathComponent("dashboards").path
            try #require(try Tool.run("mount", ["--bind", dashboards, dashboards]).status == 0)
            defer { _ = try? Tool.run("umount", [dashboards]) }
            try #require(try Tool.run("mount", ["-o", "remount,bind,ro", dashboards]).status == 0)
            let r = try CLI.run(["render", "--pack", "deployment", "--out", dir.path] + Self.newArguments)
            #expect(r.status == 2)
            #expect(r.stderr.contains("\(dashboards)/") && r.stderr.contains("Read-only file system"), "\(r.stderr)")
            #expect(r.stderr.contains("nothing was changed"))
            #expect(Self.snapshot(dir) == before, "a failed render changed the tree")
        }
    }

    @Test func aHungProgramFailsItsTestWithinItsBound() throws {
        // A child that stays silent and a grandchild holding the output open: the runner still
        // returns at its bound, and records the time-out as a failure.
        let started = Date()
        var result: Tool.Result?
        withKnownIssue("the runner records a time-out") {
            result = try Tool.run("/bin/sh", ["-c", "sleep 60 & sleep 60"], timeout: 1)
        }
        #expect(result?.timedOut == true)
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
