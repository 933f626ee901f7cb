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

    @Option(name: .long, help: ArgumentHelp("Depend on the obsgen checkout at this path (default: the checkout this obsgen was built from, when it runs from one).", valueName: "path"))
    var obsgenPath: String?

    @Option(name: .long, help: ArgumentHelp("Depend on obsgen by git URL instead of by path (with --obsgen-version).", valueName: "url"))
    var obsgenURL: String?

    @Option(name: .long, help: ArgumentHelp("The version to depend on with --obsgen-url.", valueName: "version"))
    var obsgenVersion: String = ObsgenCommand.version

    public init() {}

    public func validate() throws {
        if obsgenPath != nil && obsgenURL != nil { throw ValidationError("give --obsgen-path or --obsgen-url, not both") }
    }

    public func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let package = name ?? root.lastPathComponent.replacingOccurrences(of: " ", with: "-")
        let dependency: Scaffold.Dependency
        if let obsgenURL {
            dependency = .url(obsgenURL, version: obsgenVersion)
        } else if let path = obsgenPath ?? Scaffold.runningCheckout()?.path {
            let resolved = URL(fileURLWithPath: path).standardizedFileURL
            guard FileManager.default.fileExists(atPath: resolved.appendingPathComponent("Package.swift").path) else {
                Output.err("obsgen: --obsgen-path \(resolved.path) has no Package.swift\n")
                throw ExitCode(2)
            }
            dependency = .path(resolved.path)
        } else {
            Output.err("""
            obsgen: this obsgen was not built from a checkout it can find, so the package cannot depend on it by path.
              Give one:  obsgen init \(directory) --obsgen-path /path/to/obsgen
              or a URL:  obsgen init \(directory) --obsgen-url https://… --obsgen-version \(ObsgenCommand.version)

            """)
            throw ExitCode(2)
        }
        let files = Scaffold.files(packageName: package, dependency: dependency)
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
        obsgen: created \(files.count) files in \(SafeText.escape(root.path)) (obsgen: \(SafeText.escape(dependency.description)))
          cd \(SafeText.escape(root.path))
          obsgen render        # builds the package, writes rules/, config/, dashboards/, docs/runbooks/
          obsgen lint          # checks the project at its Swift lines
          obsgen test          # the alerts' unit tests, with promtool
          pre-commit install   # render --check and lint before every commit

        """)
    }
}

/// The files `obsgen init` writes.
public enum Scaffold {
    /// How the package depends on obsgen.
    public enum Dependency: CustomStringConvertible, Sendable {
        case path(String)
        case url(String, version: String)

        /// SwiftPM's identity for the dependency: the last path component, lowercased.
        var identity: String {
            switch self {
            case .path(let p): URL(fileURLWithPath: p).lastPathComponent.lowercased()
            case .url(let u, _):
                String((u.split(separator: "/").last ?? "obsgen").lowercased().replacingOccurrences(of: ".git", with: ""))
            }
        }

        var packageLine: String {
            switch self {
            case .path(let p): ".package(path: \"\(p)\")"
            case .url(let u, let v): ".package(url: \"\(u)\", from: \"\(v)\")"
            }
        }

        public var description: String {
            switch self {
            case .path(let p): "by path, \(p)"
            case .url(let u, let v): "\(u) from \(v)"
            }
        }
    }

    /// The executable target: runs obsgen's commands over the package's project.
    public static let product = "obsgen-project"

    /// The obsgen checkout the running executable was built in (walking up from the binary to
    /// the Package.swift that declares obsgen), if any.
    public static func runningCheckout() -> URL? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while dir.path != "/" {
            let manifest = dir.appendingPathComponent("Package.swift")
            if let text = try? String(contentsOf: manifest, encoding: .utf8), text.contains("name: \"obsgen\""),
               FileManager.default.fileExists(atPath: dir.appendingPathComponent("Sources/ObsGenCLI").path) {
                return dir
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    public static func files(packageName: String, dependency obsgen: Dependency) -> [GeneratedFile] {
        let identity = obsgen.identity
        let dependency = obsgen.packageLine
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
                // obsgen's commands over your project: `obsgen render|lint|test` builds and runs it.
                .executableTarget(name: "\(product)", dependencies: [
                    "Observability",
                    .product(name: "ObsGenCLI", package: "\(identity)"),
                ]),
            ]
        )

        """
        let project = """
        import ObsGen

        /// The service's metrics: interpolating one into a query writes its name, and makes it part
        /// of the project (no need to list it again).
        public enum Metrics {
            public static let requests = Counter("http_requests_total", help: "HTTP requests served.",
                                                 labels: [.oneOf("code", ["2xx", "3xx", "4xx", "5xx"], "Status class.")], job: "app")
            public static let latency = Histogram("http_request_duration_seconds", help: "HTTP request latency.",
                                                  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5], job: "app")
        }

        /// Recording rules: interpolating one writes the series it records.
        public enum Rules {
            public static let errorRatio = Record("service:http_errors:ratio_rate5m",
                expr: "sum(rate(\\(Metrics.requests){code=\\"5xx\\"}[5m])) / sum(rate(\\(Metrics.requests)[5m]))")
        }

        public enum Alerts {
            public static let errorRate = Alert(
                "HighErrorRate",
                expr: "\\(Rules.errorRatio)",
                severities: .warning(above: 0.01), .critical(above: 0.05),
                for: .minutes(5),
                summary: "{{ $value | humanizePercentage }} of requests fail",
                description: "The share of 5xx answers is above the threshold for 5 minutes.",
                runbook: Runbook(detection: "5xx share over 5 minutes.", diagnosis: ["Check the latest deployment."], resolution: ["Roll back."]),
                tests: [AlertTest("fires on errors", series: [
                    .init("http_requests_total{code=\\"5xx\\"}", "0+10x10"),
                    .init("http_requests_total{code=\\"2xx\\"}", "0+10x10"),
                ], evalTime: .minutes(10), expect: [
                    // obsgen expands the annotations as Prometheus would for this value ("50% of requests fail").
                    .init(labels: ["alertname": "HighErrorRate", "severity": "warning"], value: 0.5),
                    .init(labels: ["alertname": "HighErrorRate", "severity": "critical"], value: 0.5),
                ])])
        }

        public let project = Project("\(packageName)", prometheus: PrometheusSettings(scrapeInterval: .seconds(15), evaluationInterval: .seconds(30)),
                                     runbookBaseURL: "https://example.org/runbooks") {   // runbook_url of every alert
            RuleFile("service") {
                RuleGroup("service.recording", interval: .seconds(30)) {
                    Rules.errorRatio
                }
                RuleGroup("service.alerts", interval: .seconds(30)) {
                    Alerts.errorRate
                }
            }
            ScrapeJob("app", targets: ["app:8080"])
            Dashboards("Service", uid: "service-overview", tags: ["service"]) {
                TimeSeries("Error ratio", Query("\\(Rules.errorRatio)", legend: "errors"))
                    .unit(.percentunit).thresholds(from: Alerts.errorRate)
                TimeSeries("Latency p95", Query("histogram_quantile(0.95, sum by (le) (rate(\\(Metrics.latency.bucket)[$__rate_interval])))", legend: "p95"))
                    .unit(.seconds)
                Heatmap("Latency", buckets: Metrics.latency)
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
        # Needs obsgen on PATH (it builds and runs this package's obsgen-project).
        repos:
          - repo: local
            hooks:
              - id: obsgen-render-check
                name: rendered files are up to date (obsgen render --check)
                entry: obsgen render --check
                language: system
                pass_filenames: false
              - id: obsgen-lint
                name: obsgen lint
                entry: obsgen lint
                language: system
                pass_filenames: false
              # Rule files written by hand (not the rendered rules/) go in handwritten/:
              # formatted in place, comments kept.
              - id: obsgen-fmt
                name: obsgen fmt (hand-written rule files)
                entry: obsgen fmt
                language: system
                files: ^handwritten/.*\\.ya?ml$

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
                run: swift run \(product) render --check
              - name: Lint
                run: swift run \(product) lint --format github
              - name: Alert unit tests
                run: swift run \(product) test
              - name: promtool
                run: promtool check rules rules/*.yml && promtool check config config/prometheus.yml

        """
        let readme = """
        # \(packageName)

        Metrics, alerts, scrape jobs and dashboards of the service, declared once in Swift with
        obsgen. `obsgen.yml` names this package as the project, so `obsgen` run anywhere in it
        builds `\(product)` (incrementally) and acts on it:

        | command | what |
        |---|---|
        | `obsgen render` | writes `rules/`, `config/`, `dashboards/`, `docs/runbooks/` |
        | `obsgen render --check` | fails when the committed files are stale |
        | `obsgen lint` | checks PromQL, thresholds, labels and dashboards, at the Swift lines |
        | `obsgen test` | runs the alerts' unit tests with promtool |

        Edit `Sources/Observability/Project.swift`; `templates/runbook.md` shapes the runbooks.
        `pre-commit install` runs `render --check` and `lint` before every commit, and
        `obsgen fmt` on rule files you write by hand in `handwritten/`
        (`.pre-commit-config.yaml`); `.github/workflows/observability.yml` runs them in CI
        (`swift run \(product) …`, the same commands without obsgen on PATH).

        """
        let obsgenYML = """
        # obsgen settings (see obsgen's docs/obsgen-yml.md for every key).
        # The project: this package; obsgen builds and runs its executable.
        project:
          package: .
          product: \(product)
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
            GeneratedFile(path: "Sources/\(product)/main.swift", contents: main),
            GeneratedFile(path: ".pre-commit-config.yaml", contents: precommit),
            GeneratedFile(path: ".github/workflows/observability.yml", contents: workflow),
            GeneratedFile(path: "README.md", contents: readme),
            GeneratedFile(path: "obsgen.yml", contents: obsgenYML),
            GeneratedFile(path: "templates/runbook.md", contents: RunbookRenderer.defaultTemplate),
            GeneratedFile(path: ".gitignore", contents: gitignore),
        ]
    }
}
