import ArgumentParser
import Foundation
import ObsGen

/// `obsgen test`: runs the promtool unit tests the project's alerts carry.
public struct TestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the project's alert unit tests with `promtool test rules`, reporting each test."
    )

    @Option(name: .long, help: "The promtool executable.")
    var promtool: String = "promtool"

    @OptionGroup var projectOptions: ProjectOptions

    public init() {}

    public func run() throws {
        let project = try ProjectLocator.locate(projectOptions, command: "test").project
        let report: RuleTestRunner.Report
        do {
            report = try RuleTestRunner.run(project: project, promtool: promtool)
        } catch let e as BuildFailure {
            Output.err(e.description)
            throw ExitCode(2)
        } catch {
            Output.err("obsgen: \(SafeText.escape("\(error)"))\n")
            throw ExitCode(2)
        }
        for r in report.results {
            Output.out("\(r.passed ? "PASS" : "FAIL")  \(SafeText.escape(r.name))\n")
            // promtool prints the alert's labels and annotations: each of its lines escaped on its own.
            if !r.passed { Output.out(r.output.split(separator: "\n").map { "      " + SafeText.escape(String($0), lineStart: true) }.joined(separator: "\n") + "\n") }
        }
        let failed = report.results.filter { !$0.passed }.count
        Output.out("\(report.results.count - failed) passed, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Renders each alert test into its own promtool test file and runs promtool on it.
public enum RuleTestRunner {
    public struct Result: Sendable {
        public var name: String
        public var passed: Bool
        public var output: String
    }

    public struct Report: Sendable {
        public var results: [Result]
    }

    public struct ToolMissing: Error, CustomStringConvertible {
        public var tool: String
        public var description: String { "\(tool) not found (install Debian's prometheus package)" }
    }

    public static func run(project unresolved: Project, promtool: String = "promtool") throws -> Report {
        let files = try unresolved.renderedFiles(source: unresolved.name)
        let project = try unresolved.resolvingDashboards().project
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try OutputWriter(root: dir).write(files)
        var results: [Result] = []
        for f in project.ruleFiles {
            let base = OutputPaths.sanitizedFileName(f.name)
            for g in f.groups {
                for case .alert(let a) in g.rules {
                    for (i, t) in a.tests.enumerated() {
                        var single = a
                        single.tests = [t]
                        let one = RuleFile(name: f.name, groups: [RuleGroup(name: g.name, rules: [.alert(single)])])
                        guard let text = PromtoolTestRenderer.render(one, ruleFilePaths: project.ruleFiles.map { "../\(OutputPaths.sanitizedFileName($0.name)).yml" },
                                                                     evaluationInterval: project.prometheus.evaluationInterval, source: project.name) else { continue }
                        let path = dir.appendingPathComponent("rules/tests/\(base)-\(OutputPaths.sanitizedFileName(a.name))-\(i).test.yml")
                        try Data(text.utf8).write(to: path)
                        let (status, output) = try runProcess(promtool, ["test", "rules", path.path], cwd: dir.appendingPathComponent("rules/tests"))
                        results.append(Result(name: "\(a.name): \(t.name)", passed: status == 0, output: output))
                    }
                }
            }
        }
        return Report(results: results)
    }

    static func runProcess(_ tool: String, _ args: [String], cwd: URL) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        p.currentDirectoryURL = cwd
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus == 127 { throw ToolMissing(tool: tool) }
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
