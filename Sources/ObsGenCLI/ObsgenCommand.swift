import ArgumentParser
import Foundation
import ObsGen

/// The `obsgen` command line. The root only lists subcommands; each subcommand is a thin shell
/// over the libraries. A user's own executable can run the same commands with
/// `ObsgenCommand.main()`.
public struct ObsgenCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "obsgen",
        abstract: "Observability as code: PromQL, Prometheus rules and Grafana dashboards from one Swift source.",
        version: version,
        subcommands: [InitCommand.self, RenderCommand.self, LintCommand.self, TestCommand.self, RulesCommand.self, PromQLCommand.self, DocsCommand.self]
    )

    public init() {}

    /// Runs the command line with obsgen's exit statuses: 0 success, 1 findings or invalid
    /// input, 2 usage or input errors (argument-parser's own usage status is mapped to 2).
    public static func runMain(arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            // Help and version text, ours: printed by ArgumentParser.
            if code == .success { exit(withError: error) }
            // An error may quote what was typed (an unknown option, a value): each line escaped.
            let message = fullMessage(for: error)
            if !message.isEmpty {
                Output.err(message.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escape(String($0), lineStart: true) }.joined(separator: "\n") + "\n")
            }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
