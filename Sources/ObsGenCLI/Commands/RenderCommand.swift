import ArgumentParser
import Foundation
import ObsGen
import ObsLint

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

    @Option(name: .long, help: ArgumentHelp("Output folder (default: the project's folder, where its obsgen.yml is).", valueName: "dir"))
    var out: String?

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(name: .long, help: "Write nothing; print a diff and exit 1 when the committed output is stale.")
    var check = false

    @Flag(name: .long, help: "Also write each dashboard as a Grafana import-API envelope under dashboards/import/.")
    var importEnvelopes = false

    @Flag(name: .long, help: "Write the files even when lint finds errors in the project (they are still reported).")
    var writeDespiteErrors = false

    public init() {}

    public func run() throws {
        let found = try ProjectLocator.locate(projectOptions, command: "render")
        let project = found.project
        let out = self.out ?? found.root.path
        // The project's error-level findings first, at the Swift lines that made them.
        let (context, findings) = try ProjectLint.run(project, root: found.root)
        let errors = findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            Output.err(TextReporter.render(errors, context: context, summary: LintSummary(context: context, findings: errors, seconds: 0),
                                           color: Output.stderrIsColorTerminal))
            if !writeDespiteErrors {
                Output.err("obsgen: the project has \(errors.count) error(s); nothing was \(check ? "checked" : "written") (--write-despite-errors writes anyway)\n")
                throw ExitCode(2)
            }
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
                let leftovers = try writer.leftovers()
                let changes = try writer.plan(files)
                if changes.isEmpty && leftovers.isEmpty {
                    Output.err("obsgen: \(files.count) generated files are up to date\n")
                    return
                }
                for c in changes { Output.out(c.diff) }
                for l in leftovers { Output.err("obsgen: \(l)\n") }
                if !changes.isEmpty { Output.err("obsgen: \(changes.count) generated file(s) are stale; run `obsgen render`\n") }
                throw ExitCode(1)
            }
            switch try writer.recover() {
            case .none: break
            case .finished(let n): Output.err("obsgen: finished an interrupted render (\(n) file(s))\n")
            case .rolledBack(let n): Output.err("obsgen: rolled back an interrupted render (\(n) temporary file(s) removed)\n")
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
