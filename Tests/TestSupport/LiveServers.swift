import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Real servers for a test, on loopback: started on free ports, waited for, and stopped by
/// PID (SIGTERM, then SIGKILL after 5 s) when the test ends.
public final class LiveServers: @unchecked Sendable {
    public let dir: URL
    private var processes: [(name: String, process: Process)] = []

    public init(_ prefix: String) { dir = TempDir.make(prefix) }

    /// A free TCP port on 127.0.0.1.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Starts `tool` with its output in `<dir>/<log>.log`.
    public func start(_ tool: String, _ args: [String], log: String) throws {
        try start(tool, args, log: dir.appendingPathComponent("\(log).log"), name: log)
    }

    /// Starts `tool` with its output in the file `log`.
    public func start(_ tool: String, _ args: [String], log logURL: URL, name: String? = nil) throws {
        guard let path = Tool.path(tool) else { throw Missing(what: tool) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = dir
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let h = try FileHandle(forWritingTo: logURL)
        p.standardOutput = h
        p.standardError = h
        try p.run()
        processes.append((name ?? logURL.lastPathComponent, p))
    }

    /// The log of a server started as `log`, for a failure message.
    public func log(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: dir.appendingPathComponent("\(name).log").path)?.suffix(4000) ?? Data(), as: UTF8.self)
    }

    public func stopAll() {
        for (_, p) in processes where p.isRunning { kill(p.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        for (_, p) in processes {
            while p.isRunning && Date() < deadline { usleep(50_000) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
        }
        processes = []
        try? FileManager.default.removeItem(at: dir)
    }

    /// GET with curl (bounded); nil on any failure.
    public static func get(_ url: String) -> String? {
        guard let r = try? Tool.run("curl", ["-fsS", "--max-time", "3", url], timeout: 10), r.status == 0 else { return nil }
        return r.output
    }

    /// Sends text exposition to a Pushgateway group (`/metrics/job/<job>/…`): POST adds to it, PUT replaces it.
    @discardableResult
    public static func push(_ body: String, to url: String, method: String = "PUT") -> Bool {
        guard let r = try? Tool.run("curl", ["-fsS", "--max-time", "5", "-X", method, "--data-binary", "@-", url], stdin: body, timeout: 10) else { return false }
        return r.status == 0
    }

    /// Polls until `check` returns a value or the deadline passes.
    public static func waitFor<T>(_ what: String, seconds: Double, sourceLocation: SourceLocation = #_sourceLocation, _ check: () -> T?) -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let v = check() { return v }
            usleep(250_000)
        }
        Issue.record("timed out after \(Int(seconds)) s waiting for \(what)", sourceLocation: sourceLocation)
        return nil
    }
}
