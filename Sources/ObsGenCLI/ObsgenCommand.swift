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
        subcommands: [InitCommand.self, RenderCommand.self, LintCommand.self, FmtCommand.self, TestCommand.self, RulesCommand.self, SLOCommand.self, GateCommand.self, CatalogCommand.self, PromQLCommand.self, DocsCommand.self]
    )

    public init() {}

    /// Runs the command line with obsgen's exit statuses: 0 success, 1 findings or invalid
    /// input, 2 usage or input errors (argument-parser's own usage status is mapped to 2).
    public static func runMain(arguments: [String]? = nil) -> Never {
        Self.tuneAllocator()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            fail(error, as: Self.self)
        }
        do {
            try command.run()
            exit(withError: nil)
        } catch let failure as ServerOptions.Failure {
            // What the command line or obsgen.yml says about a server: a message, no usage text;
            // located ones (in obsgen.yml) carry their place instead of the program's name.
            let text = failure.description.contains(": error[") ? failure.description : "obsgen: " + failure.description
            Output.err(text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escape(String($0), lineStart: true) }.joined(separator: "\n") + "\n")
            Foundation.exit(2)
        } catch let usage as ValidationError {
            // A usage error found while running (values that do not go together): the message,
            // without the root command's usage text.
            Output.err("obsgen: " + SafeText.escape(usage.message) + "\n")
            Foundation.exit(2)
        } catch {
            fail(error, as: Self.self)
        }
    }

    /// Prints an error as ArgumentParser words it for `type` and exits with obsgen's status.
    private static func fail(_ error: any Error, as type: any ParsableCommand.Type) -> Never {
        let code = type.exitCode(for: error)
        // Help and version text, ours: printed by ArgumentParser.
        if code == .success { type.exit(withError: error) }
        // An error may quote what was typed (an unknown option, a value): each line escaped.
        let message = type.fullMessage(for: error)
        if !message.isEmpty {
            Output.err(message.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escape(String($0), lineStart: true) }.joined(separator: "\n") + "\n")
        }
        Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
}

extension ObsgenCommand {
    /// Large buffers (a big file's text, its YAML tree, a report) are mapped on their own and
    /// given back to the system when freed. glibc's default raises that threshold after the
    /// first large buffer is freed, and later ones are then carved out of the heap, which keeps
    /// what was freed around it: on a 60 MB rule file that was a seventh of the peak memory.
    static func tuneAllocator() {
        #if os(Linux)
        // glibc's mallopt(M_MMAP_THRESHOLD = -3, 1 MiB), looked up at run time (malloc.h is not
        // part of the Glibc module, and another C library may not have it).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 1 << 20)
        }
        #endif
    }
}
