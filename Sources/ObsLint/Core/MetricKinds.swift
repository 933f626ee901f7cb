/// What kind a series is, and how the linter knows.
public struct KindFact: Sendable, Equatable {
    public enum Source: String, Sendable {
        /// The project's own catalog (the DSL or obsgen.yml).
        case catalog
        /// The built-in catalog of well-known exporters' metrics.
        case wellKnown
        /// Prometheus naming conventions only: a weaker signal, reported at a lower severity.
        case naming
        /// The metadata of a running server (`obsgen lint --prometheus`).
        case server
    }

    public var kind: MetricKind
    public var source: Source
    /// For the built-in catalog: the exporters that expose the metric.
    public var exporters: [String] = []

    public init(_ kind: MetricKind, _ source: Source, exporters: [String] = []) {
        self.kind = kind
        self.source = source
        self.exporters = exporters
    }

    /// Known from a name's suffix only.
    public var isNaming: Bool { source == .naming }

    /// How the fact is known, for a message: `, which the node exporter exposes as a gauge`.
    public var phrase: String {
        let article = kind == .info ? "an" : "a"
        switch source {
        case .catalog: return "which is \(article) \(kind.rawValue)"
        case .wellKnown: return "which \(WellKnownMetrics.exposes(exporters)) as \(article) \(kind.rawValue)"
        case .naming: return kind == .counter ? "which is named like a counter" : "which is named like \(article) \(kind.rawValue) (a counter's name ends in _total)"
        case .server: return "which Prometheus' metadata gives as \(article) \(kind.rawValue)"
        }
    }
}

extension Severity {
    /// One step down: what a check reports when it only has a naming convention to go on.
    public var weaker: Severity {
        switch self {
        case .error: .warning
        case .warning, .info: .info
        }
    }
}

extension LintContext {
    /// What kind a series is, from the first that knows: the project's catalog, the built-in
    /// catalog of well-known metrics, then naming conventions. A name the linted rules record
    /// is whatever its rule makes it (nil), as is a well-known untyped name.
    ///
    /// With a server's facts (`server`), its metadata comes second: in the offline view the
    /// checks see nothing where the server knows the kind (online/metadata reports those, in
    /// the `.server` view, which sees only them).
    public func kindFact(ofSeries name: String) -> KindFact? {
        if kindView == .offline, let known = kindFacts[name] { return known }
        return computeKindFact(ofSeries: name)
    }

    func computeKindFact(ofSeries name: String) -> KindFact? {
        if let m = catalogMetric(name) {
            if kindView == .server { return nil }
            if m.kind == .histogram || m.kind == .summary {
                if name.hasSuffix("_bucket") || name.hasSuffix("_count") || name.hasSuffix("_sum") { return KindFact(.counter, .catalog) }
            }
            return KindFact(m.kind, .catalog)
        }
        if recordedNames.contains(name) { return nil }
        if let server, server.metadata != nil {
            let kind = server.metadata(ofSeries: name)?.kind
            if kindView == .server { return kind.map { KindFact($0, .server) } }
            if kind != nil { return nil }
        } else if kindView == .server {
            return nil
        }
        switch WellKnownMetrics.lookup(series: name) {
        case .kind(let k, let m): return KindFact(k, .wellKnown, exporters: m.exporters)
        case .untyped: return nil
        case .unknown: break
        }
        return Self.kindByName(name).map { KindFact($0, .naming) }
    }

    /// What kind a series is (see `kindFact(ofSeries:)`).
    public func kind(ofSeries name: String) -> MetricKind? { kindFact(ofSeries: name)?.kind }

    /// Suffixes of names that are not counters: levels in a unit (a counter's name would end
    /// in `_total`), timestamps, ratios.
    static let levelSuffixes = ["_timestamp", "_timestamp_seconds", "_start_time_seconds", "_boot_time_seconds",
                                "_ratio", "_percent", "_celsius", "_volts", "_amperes"]

    /// Words that make a `_bytes` name an amount moved (`ceph_pool_rd_bytes`,
    /// `junos_interface_transmit_bytes`) rather than a size: many exporters name such counters
    /// without `_total`, so the name says nothing.
    static let movedWords: Set<Substring> = ["read", "reads", "written", "write", "writes", "rd", "wr", "in", "out", "sent", "send",
                                             "received", "receive", "recv", "rx", "tx", "transmit", "transmitted", "replicated", "replay",
                                             "request", "requests", "response", "responses", "message", "messages", "get", "put", "io",
                                             "input", "output", "downloaded", "uploaded", "processed", "ingested", "flushed",
                                             "compacted", "copied", "transferred", "scanned", "fetched", "returned", "spilled", "swapped"]

    /// Words that make a `_seconds` name a time spent (`opensearch_index_search_query_time_seconds`)
    /// or a histogram's or summary's own name (`x_duration_seconds`): often counters, or read
    /// as native histograms, so the name says nothing.
    static let spentWords: Set<Substring> = ["time", "duration", "latency", "latencies", "spent", "busy", "cpu", "wait", "waiting",
                                             "gc", "pause", "pauses", "io", "user", "system", "idle", "elapsed", "runtime", "took",
                                             "processing", "response", "request", "seconds"]

    /// The kind Prometheus naming conventions give a name: counters end in `_total` (or are the
    /// `_count`, `_sum` and `_bucket` series of histograms and summaries); `_info` names are
    /// info metrics; sizes in bytes, ages and lags in seconds, timestamps, ratios and other
    /// levels without `_total` are not counters.
    public static func kindByName(_ name: String) -> MetricKind? {
        if name.hasSuffix("_total") || name.hasSuffix("_count") || name.hasSuffix("_bucket") || name.hasSuffix("_sum") { return .counter }
        if name.contains(":") { return nil }
        if name.hasSuffix("_info") { return .info }
        if levelSuffixes.contains(where: { name.hasSuffix($0) }) { return .gauge }
        for (suffix, words) in [("_bytes", movedWords), ("_seconds", spentWords)] where name.hasSuffix(suffix) {
            let rest = name.dropLast(suffix.count).split(separator: "_")
            return rest.contains(where: { words.contains($0) || words.contains(Substring($0.lowercased())) }) ? nil : .gauge
        }
        return nil
    }
}
