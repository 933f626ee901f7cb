import Foundation

/// One HTTP GET, bounded in time and in size.
public protocol HTTPTransport: Sendable {
    func get(_ url: URL, server: PrometheusServer) throws(PrometheusError) -> (status: Int, body: Data)
}

extension PrometheusServer {
    /// `http://`: our own socket client; `https://`: curl, which speaks TLS, reads CA and
    /// client certificate files and waits idle. (Foundation's URLSession on Linux keeps a core
    /// busy while it waits for an answer, cannot load TLS files, and its FoundationNetworking
    /// keeps obsgen from linking the Swift runtime statically.)
    public var transport: any HTTPTransport {
        if url.scheme?.lowercased() == "http" && !needsTLSFiles { return SocketTransport() }
        return CurlTransport()
    }
}

/// The curl program: for `https://`, and wherever TLS files (a CA bundle, a client certificate
/// and key) are given. Headers go through a file that only this user can read, never on the
/// command line.
public struct CurlTransport: HTTPTransport {
    public init() {}

    /// The curl program, if installed.
    static let path = ["/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })

    public func get(_ url: URL, server: PrometheusServer) throws(PrometheusError) -> (status: Int, body: Data) {
        let path = shortPath(url.path + (url.query.map { "?" + $0 } ?? ""))
        guard let curl = Self.path else {
            throw PrometheusError(.cannotConnect, server: server.displayURL, path: path, "https:// and TLS files go through curl, which is not installed (apt-get install curl)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PrometheusError(.cannotConnect, server: server.displayURL, path: path, "cannot create a temporary folder")
        }
        let headerFile = dir.appendingPathComponent("headers")
        var headers = "Accept: application/json\nUser-Agent: obsgen\n"
        for (k, v) in server.headers.sorted(by: { $0.key < $1.key }) { headers += "\(k): \(v)\n" }
        let bodyFile = dir.appendingPathComponent("body")
        _ = FileManager.default.createFile(atPath: headerFile.path, contents: Data(headers.utf8), attributes: [.posixPermissions: 0o600])
        var args = ["-sS", "--globoff", "--max-time", String(format: "%.1f", server.timeout), "--max-filesize", "\(server.maxResponseBytes)",
                    "-H", "@\(headerFile.path)", "-o", bodyFile.path, "-w", "%{http_code}"]
        if let ca = server.caFile { args += ["--cacert", ca] }
        if let cert = server.certFile { args += ["--cert", cert] }
        if let key = server.keyFile { args += ["--key", key] }
        args += ["--", url.absoluteString]
        let p = Process()
        p.executableURL = URL(fileURLWithPath: curl)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch {
            throw PrometheusError(.cannotConnect, server: server.displayURL, path: path, "cannot run curl")
        }
        let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        p.waitUntilExit()
        switch p.terminationStatus {
        case 0: break
        case 28: throw PrometheusError(.timeout, server: server.displayURL, path: path, formatSeconds(server.timeout))
        case 63: throw PrometheusError(.tooLarge, server: server.displayURL, path: path, "\(server.maxResponseBytes) bytes")
        default: throw PrometheusError(.cannotConnect, server: server.displayURL, path: path, message.replacingOccurrences(of: "curl: ", with: ""))
        }
        let body = (try? Data(contentsOf: bodyFile)) ?? Data()
        return (Int(status) ?? 0, body)
    }
}

/// A request's path for a message: the query string cut to a readable length.
func shortPath(_ p: String) -> String {
    p.count > 160 ? String(p.prefix(157)) + "…" : p
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s))s" : String(format: "%.1fs", s)
}
