import Foundation

/// A server speaking Prometheus' HTTP API (Prometheus, Thanos Query, Mimir, …), and how to
/// reach it: bounded in time, in concurrent requests and in the size of an answer.
public struct PrometheusServer: Sendable, Hashable {
    /// The base URL (`http://127.0.0.1:9090`, `https://mimir.example.org/prometheus`).
    public var url: URL
    /// Seconds a request may take, connection included.
    public var timeout: Double
    /// Extra request headers (authorisation), values already read from their files.
    public var headers: [String: String]
    /// TLS: a CA bundle to verify the server with, and a client certificate and key.
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    /// Requests in flight at once.
    public var maxConcurrentRequests: Int
    /// An answer larger than this is an error, not a result.
    public var maxResponseBytes: Int

    public init(url: URL, timeout: Double = 30, headers: [String: String] = [:], caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil,
                maxConcurrentRequests: Int = 4, maxResponseBytes: Int = 64 << 20) {
        self.url = url
        self.timeout = timeout
        self.headers = headers
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.maxResponseBytes = maxResponseBytes
    }

    /// Parses a base URL: http or https, with a host; a trailing slash is dropped.
    public static func parseURL(_ text: String) -> URL? {
        var t = text.trimmingCharacters(in: .whitespaces)
        while t.hasSuffix("/") { t.removeLast() }
        guard let u = URL(string: t), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = u.host, !host.isEmpty, u.query == nil, u.fragment == nil else { return nil }
        return u
    }

    /// The server's URL without credentials, for messages.
    public var displayURL: String {
        guard var c = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        c.user = nil
        c.password = nil
        return c.string ?? url.absoluteString
    }

    /// Whether TLS files are given: the requests then go through curl (`CurlTransport`),
    /// even over http://.
    public var needsTLSFiles: Bool { caFile != nil || certFile != nil || keyFile != nil }
}

/// Why a server could not answer: each is one clear message, and the run stops (exit 2).
public struct PrometheusError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case cannotConnect, timeout, http, notJSON, api, tooLarge, badAnswer
    }
    public var kind: Kind
    public var server: String
    public var path: String
    public var detail: String

    public init(_ kind: Kind, server: String, path: String, _ detail: String) {
        self.kind = kind
        self.server = server
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .cannotConnect: "cannot reach \(server) (\(detail))"
        case .timeout: "\(server)\(path) did not answer within \(detail)"
        case .http: "\(server)\(path) answered HTTP \(detail)\(detail.hasPrefix("404") ? "; is \(server) the base URL of a Prometheus API (not a Pushgateway, an exporter or a /graph page)?" : "")"
        case .notJSON: "\(server)\(path) did not answer with JSON (\(detail)); is this a Prometheus API URL?"
        case .api: "\(server)\(path) answered an error: \(detail)"
        case .tooLarge: "\(server)\(path) answered more than \(detail); narrow the question"
        case .badAnswer: "\(server)\(path) answered JSON that is not Prometheus' API shape (\(detail))"
        }
    }
}
