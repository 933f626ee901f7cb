/// Test helpers shared by every test target: where the shared corpora are, running tools with a
/// time bound, temporary folders, and the conditions under which a test runs.
///
/// A test that needs something it cannot find is *skipped* by the runner, with the reason:
///
///     @Test(.enabled(if: Needs.tool("promtool"), "promtool is not installed (apt-get install prometheus)"))
///
/// Under `OBSGEN_REQUIRE_TOOLS=1` (as in CI) every `Needs` condition is true, so such a test
/// runs and fails loudly where the thing is missing. Tests that are slow by nature run under
/// `OBSGEN_SLOW_TESTS=1` (`Needs.slowTests`).
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Where the shared corpora live (`../shared` beside the repository) and what the environment asks.
public enum Env {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let shared: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    public static var requireTools: Bool { ProcessInfo.processInfo.environment["OBSGEN_REQUIRE_TOOLS"] == "1" }
    public static var slowTests: Bool { ProcessInfo.processInfo.environment["OBSGEN_SLOW_TESTS"] == "1" }

    public static func sharedFile(_ path: String) -> URL? {
        let url = shared.appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The shared file, or a recorded failure naming it (for tests that `Needs.shared` enabled
    /// under `OBSGEN_REQUIRE_TOOLS=1` although it is absent).
    public static func required(_ path: String) throws -> URL {
        if let url = sharedFile(path) { return url }
        throw Missing(what: "../shared/\(path)")
    }

    public static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }
    }
}

/// Something a test needs is not there.
public struct Missing: Error, CustomStringConvertible {
    public var what: String
    public init(what: String) { self.what = what }
    public var description: String { "\(what) is required but missing" }
}

/// Conditions for `.enabled(if:)`: true when the thing is there, and always true under
/// `OBSGEN_REQUIRE_TOOLS=1`, so that a missing tool fails the run instead of skipping.
public enum Needs {
    public static func tool(_ names: String...) -> Bool {
        Env.requireTools || names.allSatisfy { Tool.path($0) != nil }
    }

    public static func shared(_ path: String) -> Bool {
        Env.requireTools || Env.sharedFile(path) != nil
    }

    /// A Python module importable by `python3`.
    public static func python(_ module: String) -> Bool {
        Env.requireTools || ((try? Tool.run("python3", ["-c", "import \(module)"], timeout: 60))?.status == 0)
    }

    /// Slow by nature (builds, real servers, large inputs): only under `OBSGEN_SLOW_TESTS=1`.
    public static var slowTests: Bool { Env.slowTests }

    /// Root with the right to mount (tmpfs, read-only binds) for file-system fault tests.
    public static var mounting: Bool {
        if Env.requireTools { return true }
        guard getuid() == 0, Tool.path("mount") != nil, Tool.path("umount") != nil else { return false }
        let dir = TempDir.make("obsgen-mount-probe")
        defer { try? FileManager.default.removeItem(at: dir) }
        guard (try? Tool.run("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir.path], timeout: 10))?.status == 0 else { return false }
        _ = try? Tool.run("umount", [dir.path], timeout: 10)
        return true
    }
}

/// Runs programs with a time bound.
public enum Tool {
    public static func path(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
        /// Standard output and standard error, in that order.
        public var output: String { stdout + stderr }
    }

    /// Runs `name` (looked up on PATH, or an absolute path) in its own process group. Output
    /// goes to temporary files, so a silent child or a grandchild that keeps a descriptor open
    /// cannot stall the wait: when `timeout` passes, the whole group is killed and the test
    /// records a failure. `stdout`/`stderr` keep their bytes, decoded as UTF-8 with
    /// replacement.
    public static func run(_ name: String, _ args: [String], stdin: String? = nil, cwd: URL? = nil,
                           env: [String: String] = [:], timeout: TimeInterval = 120, recordTimeout: Bool = true,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        guard let executable = path(name) else { throw Missing(what: name) }
        let scratch = TempDir.make("obsgen-run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("stdin").path
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))

        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let cwd {
            // glibc's posix_spawn_file_actions_addchdir_np, which Swift's Glibc module does not export.
            typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
                throw Missing(what: "posix_spawn_file_actions_addchdir_np")
            }
            _ = unsafeBitCast(symbol, to: AddChdir.self)(&actions, cwd.path)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw Missing(what: "\(name) (\(String(cString: strerror(spawned))))") }

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if Date() > deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        // Anything the program left running in its group goes too.
        kill(-pid, SIGKILL)
        let read = { (p: String) in String(decoding: FileManager.default.contents(atPath: p) ?? Data(), as: UTF8.self) }
        let exit: Int32 = timedOut ? -1 : ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
        if timedOut && recordTimeout {
            Issue.record("\(name) \(args.prefix(3).joined(separator: " ")) did not finish within \(Int(timeout)) s; killed", sourceLocation: sourceLocation)
        }
        return Result(status: exit, stdout: read(outPath), stderr: read(errPath), timedOut: timedOut)
    }

    /// A bash script, with a fixed git identity and no colour.
    public static func sh(_ script: String, in dir: URL, env: [String: String] = [:], timeout: TimeInterval = 600,
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        var e = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                 "GIT_COMMITTER_EMAIL": "t@example.org", "NO_COLOR": "1"]
        for (k, v) in env { e[k] = v }
        return try run("/bin/bash", ["-c", script], cwd: dir, env: e, timeout: timeout, sourceLocation: sourceLocation)
    }
}

public enum TempDir {
    public static func make(_ prefix: String = "obsgen-test") -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
