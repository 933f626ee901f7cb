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

        func applies(to path: String) -> Bool {
            paths.isEmpty || paths.contains { p in
                let prefix = p.hasPrefix("./") ? String(p.dropFirst(2)) : p
                let file = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
                return file == prefix || file.hasPrefix(prefix.hasSuffix("/") ? prefix : prefix + "/")
            }
        }
    }

    /// What the servers said, and the findings of the online checks.
    public struct Result: Sendable {
        public var findings: [Finding]
        /// One line per server: what was asked, and what it could not tell.
        public var summaries: [String]
        /// The facts of a server that applies to every file, for the offline checks (its
        /// metadata and scrape intervals): nil with several servers or paths.
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
            // The catalog's declarations lie outside the paths: kept only by a server of every file.
            if !t.paths.isEmpty { mine.removeAll { !t.applies(to: $0.file) } }
            findings += mine
            let took = String(format: "%.2f", Date().timeIntervalSince(start))
            summaries.append("\(t.server.displayURL): \(client.requestCount) requests in \(took) s\(facts.notes.isEmpty ? "" : " (" + facts.notes.joined(separator: ", ") + ")")")
            if targets.count == 1 && t.paths.isEmpty { shared = facts }
        }
        findings.sort { ($0.file, $0.line, $0.column, $0.check) < ($1.file, $1.line, $1.column, $1.check) }
        return Result(findings: findings, summaries: summaries, sharedFacts: shared)
    }
}
