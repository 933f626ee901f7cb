import Foundation
import Testing
@_exported import TestSupport

/// Runs the built `obsgen` executable.
enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `obsgen` binary next to the test bundle (SwiftPM builds every product for `swift test`).
    /// `OBSGEN_BINARY` tests another build (an installed obsgen, an older one).
    static var binary: URL? {
        if let path = ProcessInfo.processInfo.environment["OBSGEN_BINARY"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("obsgen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let debug = repositoryRoot.appendingPathComponent(".build/debug/obsgen")
        return FileManager.default.isExecutableFile(atPath: debug.path) ? debug : nil
    }

    typealias Result = Tool.Result

    /// Runs the built obsgen, bounded in time (a hang fails the test instead of stalling the run).
    static func run(_ args: [String], stdin: String? = nil, cwd: URL? = nil, env: [String: String] = [:],
                    timeout: TimeInterval = 300, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        guard let binary else { throw CLIError.missing }
        var environment = ["NO_COLOR": "1"]
        for (k, v) in env { environment[k] = v }
        return try Tool.run(binary.path, args, stdin: stdin, cwd: cwd, env: environment, timeout: timeout, sourceLocation: sourceLocation)
    }

    enum CLIError: Error { case missing }
}
