import ArgumentParser
import Foundation

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
        Self.tuneAllocator()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                if !message.isEmpty { Output.err(message + "\n") }
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension ObsgenCommand {
    /// Large buffers (a big file's text, its YAML tree, a report) are mapped on their own and
    /// given back to the system when freed. glibc's default raises that threshold after the
    /// first large buffer is freed, and later ones are then carved out of the heap, which keeps
    /// what was freed around it: on a 60 MB rule file that was a seventh of the peak memory.
    static func tuneAllocator() {
        #if os(Linux)
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD, malloc.h */, 1 << 20)
        #endif
    }
}

#if os(Linux)
/// glibc's `mallopt` (malloc.h is not part of the Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
