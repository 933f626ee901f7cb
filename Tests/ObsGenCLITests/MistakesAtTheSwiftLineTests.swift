import Foundation
import Testing

/// In a package scaffolded by `obsgen init`, each typical mistake in turn: `obsgen lint` (the
/// obsgen on PATH, building the package) reports it once, with its check id, at the Swift line
/// that made it; `obsgen render` refuses to write.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "the obsgen executable is not built"))
struct MistakesAtTheSwiftLineTests {
    static let project = #"""
    import ObsGen

    public enum Metrics {
        public static let requests = Counter("http_requests_total", help: "HTTP requests served.",
                                             labels: [.oneOf("code", ["2xx", "5xx"])], job: "app")
        public static let inFlight = Gauge("http_requests_in_flight", help: "Requests being served.", job: "app")
    }

    let errorRatio: PromQLText = "sum(rate(\(Metrics.requests){code=\"5xx\"}[5m])) / sum(rate(\(Metrics.requests)[5m]))"

    public let project = Project("scratch", prometheus: PrometheusSettings(scrapeInterval: .seconds(15), evaluationInterval: .seconds(30))) {
        Metrics.requests
        Metrics.inFlight
        RuleFile("service") {
            RuleGroup("service.alerts", interval: .seconds(30)) {
                Alert("Base", expr: errorRatio, severities: .warning(above: 0.01), .critical(above: 0.05), for: .minutes(5),
                      summary: "s", description: "d", runbookURL: "https://example.org/r")
                /*RULE*/
            }
        }
        ScrapeJob("app", targets: ["app:8080"])
        Dashboards("Service", uid: "service") {
            TimeSeries("Requests", Query("sum(rate(\(Metrics.requests)[$__rate_interval]))")).unit("reqps")
            /*PANEL*/
        }
    }

    """#

    static func alert(_ name: String, _ expr: String, _ levels: String) -> String {
        "Alert(\"\(name)\", expr: \(expr), severities: \(levels), for: .minutes(5), summary: \"s\", description: \"d\", runbookURL: \"https://example.org/r\")"
    }

    /// (what, where, the Swift line inserted, the check expected).
    static let mistakes: [(String, String, String, String)] = [
        ("a PromQL typo", "RULE", alert("Typo", #""sum(rate(\(Metrics.requests)[5m])""#, ".warning(above: 1)"), "promql/syntax"),
        ("a ladder in the wrong order", "RULE", alert("Ladder", "errorRatio", ".critical(above: 0.01), .warning(above: 0.05)"), "thresholds/ladder"),
        ("a ratio threshold written as a percent", "RULE", alert("Percent", "errorRatio", ".warning(above: 5), .critical(above: 10)"), "thresholds/units"),
        ("an undeclared label in an expression", "RULE", alert("Label", #""sum(rate(\(Metrics.requests){cod=\"5xx\"}[5m]))""#, ".warning(above: 1)"), "labels/undefined"),
        ("rate() on a gauge", "RULE", alert("Gauge", #""rate(\(Metrics.inFlight)[5m])""#, ".warning(above: 1)"), "promql/rate"),
        ("a duplicate alert", "RULE", alert("Base", "errorRatio", ".warning(above: 0.01), .critical(above: 0.05)"), "rules/duplicate"),
        ("a comparison inside a ladder expression", "RULE", alert("Cond", #""\(errorRatio) > 0.01""#, ".warning(above: 0.05)"), "thresholds/ladder"),
        ("a metric used but not declared", "RULE", alert("Undeclared", #""sum(rate(http_request_total[5m]))""#, ".warning(above: 1)"), "rules/undefined"),
        ("a panel reading an undefined recording rule", "PANEL", #"TimeSeries("Errors", Query("job:http_errors:ratio5m")).unit("percentunit")"#, "rules/undefined"),
        ("an undeclared label in label_values()", "PANEL", #"QueryVariable("code", query: "label_values(\(Metrics.requests), cod)")"#, "labels/undefined"),
    ]

    @Test(.enabled(if: Needs.slowTests, "slow (builds a package for each mistake): set OBSGEN_SLOW_TESTS=1"))
    func eachMistakeIsReportedOnceAtItsSwiftLine() throws {
        let dir = TempDir.make("obsgen-mistakes")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["PATH": "\(CLI.binary!.deletingLastPathComponent().path):\(ProcessInfo.processInfo.environment["PATH"] ?? "")"]
        let created = try CLI.run(["init", dir.path, "--name", "scratch"])
        try #require(created.status == 0, "\(created.stderr)")
        let source = dir.appendingPathComponent("Sources/Observability/Project.swift")
        try Data(Self.project.utf8).write(to: source)
        let clean = try Tool.sh("obsgen lint --format json", in: dir, env: env, timeout: 900)
        #expect(clean.status == 0, "the scratch project without mistakes: \(clean.output.suffix(3000))")

        for (what, marker, code, check) in Self.mistakes {
            let text = Self.project.replacingOccurrences(of: "/*\(marker)*/", with: code)
            try Data(text.utf8).write(to: source)
            let line = text.components(separatedBy: "\n").firstIndex { $0.contains(code) }! + 1
            let lint = try Tool.sh("obsgen lint --format json", in: dir, env: env, timeout: 900)
            guard let json = try? JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any],
                  let findings = json["findings"] as? [[String: Any]] else {
                Issue.record("\(what): no JSON from obsgen lint: \(lint.output.suffix(3000))")
                continue
            }
            let hits = findings.filter { ($0["check"] as? String) == check }
            #expect(hits.count == 1, "\(what): \(check) reported \(hits.count) times: \(findings)")
            #expect((hits.first?["file"] as? String)?.hasSuffix("Sources/Observability/Project.swift") == true, "\(what): \(hits)")
            #expect(hits.first?["line"] as? Int == line, "\(what): expected line \(line), got \(hits.first?["line"] ?? "none")")
            print("\(what): \(hits.first.map { "Project.swift:\($0["line"]!):\($0["column"]!): \($0["severity"]!)[\(check)]: \($0["message"]!)" } ?? "not reported")")
            // render refuses to write while an error remains.
            if hits.first?["severity"] as? String == "error" {
                let render = try Tool.sh("obsgen render", in: dir, env: env, timeout: 900)
                #expect(render.status == 2, "\(what): render wrote despite an error")
                #expect(render.stderr.contains("Project.swift:\(line):"), "\(what): \(render.stderr)")
            }
        }
    }
}
