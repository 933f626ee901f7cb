import Foundation
import Testing
@testable import ObsLint

/// Tools/generate-metric-catalog.py against the installed exporters: the committed catalog
/// (Sources/ObsLint/Catalog/WellKnownMetrics.swift) is what they expose. Series that depend on
/// the host (hardware the node exporter finds) or on timing (per-target series a server adds
/// after a scrape) may come and go, so the metric sets are compared with a tolerance; the
/// versions and every kind must agree exactly.
@Suite struct WellKnownCatalogGeneratorTests {
    static let script = Env.repositoryRoot.appendingPathComponent("Tools/generate-metric-catalog.py").path

    /// Runs the generator for some exporters, returning their versions and metrics (name → type, exporters).
    static func generate(_ exporters: [String], timeout: TimeInterval) throws -> (versions: [String: String], metrics: [String: (type: String, exporters: [String])]) {
        let dir = TempDir.make("obsgen-catalog-test")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("catalog.json").path
        let r = try Tool.run("python3", [script, "--only", exporters.joined(separator: ","), "--json", out], timeout: timeout)
        try #require(r.status == 0, "the generator failed:\n\(r.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let versions = json["versions"] as? [String: String] ?? [:]
        var metrics: [String: (type: String, exporters: [String])] = [:]
        for (name, v) in json["metrics"] as? [String: [String: Any]] ?? [:] {
            metrics[name] = (v["type"] as? String ?? "", v["exporters"] as? [String] ?? [])
        }
        return (versions, metrics)
    }

    /// Compares one exporter's live families with the committed ones.
    static func compare(_ exporter: String, versions: [String: String], live: [String: (type: String, exporters: [String])], tolerance: Double) throws {
        let source = try #require(WellKnownMetrics.sources.first { $0.id == exporter }, "\(exporter) is not in the committed catalog")
        #expect(versions[exporter] == source.version,
                "\(source.package) is \(versions[exporter] ?? "?") here, the catalog was generated from \(source.version): run Tools/generate-metric-catalog.py")
        let committed = WellKnownMetrics.all.values.filter { $0.exporters.contains(exporter) }
        let committedNames = Set(committed.map(\.name))
        let liveNames = Set(live.filter { $0.value.exporters.contains(exporter) }.keys)
        for m in committed where liveNames.contains(m.name) {
            #expect(m.types.joined(separator: "|") == live[m.name]?.type, "\(m.name): committed \(m.types), exposed now as \(live[m.name]?.type ?? "?")")
        }
        let missing = committedNames.subtracting(liveNames).sorted()
        let extra = liveNames.subtracting(committedNames).sorted()
        let allowed = Int(Double(committedNames.count) * tolerance)
        #expect(missing.count <= allowed, "\(exporter): \(missing.count) committed metrics not exposed now: \(missing.prefix(40))")
        #expect(extra.count <= allowed, "\(exporter): \(extra.count) metrics exposed now are not in the catalog: \(extra.prefix(40))")
    }

    /// The node exporter alone takes a couple of seconds.
    @Test(.enabled(if: Needs.tool("prometheus-node-exporter", "python3", "openssl"), "prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)"))
    func nodeExporterMatchesTheCommittedCatalog() throws {
        let (versions, live) = try Self.generate(["node"], timeout: 120)
        #expect(live.count > 300, "the node exporter exposed only \(live.count) metrics")
        try Self.compare("node", versions: versions, live: live, tolerance: 0.15)
        // Go and process collectors come with it.
        #expect(live["go_goroutines"]?.type == "gauge")
        #expect(live["process_cpu_seconds_total"]?.type == "counter")
    }

    /// Every exporter, as the catalog was generated (about half a minute).
    @Test(.enabled(if: Needs.slowTests, "slow: set OBSGEN_SLOW_TESTS=1"),
          .enabled(if: Needs.tool("python3", "openssl", "prometheus", "prometheus-alertmanager", "prometheus-pushgateway", "prometheus-node-exporter",
                                  "prometheus-blackbox-exporter", "prometheus-postgres-exporter", "prometheus-mysqld-exporter",
                                  "prometheus-redis-exporter", "prometheus-process-exporter", "prometheus-apache-exporter",
                                  "prometheus-haproxy-exporter", "prometheus-bind-exporter"),
                   "the exporters are not installed (Tools/generate-metric-catalog.py --install)"))
    func everyExporterMatchesTheCommittedCatalog() throws {
        let ids = WellKnownMetrics.sources.map(\.id)
        let (versions, live) = try Self.generate(ids, timeout: 600)
        for id in ids { try Self.compare(id, versions: versions, live: live, tolerance: 0.15) }
        #expect(Set(live.keys).subtracting(WellKnownMetrics.all.keys).count <= WellKnownMetrics.all.count / 10)
    }
}
