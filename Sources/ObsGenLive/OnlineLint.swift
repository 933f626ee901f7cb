import Foundation
import ObsGen
import ObsLint
import PrometheusAPI

/// `obsgen lint --prometheus`: the online checks of each server, on the files it applies to.
public enum OnlineLint {
    /// A server and the linted paths it applies to (prefixes; empty: every file).
    public struct Target: Sendable {
        public var server: PrometheusServer
        public var paths: [String]
        public var lookback: PromDuration
        public init(server: PrometheusServer, paths: [String] = [], lookback: PromDuration = .days(7)) {
            self.server = server
            self.paths = paths
            self.lookback = lookback
        }

        /// Whether a linted file is under one of `paths`: both are compared as absolute paths (a
        /// relative one is taken from the current folder), so that obsgen.yml's paths, made
        /// absolute from its own folder, match wherever obsgen is run from.
        func applies(to path: String) -> Bool {
            guard !paths.isEmpty else { return true }
            let file = URL(fileURLWithPath: path).standardizedFileURL.path
            return paths.contains { p in
                let prefix = URL(fileURLWithPath: p).standardizedFileURL.path
                return file == prefix || file.hasPrefix(prefix.hasSuffix("/") ? prefix : prefix + "/")
            }
        }
    }

    /// What the servers said, and the findings of the online checks.
    public struct Result: Sendable {
        public var findings: [Finding]
        /// One line per server: what was asked, and what it could not tell.
        public var summaries: [String]
        /// The facts of the only server, for the offline checks (its metadata and scrape
        /// intervals): nil with several servers, which may disagree.
        public var sharedFacts: ServerFacts?
    }

    /// Asks each server what its files need and runs the online checks on them. The first
    /// server that cannot answer stops the run (its error is thrown).
    public static func run(_ context: LintContext, targets: [Target], now: Date = Date()) throws -> Result {
        var findings: [Finding] = []
        var summaries: [String] = []
        var shared: ServerFacts?
        for t in targets {
            var sub = context
            if !t.paths.isEmpty {
                sub.rules = context.rules.filter { t.applies(to: $0.file.path) }
                sub.dashboards = context.dashboards.filter { t.applies(to: $0.file.path) }
                sub.scrapeConfigs = context.scrapeConfigs.filter { t.applies(to: $0.file.path) }
            }
            let client = PrometheusClient(server: t.server)
            let source = PrometheusSeriesSource(client: client)
            let start = Date()
            let facts = try ServerFacts.gather(for: sub, from: source, concurrency: t.server.maxConcurrentRequests, now: now, lookback: t.lookback)
            sub.server = facts
            var mine = Linter.run(sub, checks: Linter.onlineChecks, buildIssues: false)
            // Findings in linted files outside the paths are dropped; the catalog's (obsgen.yml, Swift
            // sources) are about the declarations, not a linted file, and are kept.
            if !t.paths.isEmpty { mine.removeAll { $0.check != "online/catalog" && !t.applies(to: $0.file) } }
            findings += mine
            let took = String(format: "%.2f", Date().timeIntervalSince(start))
            summaries.append("\(t.server.displayURL): \(client.requestCount) requests in \(took) s\(facts.notes.isEmpty ? "" : " (" + facts.notes.joined(separator: ", ") + ")")")
            // A metric's kind and a job's interval do not depend on the file: one server's
            // facts inform the offline checks of every file, its paths or not.
            if targets.count == 1 { shared = facts }
        }
        findings.sort(by: Finding.reportOrder)
        return Result(findings: findings, summaries: summaries, sharedFacts: shared)
    }

    /// The offline and online findings together. With several servers the offline checks keep
    /// their own kinds (the servers may disagree): where one already reports a misuse at the
    /// place online/metadata does, the online one is dropped.
    public static func merge(offline: [Finding], online: Result) -> [Finding] {
        var online = online.findings
        if online.contains(where: { $0.check == "online/metadata" }) {
            let kindChecks: Set<String> = ["promql/rate", "promql/counter", "promql/histogram"]
            let places = Set(offline.filter { kindChecks.contains($0.check) }.map { "\($0.file)\u{0}\($0.range.start)" })
            online.removeAll { $0.check == "online/metadata" && places.contains("\($0.file)\u{0}\($0.range.start)") }
        }
        return (offline + online).sorted(by: Finding.reportOrder)
    }
}
