/// Test helpers shared by every test target: where the shared corpora are, running tools,
/// temporary folders, and skipping (or failing, under OBSGEN_REQUIRE_TOOLS=1) when something
/// a test needs is missing.
import Foundation
import Testing

/// Where the shared corpora live (`../shared` beside the repository) and whether tools that
/// are missing must fail the run (`OBSGEN_REQUIRE_TOOLS=1`, as in CI).
public enum Env {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let shared: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    public static var requireTools: Bool { ProcessInfo.processInfo.environment["OBSGEN_REQUIRE_TOOLS"] == "1" }

    public static func sharedFile(_ path: String) -> URL? {
        let url = shared.appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// True when the file exists; otherwise prints why the test is skipped (or records a failure
    /// under `OBSGEN_REQUIRE_TOOLS=1`).
    public static func available(_ path: String) -> Bool {
        if sharedFile(path) != nil { return true }
        if requireTools {
            Issue.record("required corpus ../shared/\(path) is missing (OBSGEN_REQUIRE_TOOLS=1)")
        } else {
            print("skipped: ../shared/\(path) is absent")
        }
        return false
    }

    public static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }
    }
}

/// Runs a tool (promtool, amtool) found on PATH.
public enum Tool {
    public static func path(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// True when the tool is installed; otherwise prints why the test is skipped (or records a
    /// failure under `OBSGEN_REQUIRE_TOOLS=1`).
    public static func available(_ name: String) -> Bool {
        if path(name) != nil { return true }
        if Env.requireTools {
            Issue.record("\(name) is required (OBSGEN_REQUIRE_TOOLS=1) but not installed")
        } else {
            print("skipped: \(name) is not installed (apt-get install prometheus)")
        }
        return false
    }

    public struct Result {
        public var status: Int32
        public var output: String
    }

    public static func run(_ name: String, _ args: [String], cwd: URL? = nil, timeout: TimeInterval = 120) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path(name) ?? "/usr/bin/\(name)")
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        var data = Data()
        let handle = pipe.fileHandleForReading
        while p.isRunning || true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
            if Date() > deadline { p.terminate(); break }
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

public enum TempDir {
    public static func make(_ prefix: String = "obsgen-test") -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
