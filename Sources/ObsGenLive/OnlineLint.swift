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

        /// The linted files under one of `paths`, as a test of a file's path: both are compared
        /// as absolute paths (a relative one is taken from the current folder), so that
        /// obsgen.yml's paths, made absolute from its own folder, match wherever obsgen is run
        /// from. Each distinct file is resolved once.
        func filter() -> (String) -> Bool {
            guard !paths.isEmpty else { return { _ in true } }
            let prefixes = paths.map { p -> String in
                let prefix = URL(fileURLWithPath: p).standardizedFileURL.path
                return prefix.hasSuffix("/") ? prefix : prefix + "/"
            }
            var known: [String: Bool] = [:]
            return { path in
                if let answer = known[path] { return answer }
                let file = URL(fileURLWithPath: path).standardizedFileURL.path
                let answer = prefixes.contains { file + "/" == $0 || file.hasPrefix($0) }
                known[path] = answer
                return answer
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
            let applies = t.filter()
            if !t.paths.isEmpty {
                sub.rules = context.rules.filter { applies($0.file.path) }
                sub.dashboards = context.dashboards.filter { applies($0.file.path) }
                sub.scrapeConfigs = context.scrapeConfigs.filter { applies($0.file.path) }
            }
            let client = PrometheusClient(server: t.server)
            let source = PrometheusSeriesSource(client: client)
            let start = Date()
            let facts = try ServerFacts.gather(for: sub, from: source, concurrency: t.server.maxConcurrentRequests, now: now, lookback: t.lookback)
            sub.server = facts
            var mine = Linter.run(sub, checks: Linter.onlineChecks, buildIssues: false)
            // Findings in linted files outside the paths are dropped; the catalog's (obsgen.yml, Swift
            // sources) are about the declarations, not a linted file, and are kept.
            if !t.paths.isEmpty { mine.removeAll { $0.check != "online/catalog" && !applies($0.file) } }
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
