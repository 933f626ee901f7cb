import ArgumentParser
import Foundation
import ObsGen

/// `obsgen rules render FILE… --out DIR`: existing rule files through obsgen's loader and
/// renderer (plain, PrometheusRule or Thanos in; plain or PrometheusRule out).
public struct RulesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Read existing rule files into obsgen's model and write them back.",
        subcommands: [Render.self]
    )

    public init() {}

    public struct Render: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Load rule files and render them in canonical form.",
            discussion: "Nothing is written unless every file loads cleanly: a malformed file is a located error and exit status 2."
        )

        public enum Format: String, ExpressibleByArgument, CaseIterable { case prometheus, prometheusRule = "prometheus-rule" }

        @Argument(help: "Rule files (plain Prometheus, PrometheusRule resources, Thanos).")
        var files: [String]

        @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
        var out: String

        @Option(name: .long, help: "Output format.")
        var format: Format = .prometheus

        @OptionGroup var features: FeatureOptions

        public init() {}

        public func run() throws {
            let options = try features.parseOptions()
            var loaded: [LoadedRuleFile] = []
            var failed = false
            for f in files {
                let l = RuleFileLoader.load(path: f, features: options.features)
                for d in l.diagnostics { Output.err(l.source.render(d, color: Output.stderrIsColorTerminal)) }
                if l.hasErrors { failed = true }
                loaded.append(l)
            }
            if failed { throw ExitCode(2) }
            var generated: [GeneratedFile] = []
            var names: Set<String> = []
            for l in loaded {
                let base = OutputPaths.sanitizedFileName(URL(fileURLWithPath: l.path).deletingPathExtension().lastPathComponent)
                guard names.insert(base).inserted else {
                    Output.err("obsgen: two input files would both be written as \(SafeText.escape(base))\n")
                    throw ExitCode(2)
                }
                let text = format == .prometheus
                    ? RuleFileRenderer.render(l.ruleFile, source: l.path)
                    : RuleFileRenderer.renderPrometheusRule(l.ruleFile, source: l.path)
                generated.append(GeneratedFile(path: "\(base).\(format == .prometheus ? "yml" : "yaml")", contents: text))
            }
            do {
                try OutputWriter(root: URL(fileURLWithPath: out)).write(generated)
            } catch {
                Output.err("obsgen: \(SafeText.escape("\(error)"))\n")
                throw ExitCode(2)
            }
            Output.err("obsgen: wrote \(generated.count) rule file(s) to \(SafeText.escape(out))\n")
        }
    }
}
