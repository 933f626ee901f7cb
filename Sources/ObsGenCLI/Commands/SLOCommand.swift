import ArgumentParser
import Foundation
import ObsGen

/// `obsgen slo generate -i SPEC…`: Sloth's SLO specs to Prometheus rules, as Sloth generates
/// them (recording rules and multiwindow, multi-burn-rate alerts).
public struct SLOCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "slo",
        abstract: "Service level objectives: Sloth's specs to Prometheus rules.",
        subcommands: [Generate.self]
    )

    public init() {}

    public struct Generate: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Generate the recording and alerting rules of SLO specs.",
            discussion: """
                Reads Sloth's prometheus/v1 specs, sloth.slok.dev/v1 PrometheusServiceLevel resources and OpenSLO \
                v1alpha SLO documents (several per \
                file with ---) and writes Sloth's rules: SLI error ratios over every alert window and the period, \
                metadata, and page and ticket burn-rate alerts. Nothing is written unless every spec is valid: a \
                problem is a located error and exit status 2.
                """
        )

        public enum Format: String, ExpressibleByArgument, CaseIterable { case prometheus, prometheusRule = "prometheus-rule" }

        @Option(name: [.short, .customLong("input")], help: ArgumentHelp("An SLO spec file (repeat for several).", valueName: "spec"))
        var inputs: [String] = []

        @Option(name: [.short, .customLong("out")], help: ArgumentHelp("Output file; - (the default) for standard output.", valueName: "file"))
        var out: String = "-"

        @Option(name: .long, help: "Output format.")
        var format: Format = .prometheus

        @Option(name: .long, help: ArgumentHelp("The SLO period (30d, 28d or 7d), as Sloth's --default-slo-period.", valueName: "period"))
        var period: String = "30d"

        @Option(name: [.short, .customLong("label")], help: ArgumentHelp("A label added to every rule (repeatable).", valueName: "key=value"))
        var labels: [String] = []

        @Option(name: .long, help: ArgumentHelp("metadata.name of the PrometheusRule (default: the resource's or the first spec's name).", valueName: "name"))
        var name: String?

        @Option(name: .long, help: ArgumentHelp("metadata.namespace of the PrometheusRule.", valueName: "namespace"))
        var namespace: String?

        public init() {}

        public func validate() throws {
            if inputs.isEmpty { throw ValidationError("at least one spec is needed: -i SPEC") }
            guard let p = PromDuration.parse(period) else { throw ValidationError("--period \(period) is not a duration") }
            if SLOAlertWindows.forPeriod(p) == nil {
                throw ValidationError("--period \(period): no alert windows for this period (known: \(SLOAlertWindows.knownPeriods))")
            }
            for l in labels where !l.contains("=") || l.hasPrefix("=") {
                throw ValidationError("--label \(l): expected key=value")
            }
        }

        public func run() throws {
            let p = PromDuration.parse(period)!
            var specs = inputs.map { SLOSpecLoader.load(path: $0, period: p) }
            SLOSpecLoader.checkDuplicates(&specs)
            var failed = false
            for s in specs {
                for d in s.diagnostics { Output.err(s.source.render(d, color: Output.stderrIsColorTerminal)) }
                if s.hasErrors { failed = true }
            }
            if failed { throw ExitCode(2) }

            var extra: Labels = [:]
            for l in labels {
                let parts = l.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                extra[String(parts[0])] = String(parts[1])
            }
            let base = OutputPaths.sanitizedFileName(URL(fileURLWithPath: inputs[0]).deletingPathExtension().lastPathComponent)
            let fileName = name ?? specs.compactMap(\.resourceName).first ?? base
            let file = SLORules.ruleFile(named: fileName, slos: specs.flatMap(\.slos), extraLabels: extra)
            let source = inputs.joined(separator: ", ")
            let command = "obsgen slo generate"
            let text = format == .prometheus
                ? RuleFileRenderer.render(file, source: source, command: command)
                : RuleFileRenderer.renderPrometheusRule(file, source: source, namespace: namespace,
                                                        labels: ["app.kubernetes.io/component": "SLO", "app.kubernetes.io/managed-by": "obsgen"],
                                                        command: command)
            if out == "-" {
                Output.out(text)
                return
            }
            let url = URL(fileURLWithPath: out)
            do {
                _ = try OutputWriter(root: url.deletingLastPathComponent()).write([GeneratedFile(path: url.lastPathComponent, contents: text)])
            } catch {
                Output.err("obsgen: \(SafeText.escape("\(error)"))\n")
                throw ExitCode(2)
            }
            let count = specs.reduce(0) { $0 + $1.slos.count }
            Output.err("obsgen: wrote the rules of \(count) SLO(s) to \(SafeText.escape(out))\n")
        }
    }
}
