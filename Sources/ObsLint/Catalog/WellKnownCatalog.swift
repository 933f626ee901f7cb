/// A metric of the built-in catalog: what a well-known exporter exposes under this name.
public struct WellKnownMetric: Sendable, Hashable {
    public var name: String
    /// The type as exposed; nil when untyped, or when exporters disagree (see `types`).
    public var kind: MetricKind?
    /// The types exposed under this name (`counter`, `gauge`, `histogram`, `summary`, `untyped`).
    public var types: [String]
    /// The base unit the name ends with, if any.
    public var unit: MetricUnit?
    /// The exporters that expose it (ids of `WellKnownMetrics.sources`).
    public var exporters: [String]
    /// Label names, with the values seen where they are a small set fixed by the exporter.
    public var labels: [LabelSpec]
    public var help: String
}

/// The built-in catalog of well-known metrics, generated from the /metrics output of the
/// exporters Debian packages (Tools/generate-metric-catalog.py writes WellKnownMetrics.swift).
/// It tells the linter what kind a metric is where the project has no catalog of its own; it
/// says nothing about the labels a real setup adds (job, instance, relabeled target labels).
public enum WellKnownMetrics {
    /// An exporter the catalog was generated from.
    public struct Source: Sendable, Hashable {
        public var id: String
        public var package: String
        public var version: String
        /// How many metric families it exposed.
        public var metrics: Int
    }

    public static let sources: [Source] = sourceTable.split(separator: "\n").compactMap { line in
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 4, let n = Int(f[3]) else { return nil }
        return Source(id: f[0], package: f[1], version: f[2], metrics: n)
    }

    /// Every metric, by name (every line of the table parsed: for tests and documentation; a
    /// lookup parses only the line it finds).
    public static let all: [String: WellKnownMetric] = {
        var out: [String: WellKnownMetric] = [:]
        for line in lines { if let m = parse(line) { out[m.name] = m } }
        return out
    }()

    /// The table's lines, and the line of each name: found with a byte scan, without parsing
    /// the lines (the first lookup of a run used to parse the whole table).
    static let lines: [Substring] = table.utf8.split(separator: UInt8(ascii: "\n")).map { Substring($0) }
    static let lineOfName: [Substring: Int] = {
        var out: [Substring: Int] = [:]
        out.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            guard let tab = line.utf8.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            out[line[line.startIndex..<tab]] = i
        }
        return out
    }()

    /// The metric of that name, if the catalog has it.
    public static func metric(_ name: String) -> WellKnownMetric? {
        lineOfName[Substring(name)].flatMap { parse(lines[$0]) }
    }

    static func parse(_ line: Substring) -> WellKnownMetric? {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 6 else { return nil }
        let types = f[1].split(separator: "|").map(String.init)
        let kind = types.count == 1 ? MetricKind(rawValue: types[0]) : nil
        let labels = f[4].split(separator: ",").map { l -> LabelSpec in
            let parts = l.split(separator: "=", maxSplits: 1)
            return LabelSpec(String(parts[0]), values: parts.count == 2 ? parts[1].split(separator: "|").map(String.init) : nil)
        }
        return WellKnownMetric(name: f[0], kind: kind, types: types, unit: f[2].isEmpty ? nil : MetricUnit(rawValue: f[2]),
                               exporters: f[3].split(separator: ",").map(String.init), labels: labels, help: f[5])
    }

    /// What the catalog says about a series name.
    public enum Answer: Sendable, Equatable {
        /// Not a well-known name.
        case unknown
        /// A well-known series of no single known kind (untyped, or typed differently by
        /// different exporters): known, and its kind is not to be guessed from its name.
        case untyped(WellKnownMetric)
        /// A series of this kind: a histogram's or summary's `_bucket`, `_sum` and `_count` are
        /// counters, a summary's own name its quantiles.
        case kind(MetricKind, of: WellKnownMetric)
    }

    /// The kind of a series name: the metric's own, or that of the histogram or summary it
    /// is a `_bucket`, `_sum` or `_count` of.
    public static func lookup(series name: String) -> Answer {
        if let m = metric(name) {
            guard let k = m.kind else { return .untyped(m) }
            return .kind(k, of: m)
        }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            guard let m = metric(String(name.dropLast(suffix.count))) else { continue }
            if m.kind == .histogram || (m.kind == .summary && suffix != "_bucket") { return .kind(.counter, of: m) }
        }
        return .unknown
    }

    /// Who exposes a metric, as the subject of a sentence: `the node exporter exposes`,
    /// `every exporter exposes`, `Prometheus and Alertmanager expose`.
    public static func exposes(_ exporters: [String]) -> String {
        if exporters.count == sources.count, exporters.count > 1 { return "every exporter exposes" }
        if exporters.count > 3 { return "\(exporters.count) exporters expose" }
        let names = exporters.map { id -> String in
            switch id {
            case "prometheus": "Prometheus"
            case "alertmanager": "Alertmanager"
            case "pushgateway": "the Pushgateway"
            default: "the \(id) exporter"
            }
        }
        guard let last = names.last else { return "an exporter exposes" }
        return names.count == 1 ? "\(last) exposes" : names.dropLast().joined(separator: ", ") + " and \(last) expose"
    }
}
