/// Metric naming conventions.
public struct NamingMetric: LintCheck {
    public static let description = CheckDescription(
        id: "naming/metric", severity: .warning,
        summary: "A metric name uses a non-base unit (`_ms`, `_kb`), has `_total` on a non-counter or lacks it on a counter, or is not snake_case.",
        rationale: "Prometheus' naming practice uses base units (seconds, bytes) so that every query and dashboard agrees without conversions; `_total` marks counters, so `rate()` users can tell at a glance. The names that matter are those the project defines (its metric catalog): a warning there. A name a rule only reads is usually an exporter's (the node exporter's `node_memory_MemFree_bytes`, the SNMP exporter's `ifHCInOctets`), which the rule's author cannot change: info, and nothing for the names of the built-in catalog of well-known exporters.",
        triggering: [.alert("↓api_health_check_latency_ms > 500"), .alert("↓requestLatencySeconds > 1")],
        nonTriggering: [.alert("api_health_check_duration_seconds > 0.5"),
                        // The node exporter's own name (from /proc/meminfo): not the rule author's to change.
                        .alert("node_memory_SwapTotal_bytes - node_memory_SwapFree_bytes > 1e9")])

    public init() {}

    static let nonBase: [(String, String)] = [("_ms", "_seconds"), ("_milliseconds", "_seconds"), ("_microseconds", "_seconds"), ("_us", "_seconds"), ("_ns", "_seconds"),
                                              ("_minutes", "_seconds"), ("_hours", "_seconds"), ("_kb", "_bytes"), ("_mb", "_bytes"), ("_gb", "_bytes"),
                                              ("_kilobytes", "_bytes"), ("_megabytes", "_bytes"), ("_bits", "_bytes")]

    public static func problem(_ name: String, kind: MetricKind?) -> String? {
        if name.contains(":") { return nil }
        var base = name
        for suffix in ["_total", "_bucket", "_sum", "_count", "_created", "_info"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        for (bad, good) in nonBase where base.hasSuffix(bad) {
            return "\(name) uses \(bad.dropFirst()); Prometheus uses base units: \(String(base.dropLast(bad.count)))\(good)"
        }
        // Byte test for the usual ASCII name; characters only for others.
        if name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) || (name.utf8.contains { $0 >= 0x80 } && name.contains(where: { $0.isUppercase })) {
            return "\(name) is not snake_case"
        }
        if let kind {
            if kind == .counter && !name.hasSuffix("_total") { return "counter \(name) should end in _total" }
            if kind != .counter && name.hasSuffix("_total") { return "\(name) ends in _total but is a \(kind.rawValue)" }
        }
        return nil
    }

    public func run(_ context: LintContext, report: inout Findings) {
        var seen = Set<String>()
        for r in context.rules {
            guard r.expr != nil else { continue }
            for (v, _) in r.selectors {
                guard let n = v.metricName, seen.insert(n).inserted, context.catalogMetric(n) == nil,
                      WellKnownMetrics.lookup(series: n) == .unknown, let p = Self.problem(n, kind: nil) else { continue }
                // Read, not defined here: most likely an exporter's name.
                report.add(r, exprRange: v.range, p, hint: "a name the linted files only read; rename it where the metric is defined", severity: .info)
            }
        }
        for m in context.catalog.values.sorted(by: { $0.name < $1.name }) {
            if let p = Self.problem(m.name, kind: m.kind), let (file, range) = context.location(of: m.site) {
                report.add(file, range, p)
            }
        }
    }
}
