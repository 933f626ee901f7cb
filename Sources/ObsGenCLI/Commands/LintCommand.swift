import ArgumentParser
import Foundation
import ObsGen
import ObsGenLive
import ObsLint
import PrometheusAPI

/// `obsgen lint [PATH…]`.
public struct LintCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint rule files, prometheus.yml, dashboards and SLO specs (or the project and its rendered output).",
        discussion: """
        Files are recognised by their content. Everything given is linted together, so cross-file checks \
        (a dashboard reading an undefined recording rule) work on plain files. With no path, lints the \
        project's rendered output with its metric catalog.
        Exit status: 0 clean, 1 findings at or above --fail-on, 2 input or usage error.
        Suppress a finding with `# obsgen disable-next-line <check>` above it, or a whole file with \
        `# obsgen disable-file <check>`.
        With --prometheus URL (or `prometheus:` servers in obsgen.yml), the online checks (online/series, \
        online/metadata, online/config, online/catalog) ask that server; one that cannot be reached or \
        answers garbage is an error (exit 2). --offline skips obsgen.yml's servers.
        """
    )

    public enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, github, junit, checkstyle }

    @Argument(help: "Files and folders to lint.")
    var paths: [String] = []

    @Option(name: .long, help: "Output format.")
    var format: Format = .text

    @Option(name: .long, help: "Lowest severity that makes the run fail (error, warning, info).")
    var failOn: String = "error"

    @Option(name: .long, help: ArgumentHelp("obsgen.yml to use (default: found by walking up from the working folder).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Report only on rules and panels changed since this git revision (everything given is still read, for cross-file checks).", valueName: "rev"))
    var changedSince: String?

    @OptionGroup(title: "Online checks") var server: PrometheusOptions

    @Flag(name: .long, help: "Do not ask obsgen.yml's prometheus: servers (the offline checks only).")
    var offline = false

    @Flag(name: .long, help: "List every check with its default severity and summary.")
    var listChecks = false

    @OptionGroup var features: FeatureOptions

    @OptionGroup var projectOptions: ProjectOptions

    public init() {}

    public func run() throws {
        if listChecks {
            for c in Linter.allChecks {
                let d = c.description
                Output.out("\(d.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(d.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(d.summary)\n")
            }
            return
        }
        guard let failLevel = Severity(rawValue: failOn) else { throw ValidationError("--fail-on must be error, warning or info") }
        let start = DispatchTime.now().uptimeNanoseconds
        var options = try features.parseOptions()

        // obsgen.yml
        var lintConfig = LintConfig()
        var declared: [Metric] = []
        var configuredServers: [PrometheusSetting] = []
        let configURL = config.map { URL(fileURLWithPath: $0) } ?? ObsgenConfigFile.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        if let configURL {
            guard FileManager.default.fileExists(atPath: configURL.path) else {
                Output.err("obsgen: cannot read \(SafeText.escape(configURL.path))\n")
                throw ExitCode(2)
            }
            let c = ObsgenConfigFile.load(path: configURL.path)
            if !c.diagnostics.isEmpty {
                for d in c.diagnostics { Output.err(c.source.render(d, color: Output.stderrIsColorTerminal)) }
                throw ExitCode(2)
            }
            lintConfig = c.lint
            declared = c.metrics
            configuredServers = c.prometheus
            if features.enabledFeatures.isEmpty { options.features = c.features }
        }

        // Servers for the online checks: the command line's, else obsgen.yml's.
        var targets: [OnlineLint.Target] = []
        if !server.prometheus.isEmpty {
            targets = try server.targets()
        } else if !offline, let configURL, !configuredServers.isEmpty {
            targets = try configuredServers.map { try ServerOptions.target($0, relativeTo: configURL.deletingLastPathComponent()) }
        }

        var texts: [(String, String)] = []
        var inputProblems: [String: [Diagnostic]] = [:]
        let catalog = declared
        let located = paths.isEmpty ? try ProjectLocator.locate(projectOptions, command: "lint") : nil
        var context: LintContext
        if let project = located?.project {
            // The project's model, with every finding at the Swift line that declared it.
            context = Linter.context(project: project, config: lintConfig,
                                     features: features.enabledFeatures.isEmpty ? nil : options.features)
            for m in declared where context.catalog[m.name] == nil { context.catalog[m.name] = m }
            if let base = project.runbookBaseURL, let files = try? project.renderedFiles(source: project.name) {
                context.runbooks = (base, Set(files.filter { $0.path.hasPrefix("docs/runbooks/") }.map { String($0.path.dropFirst("docs/runbooks/".count)) }))
            }
        } else {
            // Read in parallel (validating UTF-8 is most of it), used in order.
            let found = Linter.files(under: paths)
            let inputs = Linter.readInputs(found)
            for (path, read) in zip(found, inputs) {
                switch read {
                case .success(let input):
                    texts.append((path, input.text))
                    if !input.problems.isEmpty { inputProblems[path] = input.problems }
                case .failure(let d):
                    Output.err("\(SafeText.escape(path, lineStart: true)):1:1: error[io]: \(SafeText.escape(d.message))\n")
                    throw ExitCode(2)
                }
            }
            context = Linter.context(texts: texts, catalog: catalog, config: lintConfig, features: options.features, inputProblems: inputProblems)
        }
        var findings: [Finding]
        if targets.isEmpty {
            findings = Linter.run(context)
        } else {
            let online: OnlineLint.Result
            do {
                online = try OnlineLint.run(context, targets: targets)
            } catch let e as PrometheusError {
                Output.err("obsgen: \(SafeText.escape(e.description))\n")
                throw ExitCode(2)
            }
            for s in online.summaries { Output.err("online: \(SafeText.escape(s))\n") }
            // A server of every file also informs the offline checks (kinds, scrape intervals).
            if let facts = online.sharedFacts { context.server = facts }
            findings = OnlineLint.merge(offline: Linter.run(context, checks: Linter.offlineChecks), online: online)
        }
        if let rev = changedSince {
            do {
                findings = try ChangedLines.since(rev, paths: paths.isEmpty ? ["."] : paths).filter(findings, context: context)
            } catch {
                Output.err("obsgen: \(SafeText.escape("\(error)"))\n")
                throw ExitCode(2)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let summary = LintSummary(context: context, findings: findings, seconds: seconds)
        let files = context.files.map(\.path)
        if format == .text {
            Output.out(TextReporter.render(findings, context: context, summary: summary, color: Output.stdoutIsColorTerminal))
        }
        if format == .text || format == .json {
            // Text is written with the model, JSON in pieces: the model is left to the
            // process' exit, not freed first.
            LeftToExit.keep(context)
        } else {
            // The other formats need only the findings, and build their report whole: the
            // inputs and their models are let go first, so that the two are not in memory together.
            context = LintContext(catalog: [:], config: LintConfig(), features: .none)
        }
        LeftToExit.keep(findings)
        switch format {
        case .text: break
        case .json: JSONReporter.write(findings, summary: summary) { Output.out(bytes: $0) }
        case .sarif: Output.out(SARIFReporter.render(findings, version: ObsgenCommand.version))
        case .github: Output.out(GitHubReporter.render(findings))
        case .junit: Output.out(JUnitReporter.render(findings, files: files, seconds: seconds))
        case .checkstyle: Output.out(CheckstyleReporter.render(findings, files: files))
        }
        if findings.contains(where: { $0.severity >= failLevel }) { throw ExitCode(1) }
    }
}
