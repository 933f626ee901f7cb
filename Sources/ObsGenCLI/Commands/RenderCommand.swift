import ArgumentParser
import Foundation
import ObsGen

/// `obsgen render [--out DIR] [--check]`.
public struct RenderCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the project's Prometheus rules, configs and dashboards.",
        discussion: """
        Writes rules/, rules/tests/, config/ (and dashboards/ …) under the output folder, atomically. \
        Files generated earlier and no longer produced are removed; other files are never touched. \
        With --check nothing is written: a unified diff of what would change is printed, and the \
        exit status is 1 when anything is stale (for pre-commit and CI).
        """
    )

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out: String = "."

    @Flag(name: .long, help: "Write nothing; print a diff and exit 1 when the committed output is stale.")
    var check = false

    @Flag(name: .long, help: "Also write each dashboard as a Grafana import-API envelope under dashboards/import/.")
    var importEnvelopes = false

    public init() {}

    public func run() throws {
        guard let project = ProjectRegistry.project else {
            Output.err("obsgen: no project to render\n")
            throw ExitCode(2)
        }
        let files: [GeneratedFile]
        do {
            let templatePath = URL(fileURLWithPath: out).appendingPathComponent("templates/runbook.md").path
            let template = FileManager.default.contents(atPath: templatePath).map { String(decoding: $0, as: UTF8.self) }
            files = try project.renderedFiles(source: project.name, importEnvelopes: importEnvelopes, runbookTemplate: template)
        } catch {
            Output.err(error.description)  // BuildFailure: located issues, escaped by BuildIssue
            throw ExitCode(2)
        }
        let writer = OutputWriter(root: URL(fileURLWithPath: out))
        do {
            if check {
                let changes = try writer.plan(files)
                if changes.isEmpty {
                    Output.err("obsgen: \(files.count) generated files are up to date\n")
                    return
                }
                for c in changes { Output.out(c.diff) }
                Output.err("obsgen: \(changes.count) generated file(s) are stale; run `obsgen render`\n")
                throw ExitCode(1)
            }
            let changes = try writer.write(files)
            for c in changes { Output.err("\(c.kind.rawValue) \(SafeText.escape(c.path))\n") }
            Output.err("obsgen: rendered \(files.count) files (\(changes.count) changed)\n")
        } catch let e as OutputWriter.WriteError {
            Output.err("obsgen: \(SafeText.escape(e.description))\n")
            throw ExitCode(2)
        }
    }
}
