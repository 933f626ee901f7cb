import Foundation

/// A sample of an instant query: its labels and value.
public struct Sample: Sendable, Hashable {
    public var labels: [String: String]
    public var value: Double
    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// A series of a range query: its labels and its points (seconds since 1970, value).
public struct RangeSeries: Sendable, Hashable {
    public var labels: [String: String]
    public var points: [Point]
    public struct Point: Sendable, Hashable {
        public var time: Double
        public var value: Double
    }
}

/// What `/api/v1/metadata` says of a metric family.
public struct MetricMetadata: Sendable, Hashable {
    /// counter, gauge, histogram, summary, info, stateset, gaugehistogram, unknown.
    public var type: String
    public var help: String
    public var unit: String
    public init(type: String, help: String = "", unit: String = "") {
        self.type = type
        self.help = help
        self.unit = unit
    }
}

/// Prometheus' HTTP API, read-only. Safe to share between threads: answers are cached per URL
/// for the client's life (one run), and no more than `maxConcurrentRequests` are in flight.
public final class PrometheusClient: @unchecked Sendable {
    public let server: PrometheusServer
    let transport: any HTTPTransport
    private let lock = NSLock()
    private var cache: [String: Result<Any, PrometheusError>] = [:]
    private let slots: DispatchSemaphore
    /// Requests sent (cache misses), for tests and `--verbose`.
    public private(set) var requestCount = 0

    public init(server: PrometheusServer, transport: (any HTTPTransport)? = nil) {
        self.server = server
        self.transport = transport ?? server.transport
        self.slots = DispatchSemaphore(value: server.maxConcurrentRequests)
    }

    // MARK: - Endpoints

    /// An instant query's vector (a scalar answer is one sample without labels).
    public func query(_ promql: String, at time: Date? = nil) throws(PrometheusError) -> [Sample] {
        var params = [("query", promql)]
        if let time { params.append(("time", Self.timestamp(time))) }
        let path = "/api/v1/query"
        let data = try dataObject(path, params)
        guard let type = data["resultType"] as? String else { throw bad(path, "no resultType") }
        switch type {
        case "vector":
            guard let list = data["result"] as? [Any] else { throw bad(path, "no result") }
            var out: [Sample] = []
            for item in list {
                guard let o = item as? [String: Any], let v = o["value"] as? [Any], v.count == 2, let value = Self.number(v[1]) else { throw bad(path, "a sample without a value") }
                out.append(Sample(labels: Self.labels(o["metric"]), value: value))
            }
            return out
        case "scalar":
            guard let v = data["result"] as? [Any], v.count == 2, let value = Self.number(v[1]) else { throw bad(path, "a scalar without a value") }
            return [Sample(labels: [:], value: value)]
        default:
            throw PrometheusError(.api, server: server.displayURL, path: path, "the query answers a \(type), expected an instant vector or a scalar")
        }
    }

    /// A range query's matrix.
    public func queryRange(_ promql: String, start: Date, end: Date, step: Double) throws(PrometheusError) -> [RangeSeries] {
        let path = "/api/v1/query_range"
        let data = try dataObject(path, [("query", promql), ("start", Self.timestamp(start)), ("end", Self.timestamp(end)), ("step", formatStep(step))])
        guard let list = data["result"] as? [Any] else { throw bad(path, "no result") }
        var out: [RangeSeries] = []
        for item in list {
            guard let o = item as? [String: Any], let values = o["values"] as? [Any] else { throw bad(path, "a series without values") }
            var points: [RangeSeries.Point] = []
            for p in values {
                guard let pair = p as? [Any], pair.count == 2, let t = Self.number(pair[0]), let v = Self.number(pair[1]) else { throw bad(path, "a point that is not [time, value]") }
                points.append(RangeSeries.Point(time: t, value: v))
            }
            out.append(RangeSeries(labels: Self.labels(o["metric"]), points: points))
        }
        return out
    }

    /// Every metric family's metadata (`/api/v1/metadata`), the first entry of each.
    public func metadata() throws(PrometheusError) -> [String: MetricMetadata] {
        let path = "/api/v1/metadata"
        let any = try answer(path, [])
        guard let o = any as? [String: Any] else { throw bad(path, "data is not an object") }
        var out: [String: MetricMetadata] = [:]
        for (name, entries) in o {
            guard let list = entries as? [Any], let first = list.first as? [String: Any] else { continue }
            out[name] = MetricMetadata(type: first["type"] as? String ?? "unknown", help: first["help"] as? String ?? "", unit: first["unit"] as? String ?? "")
        }
        return out
    }

    /// Label names of the series that match (`/api/v1/labels?match[]=`), sorted.
    public func labelNames(match: [String] = [], start: Date? = nil, end: Date? = nil) throws(PrometheusError) -> [String] {
        try strings("/api/v1/labels", match.map { ("match[]", $0) } + window(start, end))
    }

    /// Values of a label on the series that match (`/api/v1/label/<name>/values`), sorted.
    public func labelValues(_ label: String, match: [String] = [], start: Date? = nil, end: Date? = nil) throws(PrometheusError) -> [String] {
        let encoded = Self.encode(label)
        return try strings("/api/v1/label/\(encoded)/values", match.map { ("match[]", $0) } + window(start, end))
    }

    /// The configuration the server runs with, as YAML (`/api/v1/status/config`).
    public func configYAML() throws(PrometheusError) -> String {
        let path = "/api/v1/status/config"
        let data = try dataObject(path, [])
        guard let yaml = data["yaml"] as? String else { throw bad(path, "no yaml") }
        return yaml
    }

    /// Command-line flags (`/api/v1/status/flags`).
    public func flags() throws(PrometheusError) -> [String: String] {
        let path = "/api/v1/status/flags"
        let data = try dataObject(path, [])
        var out: [String: String] = [:]
        for (k, v) in data { if let s = v as? String { out[k] = s } }
        return out
    }

    /// Runtime information (`/api/v1/status/runtimeinfo`): `storageRetention` among others.
    public func runtimeInfo() throws(PrometheusError) -> [String: String] {
        let path = "/api/v1/status/runtimeinfo"
        let data = try dataObject(path, [])
        var out: [String: String] = [:]
        for (k, v) in data {
            if let s = v as? String { out[k] = s } else if let n = v as? NSNumber { out[k] = n.stringValue }
        }
        return out
    }

    // MARK: - Requests

    private func window(_ start: Date?, _ end: Date?) -> [(String, String)] {
        var p: [(String, String)] = []
        if let start { p.append(("start", Self.timestamp(start))) }
        if let end { p.append(("end", Self.timestamp(end))) }
        return p
    }

    private func strings(_ path: String, _ params: [(String, String)]) throws(PrometheusError) -> [String] {
        let any = try answer(path, params)
        guard let list = any as? [Any] else { throw bad(path, "data is not a list") }
        return list.compactMap { $0 as? String }.sorted()
    }

    private func dataObject(_ path: String, _ params: [(String, String)]) throws(PrometheusError) -> [String: Any] {
        let any = try answer(path, params)
        guard let o = any as? [String: Any] else { throw bad(path, "data is not an object") }
        return o
    }

    private func bad(_ path: String, _ why: String) -> PrometheusError {
        PrometheusError(.badAnswer, server: server.displayURL, path: path, why)
    }

    /// The `data` of an API answer, from the cache or the server.
    func answer(_ path: String, _ params: [(String, String)]) throws(PrometheusError) -> Any {
        let query = params.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let key = path + "?" + query
        if let hit = lock.withLock({ cache[key] }) { return try hit.get() }
        let result = Result { () throws(PrometheusError) -> Any in try fetch(path, query: query) }
        lock.withLock { cache[key] = result }
        return try result.get()
    }

    private func fetch(_ path: String, query: String) throws(PrometheusError) -> Any {
        var base = server.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base + path + (query.isEmpty ? "" : "?" + query)) else {
            throw PrometheusError(.cannotConnect, server: server.displayURL, path: path, "not a valid URL")
        }
        slots.wait()
        defer { slots.signal() }
        lock.withLock { requestCount += 1 }
        let (status, body) = try transport.get(url, server: server)
        let shown = shortPath(path + (query.isEmpty ? "" : "?" + (query.removingPercentEncoding ?? query)))
        let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        guard let object = json as? [String: Any] else {
            if !(200..<300).contains(status) { throw PrometheusError(.http, server: server.displayURL, path: shown, "\(status)\(Self.snippet(body))") }
            throw PrometheusError(.notJSON, server: server.displayURL, path: shown, body.isEmpty ? "an empty answer" : "it begins \(Self.snippet(body, prefix: ""))")
        }
        if object["status"] as? String == "error" || !(200..<300).contains(status) {
            let why = [object["errorType"] as? String, object["error"] as? String].compactMap { $0 }.joined(separator: ": ")
            if !(200..<300).contains(status) && why.isEmpty { throw PrometheusError(.http, server: server.displayURL, path: shown, "\(status)") }
            throw PrometheusError(.api, server: server.displayURL, path: shown, why.isEmpty ? "HTTP \(status)" : why)
        }
        guard object["status"] as? String == "success", let data = object["data"] else {
            throw PrometheusError(.badAnswer, server: server.displayURL, path: shown, "no \"status\": \"success\" with \"data\"")
        }
        return data
    }

    // MARK: - Encoding

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Percent-encodes everything but unreserved characters (`+` included, which a server
    /// reads as a space).
    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }

    static func timestamp(_ d: Date) -> String {
        String(format: "%.3f", d.timeIntervalSince1970)
    }

    private func formatStep(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s))" : String(format: "%.3f", s)
    }

    static func number(_ v: Any) -> Double? {
        if let s = v as? String {
            switch s {
            case "NaN": return .nan
            case "+Inf", "Inf": return .infinity
            case "-Inf": return -.infinity
            default: return Double(s)
            }
        }
        if let n = v as? NSNumber { return n.doubleValue }
        return nil
    }

    static func labels(_ v: Any?) -> [String: String] {
        guard let o = v as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in o { if let s = v as? String { out[k] = s } }
        return out
    }

    /// The start of a body for a message, control characters made visible.
    static func snippet(_ body: Data, prefix: String = ": ") -> String {
        guard !body.isEmpty else { return "" }
        let text = String(decoding: body.prefix(80), as: UTF8.self)
        var out = ""
        for u in text.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { out += u == "\n" ? "\\n" : String(format: "\\x%02x", u.value) } else { out.unicodeScalars.append(u) }
        }
        return prefix + "\"" + out + (body.count > 80 ? "…" : "") + "\""
    }
}
