import ArgumentParser
import Foundation
import ObsGen
import ObsGenLive
import PrometheusAPI

/// `obsgen catalog …`: the metric catalog.
public struct CatalogCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work with the metric catalog.",
        subcommands: [ImportCommand.self]
    )

    public init() {}

    /// `obsgen catalog import --prometheus URL`.
    public struct ImportCommand: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Write Swift DSL metric declarations for the metrics a running Prometheus has.",
            discussion: """
            Kind, help and unit come from the server's metadata (/api/v1/metadata), else the name; labels \
            from the series seen in the last 10 minutes (job, instance, le and quantile left out), declared \
            with their values where a label has at most --max-values of them; a histogram's buckets from \
            its le values. Recording rules' series (names with ':') and Prometheus' own (up, scrape_*) are \
            left out. Writes to standard output, or to -o FILE (a new or regular file, replaced whole).
            Exit status: 0 written, 2 server or usage error, or no metrics matched (nothing written).
            """
        )

        @OptionGroup(title: "Server") var server: PrometheusOptions

        @Option(name: .long, help: ArgumentHelp("Only metrics of this scrape job; repeatable.", valueName: "job"))
        var job: [String] = []

        @Option(name: .long, help: ArgumentHelp("Only series matching this selector ('{__name__=~\"deploy.*\"}'); repeatable.", valueName: "selector"))
        var match: [String] = []

        @Option(name: .long, help: ArgumentHelp("Labels with at most this many values are declared with them.", valueName: "n"))
        var maxValues: Int = 10

        @Option(name: .customLong("enum"), help: ArgumentHelp("Name of the enum that holds the declarations.", valueName: "name"))
        var enumName: String = "ImportedMetrics"

        @Option(name: .shortAndLong, help: ArgumentHelp("File to write (default: standard output).", valueName: "file"))
        var output: String?

        public init() {}

        public func run() throws {
            let prom = try server.single(command: "catalog import")
            guard (0...1000).contains(maxValues) else { throw ValidationError("--max-values must be between 0 and 1000") }
            var options = CatalogImport.Options()
            options.jobs = job
            options.match = match
            options.maxValues = maxValues
            let metrics: [Metric]
            let guessed: Set<String>
            do {
                (metrics, guessed) = try CatalogImport.runMarkingGuesses(PrometheusClient(server: prom), options: options)
            } catch let e as PrometheusError {
                Output.err("obsgen: \(SafeText.escape(e.description))\n")
                throw ExitCode(2)
            }
            var scope = job.map { "--job \($0)" } + match.map { "--match '\($0)'" }
            if scope.isEmpty { scope = ["every job"] }
            if metrics.isEmpty {
                Output.err("obsgen: \(SafeText.escape(prom.displayURL)) has no series of \(SafeText.escape(scope.joined(separator: " "))) in the last 10 minutes; nothing written\n")
                throw ExitCode(2)
            }
            let text = SwiftCatalogRenderer.render(metrics, enumName: enumName, header: [
                "Imported by `obsgen catalog import` from \(prom.displayURL) (\(scope.joined(separator: " "))): \(metrics.count) metric\(metrics.count == 1 ? "" : "s").",
                "Yours to edit: add descriptions, close label value sets, and interpolate the metrics into your rules.",
            ], guessed: guessed)
            guard let output else {
                Output.out(text)
                return
            }
            try Self.write(text, to: output)
            Output.err("obsgen: \(metrics.count) metric\(metrics.count == 1 ? "" : "s") written to \(SafeText.escape(output))\(guessed.isEmpty ? "" : "; \(guessed.count) untyped on the server, their kind guessed (marked by a comment)")\n")
        }

        /// Replaces a regular file (or creates it) atomically; never writes through a symlink.
        static func write(_ text: String, to path: String) throws {
            var isDir: ObjCBool = false
            if path.isEmpty {
                Output.err("obsgen: -o needs a file name\n")
                throw ExitCode(2)
            }
            if let attrs = try? FileManager.default.attributesOfItem(atPath: path) {
                let type = attrs[.type] as? FileAttributeType
                if type != .typeRegular {
                    Output.err("obsgen: \(SafeText.escape(path)) is \(type == .typeSymbolicLink ? "a symbolic link" : type == .typeDirectory ? "a folder" : "not a regular file"); nothing written\n")
                    throw ExitCode(2)
                }
            } else if !FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, isDirectory: &isDir) || !isDir.boolValue {
                Output.err("obsgen: the folder of \(SafeText.escape(path)) does not exist; nothing written\n")
                throw ExitCode(2)
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                Output.err("obsgen: cannot write \(SafeText.escape(path)): \(SafeText.escape(error.localizedDescription))\n")
                throw ExitCode(2)
            }
        }
    }
}
