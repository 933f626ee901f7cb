import Foundation
import Testing
@testable import ObsGen
#if canImport(Glibc)
import Glibc
#endif

/// The output writer's guarantees, checked at every point a render can stop: after a crash the
/// tree is the old one or the new one, or `leftovers()` says it is neither and the next render
/// finishes the change; after a failed write the tree is exactly the old one.
@Suite struct OutputTransactionTests {
    /// Stops the file system at one operation, as a `kill -9` (`crash`: nothing after it happens,
    /// not even clean-up) or a full disk (`fail`: that operation fails, later ones work).
    final class FaultyFileSystem: OutputFileSystem {
        enum Mode { case crash, fail(Int32) }
        let real = PosixFileSystem()
        let mode: Mode
        let at: Int
        var count = 0
        var stopped = false

        init(at: Int, mode: Mode) { self.at = at; self.mode = mode }

        func change() throws(SystemError) {
            if stopped { throw SystemError(code: EIO) }
            defer { count += 1 }
            guard count == at else { return }
            switch mode {
            case .crash: stopped = true; throw SystemError(code: EIO)
            case .fail(let code): throw SystemError(code: code)
            }
        }

        func kind(_ path: String) -> FileKind { real.kind(path) }
        func read(_ path: String) throws(SystemError) -> [UInt8]? { try real.read(path) }
        func list(_ directory: String) -> [String] { real.list(directory) }
        func write(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(SystemError) { try change(); try real.write(path, bytes, mode: mode) }
        func makeDirectory(_ path: String) throws(SystemError) { try change(); try real.makeDirectory(path) }
        func rename(_ from: String, _ to: String) throws(SystemError) { try change(); try real.rename(from, to) }
        func remove(_ path: String) throws(SystemError) { try change(); try real.remove(path) }
        func removeDirectory(_ path: String) throws(SystemError) { try change(); try real.removeDirectory(path) }
    }

    static let old: [GeneratedFile] = [
        GeneratedFile(path: "rules/a.yml", contents: "old a\n"),
        GeneratedFile(path: "rules/gone.yml", contents: "removed by the new render\n"),
        GeneratedFile(path: "scripts/push.sh", contents: "#!/bin/sh\necho old\n"),
    ]
    static let new: [GeneratedFile] = [
        GeneratedFile(path: "rules/a.yml", contents: "new a\n"),
        GeneratedFile(path: "dashboards/deep/d.json", contents: "{}\n"),
        GeneratedFile(path: "scripts/push.sh", contents: "#!/bin/sh\necho new\n"),
    ]

    /// Every entry under a folder: path → contents ("<dir>" for folders).
    static func snapshot(_ root: URL) -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root.path) else { return out }
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: root.appendingPathComponent(p).path, isDirectory: &isDir)
            out[p] = isDir.boolValue ? "<dir>" : (try? String(contentsOf: root.appendingPathComponent(p), encoding: .utf8)) ?? "<unreadable>"
        }
        return out
    }

    /// The tree a clean render of `files` into an empty folder gives, with a user's own file.
    static func reference(_ files: [GeneratedFile]) throws -> [String: String] {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try seed(dir)
        try OutputWriter(root: dir).write(files)
        return snapshot(dir)
    }

    static func seed(_ dir: URL) throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: dir.appendingPathComponent("rules/handwritten.yml"))
    }

    /// How many file-system changes a render from the old tree to the new one makes.
    func operations() throws -> Int {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.seed(dir)
        try OutputWriter(root: dir).write(Self.old)
        let counter = FaultyFileSystem(at: -1, mode: .crash)
        try OutputWriter(root: dir, fileSystem: counter).write(Self.new)
        return counter.count
    }

    @Test func crashAtEveryStepLeavesOldNewOrAReportedLeftover() throws {
        let old = try Self.reference(Self.old), new = try Self.reference(Self.new)
        let steps = try operations()
        #expect(steps >= 10, "a render of this change makes \(steps) file-system changes")
        var sawOld = 0, sawLeftover = 0
        for n in 0..<steps {
            let dir = TempDir.make()
            defer { try? FileManager.default.removeItem(at: dir) }
            try Self.seed(dir)
            try OutputWriter(root: dir).write(Self.old)
            let crashing = FaultyFileSystem(at: n, mode: .crash)
            #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(root: dir, fileSystem: crashing).write(Self.new) }
            let after = Self.snapshot(dir)
            let leftovers = try OutputWriter(root: dir).leftovers()
            if leftovers.isEmpty {
                #expect(after == old || after == new, "crash at step \(n): neither tree and nothing reported")
                if after == old { sawOld += 1 }
            } else {
                sawLeftover += 1
                #expect(after != new, "crash at step \(n): leftovers reported on the finished tree")
            }
            // Whatever the crash left, the next render ends in exactly the new tree.
            try OutputWriter(root: dir).write(Self.new)
            #expect(Self.snapshot(dir) == new, "crash at step \(n): the next render did not repair the tree")
            #expect(try OutputWriter(root: dir).leftovers().isEmpty)
        }
        #expect(sawOld > 0 && sawLeftover > 0)
    }

    @Test func aFailedWriteLeavesTheOldTree() throws {
        let old = try Self.reference(Self.old)
        let steps = try operations()
        var failedBeforeCommit = 0
        for n in 0..<steps {
            let dir = TempDir.make()
            defer { try? FileManager.default.removeItem(at: dir) }
            try Self.seed(dir)
            try OutputWriter(root: dir).write(Self.old)
            do {
                try OutputWriter(root: dir, fileSystem: FaultyFileSystem(at: n, mode: .fail(ENOSPC))).write(Self.new)
                Issue.record("step \(n): no error")
            } catch {
                guard case .io(let path, let reason, let applied) = error else { Issue.record("step \(n): \(error)"); continue }
                #expect(path.hasPrefix(dir.path + "/") || path == dir.path, "\(path)")
                #expect(reason == String(cString: strerror(ENOSPC)))
                if !applied {
                    failedBeforeCommit += 1
                    #expect(Self.snapshot(dir) == old, "failure at step \(n) changed the tree: \(error)")
                    #expect(error.description.contains("nothing was changed"))
                }
            }
        }
        #expect(failedBeforeCommit >= 8)
    }

    @Test func linksInsideTheOutputTreeAreRefusedNotFollowed() throws {
        let dir = TempDir.make(), elsewhere = TempDir.make()
        defer { for d in [dir, elsewhere] { try? FileManager.default.removeItem(at: d) } }
        try Data("keep\n".utf8).write(to: elsewhere.appendingPathComponent("keep.yml"))
        try Data("secret\n".utf8).write(to: elsewhere.appendingPathComponent("secret"))
        let fm = FileManager.default

        // A linked folder on the way to a generated file.
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("rules").path, withDestinationPath: elsewhere.path)
        #expect(throws: OutputWriter.WriteError.link(dir.appendingPathComponent("rules").path, target: elsewhere.path)) {
            try OutputWriter(root: dir).write(Self.new)
        }
        #expect(try fm.contentsOfDirectory(atPath: elsewhere.path).sorted() == ["keep.yml", "secret"])

        // A manifest naming a file behind a linked folder: not removed.
        try fm.removeItem(at: dir.appendingPathComponent("rules"))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("linkdir").path, withDestinationPath: elsewhere.path)
        try Data("# Files generated by obsgen render\nlinkdir/keep.yml\n".utf8).write(to: dir.appendingPathComponent(".obsgen-manifest"))
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(root: dir).write(Self.new) }
        #expect(fm.fileExists(atPath: elsewhere.appendingPathComponent("keep.yml").path))

        // A generated file replaced by a link: neither read (for --check) nor replaced.
        try fm.removeItem(at: dir.appendingPathComponent("linkdir"))
        try fm.removeItem(at: dir.appendingPathComponent(".obsgen-manifest"))
        try OutputWriter(root: dir).write(Self.new)
        try fm.removeItem(at: dir.appendingPathComponent("rules/a.yml"))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("rules/a.yml").path, withDestinationPath: elsewhere.appendingPathComponent("secret").path)
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(root: dir).plan(Self.new) }
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter(root: dir).write(Self.new) }
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("secret"), encoding: .utf8) == "secret\n")

        // The output folder itself may be a link: it is resolved once, to the real folder.
        let link = elsewhere.appendingPathComponent("out-link")
        let real = TempDir.make()
        defer { try? fm.removeItem(at: real) }
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        try OutputWriter(root: link).write(Self.new)
        #expect(fm.fileExists(atPath: real.appendingPathComponent("rules/a.yml").path))
    }

    @Test func temporaryFilesOfEarlierRendersAreRemovedAndReported() throws {
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputWriter(root: dir).write(Self.new)
        // The naming of earlier versions (`.NAME.obsgen-PID.tmp`) and of this one.
        for name in ["rules/.a.yml.obsgen-4242.tmp", "dashboards/deep/.d.json.obsgen-tmp"] {
            try Data("partial".utf8).write(to: dir.appendingPathComponent(name))
        }
        try Data("mine".utf8).write(to: dir.appendingPathComponent("rules/.notes.tmp"))
        let writer = OutputWriter(root: dir)
        #expect(try writer.leftovers().count == 2)
        #expect(try writer.plan(Self.new).isEmpty)
        #expect(try writer.recover() == .rolledBack(2))
        #expect(try writer.leftovers().isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rules/.notes.tmp").path), "a file obsgen did not write was removed")
    }

    @Test func journalRoundTripsAndRefusesPathsOutsideTheFolder() throws {
        var j = OutputWriter.Journal()
        j.committed = true
        j.directories = ["a", "a/b"]
        j.writes = ["a/b/c.yml", ".obsgen-manifest"]
        j.removals = ["old.yml"]
        #expect(OutputWriter.Journal(text: j.text) == j)
        #expect(OutputWriter.Journal(text: "state maybe\n") == nil)
        let dir = TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("state committed\nremove ../../etc/passwd\n".utf8).write(to: dir.appendingPathComponent(".obsgen-journal"))
        #expect(throws: OutputWriter.WriteError.outsideRoot("../../etc/passwd")) { try OutputWriter(root: dir).recover() }
    }
}
