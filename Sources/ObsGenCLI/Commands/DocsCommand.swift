import ArgumentParser
import Foundation
import ObsGen
import ObsLint

/// `obsgen docs [--out DIR] [--check]`: the check documentation under docs/checks/.
public struct DocsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the lint checks' documentation (docs/checks/<area>/<name>.md) from their descriptions."
    )

    @Option(name: .long, help: ArgumentHelp("Repository folder to write docs/ into.", valueName: "dir"))
    var out: String = "."

    @Flag(name: .long, help: "Write nothing; exit 1 when the committed docs differ.")
    var check = false

    public init() {}

    public func run() throws {
        let root = URL(fileURLWithPath: out)
        var stale: [String] = []
        for (path, contents) in CheckDocs.all() {
            let url = root.appendingPathComponent(path)
            let old = try? String(contentsOf: url, encoding: .utf8)
            guard old != contents else { continue }
            stale.append(path)
            if !check {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url, options: .atomic)
            }
        }
        if check && !stale.isEmpty {
            Output.err("obsgen: stale check docs: \(stale.joined(separator: ", ")); run `obsgen docs`\n")
            throw ExitCode(1)
        }
        Output.err("obsgen: \(stale.count) doc file(s) \(check ? "stale" : "written")\n")
    }
}
