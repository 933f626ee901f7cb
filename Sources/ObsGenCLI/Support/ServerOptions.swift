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

    @Option(name: .long, help: ArgumentHelp("Seconds each request may take.", valueName: "seconds"))
    public var prometheusTimeout: Double = 30

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
        try prometheus.map { try ServerOptions.target(url: $0, timeout: prometheusTimeout, headers: prometheusHeader, caFile: prometheusCAFile,
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
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--prometheus-timeout must be between 0 and 3600 seconds") }
        if (certFile == nil) != (keyFile == nil) { throw ValidationError("--prometheus-cert-file and --prometheus-key-file go together") }
        var values: [String: String] = [:]
        for h in headers {
            guard let eq = h.firstIndex(of: "="), !h[..<eq].isEmpty else { throw ValidationError("--prometheus-header takes NAME=FILE, got \"\(SafeText.escape(h))\"") }
            values[String(h[..<eq])] = try headerValue(file: String(h[h.index(after: eq)...]))
        }
        for f in [caFile, certFile, keyFile].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: f) {
            throw ValidationError("cannot read \(SafeText.escape(f))")
        }
        return OnlineLint.Target(server: PrometheusServer(url: u, timeout: timeout, headers: values, caFile: caFile, certFile: certFile, keyFile: keyFile,
                                                          maxConcurrentRequests: concurrency))
    }

    static func target(_ s: PrometheusSetting, relativeTo dir: URL) throws -> OnlineLint.Target {
        func path(_ p: String) -> String { p.hasPrefix("/") ? p : dir.appendingPathComponent(p).path }
        let headers = s.headerFiles.map { "\($0.key)=\(path($0.value))" }
        var t = try target(url: s.url, timeout: s.timeout?.seconds ?? 30, headers: headers, caFile: s.caFile.map(path), certFile: s.certFile.map(path),
                           keyFile: s.keyFile.map(path), concurrency: s.maxConcurrentRequests ?? 4)
        t.paths = s.paths
        if let l = s.lookback { t.lookback = l }
        return t
    }

    /// A header's value: the file's content without its final newline.
    static func headerValue(file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file), data.count < 64 << 10 else {
            throw ValidationError("cannot read the header file \(SafeText.escape(file))")
        }
        var v = String(decoding: data, as: UTF8.self)
        while v.hasSuffix("\n") || v.hasSuffix("\r") { v.removeLast() }
        guard !v.contains("\n"), !v.contains("\r") else { throw ValidationError("the header file \(SafeText.escape(file)) holds more than one line") }
        return v
    }
}
