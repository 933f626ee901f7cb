import ArgumentParser
import Foundation
import ObsGen
import ObsGenLive
import ObsLint
import PrometheusAPI

/// `--prometheus URL` and how to reach it, shared by lint, gate and catalog import.
public struct PrometheusOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A server speaking Prometheus' HTTP API (Prometheus, Thanos Query, Mimir): its base URL.", valueName: "url"))
    public var prometheus: [String] = []

    @Option(name: .long, help: ArgumentHelp("How long each request may take: seconds (30) or a duration (30s, 2m).", valueName: "duration"))
    public var prometheusTimeout: String = "30s"

    @Option(name: .long, help: ArgumentHelp("A request header whose value is read from a file (Authorization=secrets/token); repeatable.", valueName: "name=file"))
    public var prometheusHeader: [String] = []

    @Option(name: .long, help: ArgumentHelp("CA bundle to verify the server with.", valueName: "file"))
    public var prometheusCAFile: String?

    @Option(name: .long, help: ArgumentHelp("Client certificate (with --prometheus-key-file).", valueName: "file"))
    public var prometheusCertFile: String?

    @Option(name: .long, help: ArgumentHelp("Client key.", valueName: "file"))
    public var prometheusKeyFile: String?

    public init() {}

    func targets() throws -> [OnlineLint.Target] {
        let seconds: Double
        if let n = Double(prometheusTimeout) { seconds = n } else if let d = PromDuration.parse(prometheusTimeout) { seconds = d.seconds } else {
            throw ValidationError("--prometheus-timeout: \"\(SafeText.escape(prometheusTimeout))\" is neither seconds nor a duration")
        }
        return try prometheus.map { try ServerOptions.target(url: $0, timeout: seconds, headers: prometheusHeader, caFile: prometheusCAFile,
                                                             certFile: prometheusCertFile, keyFile: prometheusKeyFile) }
    }

    /// The one server a command talks to.
    func single(command: String) throws -> PrometheusServer {
        guard prometheus.count == 1 else { throw ValidationError("\(command) needs one --prometheus URL") }
        return try targets()[0].server
    }
}

/// Servers from the command line or obsgen.yml, with their header values read from files.
enum ServerOptions {
    static func target(url: String, timeout: Double, headers: [String], caFile: String?, certFile: String?, keyFile: String?,
                       concurrency: Int = 4) throws -> OnlineLint.Target {
        guard let u = PrometheusServer.parseURL(url) else { throw ValidationError("--prometheus: \"\(SafeText.escape(url))\" is not an http:// or https:// URL") }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("the timeout must be longer than 0s and at most 1h") }
        if (certFile == nil) != (keyFile == nil) { throw ValidationError("--prometheus-cert-file and --prometheus-key-file go together") }
        var values: [String: String] = [:]
        for h in headers {
            guard let eq = h.firstIndex(of: "="), !h[..<eq].isEmpty else { throw ValidationError("--prometheus-header takes NAME=FILE, got \"\(SafeText.escape(h))\"") }
            let name = String(h[..<eq])
            guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                throw Failure("--prometheus-header: \"\(SafeText.escape(name))\" is not a header name")
            }
            values[name] = try headerValue(file: String(h[h.index(after: eq)...]))
        }
        for f in [caFile, certFile, keyFile].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: f) {
            throw Failure("cannot read the TLS file \(SafeText.escape(f))")
        }
        return OnlineLint.Target(server: PrometheusServer(url: u, timeout: timeout, headers: values, caFile: caFile, certFile: certFile, keyFile: keyFile,
                                                          maxConcurrentRequests: concurrency))
    }

    /// A problem with what the command line or obsgen.yml says: printed without the usage text.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func target(_ s: PrometheusSetting, relativeTo dir: URL) throws -> OnlineLint.Target {
        func path(_ p: String) -> String { p.hasPrefix("/") ? p : dir.appendingPathComponent(p).path }
        let headers = s.headerFiles.sorted { $0.key < $1.key }.map { "\($0.key)=\(path($0.value))" }
        var t: OnlineLint.Target
        do {
            t = try target(url: s.url, timeout: s.timeout?.seconds ?? 30, headers: headers, caFile: s.caFile.map(path), certFile: s.certFile.map(path),
                           keyFile: s.keyFile.map(path), concurrency: s.maxConcurrentRequests ?? 4)
        } catch {
            // Located at the server's entry in obsgen.yml.
            throw Failure("\(s.site.file):\(s.site.line):\(s.site.column): error[io]: prometheus server \(s.url): \(error)")
        }
        // Relative to obsgen.yml's folder, as its documentation says.
        t.paths = s.paths.map(path)
        if let l = s.lookback { t.lookback = l }
        return t
    }

    /// A header's value: the file's one line, without its line break (LF or CRLF).
    static func headerValue(file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file), data.count < 64 << 10 else {
            throw Failure("cannot read the header file \(SafeText.escape(file))")
        }
        var bytes = Array(data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        if bytes.contains(0x0A) || bytes.contains(0x0D) { throw Failure("the header file \(SafeText.escape(file)) holds more than one line") }
        if bytes.isEmpty { throw Failure("the header file \(SafeText.escape(file)) is empty") }
        if bytes.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) { throw Failure("the header file \(SafeText.escape(file)) holds control characters") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
