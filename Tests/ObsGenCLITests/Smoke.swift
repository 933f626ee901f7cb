import Foundation
import Testing

/// Runs the built `obsgen` executable.
enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `obsgen` binary next to the test bundle (SwiftPM builds every product for `swift test`).
    static var binary: URL? {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("obsgen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let debug = repositoryRoot.appendingPathComponent(".build/debug/obsgen")
        return FileManager.default.isExecutableFile(atPath: debug.path) ? debug : nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], stdin: String? = nil, cwd: URL? = nil, env: [String: String] = [:]) throws -> Result {
        guard let binary else { throw CLIError.missing }
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Drain stderr on another thread: a command that writes more than a pipe buffer to
        // stderr would otherwise block while we wait for stdout to end.
        nonisolated(unsafe) var e = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            e = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    enum CLIError: Error { case missing }
}
