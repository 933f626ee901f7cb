import ArgumentParser
import Foundation
import ObsGen

/// `obsgen init [DIR]`: scaffolds a new observability package.
public struct InitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Scaffold a Swift package that declares a team's metrics, alerts and dashboards with obsgen.",
        discussion: "Refuses to overwrite existing files: nothing is written when any of them exists."
    )

    @Argument(help: "Folder to create the package in.")
    var directory: String = "."

    @Option(name: .long, help: "Package name.")
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Depend on an obsgen checkout by path instead of by URL.", valueName: "path"))
    var obsgenPath: String?

    public init() {}

    public func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let package = name ?? root.lastPathComponent.replacingOccurrences(of: " ", with: "-")
        let files = Scaffold.files(packageName: package, obsgenPath: obsgenPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let existing = files.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0.path).path) }.map(\.path)
        if !existing.isEmpty {
            Output.err("obsgen: refusing to overwrite existing files in \(SafeText.escape(root.path)): \(SafeText.escape(existing.joined(separator: ", ")))\n")
            throw ExitCode(2)
        }
        for f in files {
            let url = root.appendingPathComponent(f.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(f.contents.utf8).write(to: url, options: .withoutOverwriting)
        }
        Output.err("""
        obsgen: created \(files.count) files in \(SafeText.escape(root.path))
          swift run observability render      # rules/, config/, dashboards/
          swift run observability lint
          swift run observability test        # the alerts' promtool unit tests

        """)
    }
}

/// The files `obsgen init` writes.
public enum Scaffold {
    public static func files(packageName: String, obsgenPath: String?) -> [GeneratedFile] {
        // SwiftPM names a path dependency after its folder.
        let identity = obsgenPath.map { URL(fileURLWithPath: $0).lastPathComponent.lowercased() } ?? "obsgen"
        let dependency = obsgenPath.map { ".package(path: \"\($0)\")" } ?? ".package(url: \"https://github.com/obsgen/obsgen.git\", from: \"\(ObsgenCommand.version)\")"
        let packageSwift = """
        // swift-tools-version: 6.0
        import PackageDescription

        let package = Package(
            name: "\(packageName)",
            platforms: [.macOS(.v13)],
            dependencies: [
                \(dependency),
            ],
            targets: [
                // Your metrics, alerts, scrape jobs and dashboards, as a library others can import.
                .target(name: "Observability", dependencies: [.product(name: "ObsGen", package: "\(identity)")]),
                // `swift run observability render|lint|test|promql` over your project.
                .executableTarget(name: "observability", dependencies: [
                    "Observability",
                    .product(name: "ObsGenCLI", package: "\(identity)"),
                ]),
            ]
        )

        """
        let project = """
        import ObsGen

        /// The service's metrics: interpolating one into a query writes its name.
        public enum Metrics {
            public static let requests = Counter("http_requests_total", help: "HTTP requests served.",
                                                 labels: [.oneOf("code", ["2xx", "3xx", "4xx", "5xx"], "Status class.")], job: "app")
            public static let latency = Histogram("http_request_duration_seconds", help: "HTTP request latency.",
                                                  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5], job: "app")
        }

        public enum Alerts {
            public static let errorRate = Alert(
                "HighErrorRate",
                expr: "sum(rate(\\(Metrics.requests){code=\\"5xx\\"}[5m])) / sum(rate(\\(Metrics.requests)[5m]))",
                severities: .warning(above: 0.01), .critical(above: 0.05),
                for: .minutes(5),
                summary: "{{ $value | humanizePercentage }} of requests fail",
                description: "The share of 5xx answers is above the threshold for 5 minutes.",
                runbookURL: "https://example.org/runbooks/HighErrorRate.md",
                runbook: Runbook(detection: "5xx share over 5 minutes.", diagnosis: ["Check the latest deployment."], resolution: ["Roll back."]),
                tests: [AlertTest("fires on errors", series: [
                    .init("http_requests_total{code=\\"5xx\\"}", "0+10x10"),
                    .init("http_requests_total{code=\\"2xx\\"}", "0+10x10"),
                ], evalTime: .minutes(10), expect: [
                    .init(labels: ["alertname": "HighErrorRate", "severity": "warning"],
                          annotations: ["summary": "50% of requests fail", "description": "The share of 5xx answers is above the threshold for 5 minutes.",
                                        "runbook_url": "https://example.org/runbooks/HighErrorRate.md"]),
                    .init(labels: ["alertname": "HighErrorRate", "severity": "critical"],
                          annotations: ["summary": "50% of requests fail", "description": "The share of 5xx answers is above the threshold for 5 minutes.",
                                        "runbook_url": "https://example.org/runbooks/HighErrorRate.md"]),
                ])])
        }

        public let project = Project("\(packageName)", prometheus: PrometheusSettings(scrapeInterval: .seconds(15), evaluationInterval: .seconds(30))) {
            Metrics.requests
            Metrics.latency
            RuleFile("service") {
                RuleGroup("service.alerts", interval: .seconds(30)) {
                    Alerts.errorRate
                }
            }
            ScrapeJob("app", targets: ["app:8080"])
            Dashboards("Service", uid: "service-overview", tags: ["service"]) {
                TimeSeries("Error ratio", Query("sum(rate(\\(Metrics.requests){code=\\"5xx\\"}[$__rate_interval])) / sum(rate(\\(Metrics.requests)[$__rate_interval]))", legend: "errors"))
                    .unit("percentunit").thresholds(from: Alerts.errorRate)
                TimeSeries("Latency p95", Query("histogram_quantile(0.95, sum by (le) (rate(\\(Metrics.latency.bucket)[$__rate_interval])))", legend: "p95"))
                    .unit("s")
            }
        }

        """
        let main = """
        import Observability
        import ObsGenCLI

        ObsgenCommand.main(project: project)

        """
        let precommit = """
        # https://pre-commit.com — `pre-commit install` once; then every commit is checked.
        repos:
          - repo: https://github.com/obsgen/obsgen
            rev: v\(ObsgenCommand.version)
            hooks:
              - id: obsgen-lint
          - repo: local
            hooks:
              - id: observability-render-check
                name: rendered files are up to date
                entry: swift run observability render --check
                language: system
                pass_filenames: false
                files: (\\.swift|templates/.*)$

        """
        let workflow = """
        # Lint gate and freshness check for the observability package.
        name: observability
        on: [push, pull_request]
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - name: Prometheus tools
                run: sudo apt-get update && sudo apt-get install -y prometheus
              - name: Rendered files are up to date
                run: swift run observability render --check
              - name: Lint
                run: swift run observability lint --format github
              - name: Alert unit tests
                run: swift run observability test
              - name: promtool
                run: promtool check rules rules/*.yml && promtool check config config/prometheus.yml

        """
        let readme = """
        # \(packageName)

        Metrics, alerts, scrape jobs and dashboards of the service, declared once in Swift with
        [obsgen](https://github.com/obsgen/obsgen).

        | command | what |
        |---|---|
        | `swift run observability render` | writes `rules/`, `config/`, `dashboards/`, `docs/runbooks/` |
        | `swift run observability render --check` | fails when the committed files are stale |
        | `swift run observability lint` | checks PromQL, thresholds, labels and dashboards |
        | `swift run observability test` | runs the alerts' unit tests with promtool |

        Edit `Sources/Observability/Project.swift`; `templates/runbook.md` shapes the runbooks.
        `pre-commit install` runs the checks before every commit (`.pre-commit-config.yaml`);
        `.github/workflows/observability.yml` runs them in CI.

        """
        let obsgenYML = """
        # obsgen settings (see obsgen's docs/obsgen-yml.md for every key).
        promql:
          features: []
        lint:
          checks:
            alerts/required:
              annotations: summary,description,runbook_url

        """
        let gitignore = ".build/\n.swiftpm/\nPackage.resolved\n"
        return [
            GeneratedFile(path: "Package.swift", contents: packageSwift),
            GeneratedFile(path: "Sources/Observability/Project.swift", contents: project),
            GeneratedFile(path: "Sources/observability/main.swift", contents: main),
            GeneratedFile(path: ".pre-commit-config.yaml", contents: precommit),
            GeneratedFile(path: ".github/workflows/observability.yml", contents: workflow),
            GeneratedFile(path: "README.md", contents: readme),
            GeneratedFile(path: "obsgen.yml", contents: obsgenYML),
            GeneratedFile(path: "templates/runbook.md", contents: RunbookRenderer.defaultTemplate),
            GeneratedFile(path: ".gitignore", contents: gitignore),
        ]
    }
}
