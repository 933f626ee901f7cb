import ArgumentParser
import Foundation
import ObsGen
import ObsLint

/// `obsgen fmt [--check] [--diff] PATH…`.
public struct FmtCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format Prometheus rule files in place, keeping every comment.",
        discussion: """
        Rule files (plain, PrometheusRule resources, Thanos) are edited where they need it: each `expr` \
        through the PromQL printer (one line when it fits, otherwise a `|` block in Prometheus' prettier \
        layout), durations in canonical form (5m, not 300s), quotes removed where YAML reads a value the \
        same without them ("true", "1", "a: b" keep theirs), mappings indented two spaces, lists under \
        their key, the keys of rules and groups in Prometheus' order, trailing blanks and repeated blank \
        lines removed. Every comment stays, with the line or key it belongs to. In a prometheus.yml only \
        the rule-related parts change (global.evaluation_interval and rule_query_offset, the rule_files \
        list); the rest is kept byte for byte. A file is written only when it reads back to the same YAML \
        and rules. Files named must be YAML: one that is not, or cannot be read, is an error. Folders are \
        walked for .yml, .yaml and .json files (others are not read); those that are not rule files or \
        prometheus.yml, or not YAML, are reported as skipped (a rule file with YAML or PromQL errors is \
        an error). The line length comes from \
        --max-line-length, else `fmt: max_line_length:` in obsgen.yml, else 100.
        Exit status: 0 done (or nothing to change), 1 with --check when a file would change, 2 when a file \
        has errors, is not YAML or cannot be formatted safely (it is left as it is).
        """
    )

    @Argument(help: "Rule files, prometheus.yml files and folders to format.")
    var paths: [String]

    @Flag(name: .long, help: "Write nothing; list the files that would change and exit 1 if any.")
    var check = false

    @Flag(name: .long, help: "Write nothing; print what would change as a unified diff.")
    var diff = false

    @Option(name: .long, help: ArgumentHelp("Columns an expression's line may take, indentation included (default 100).", valueName: "n"))
    var maxLineLength: Int?

    @Option(name: .long, help: ArgumentHelp("obsgen.yml to use (default: found by walking up from the working folder).", valueName: "file"))
    var config: String?

    public init() {}

    public func validate() throws {
        if let n = maxLineLength, n < 20 { throw ValidationError("--max-line-length must be at least 20") }
    }

    public func run() throws {
        var options = RuleFileFormatter.Options()
        let configURL = config.map { URL(fileURLWithPath: $0) } ?? ObsgenConfigFile.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        if let configURL {
            let c = ObsgenConfigFile.load(path: configURL.path)
            if !c.diagnostics.isEmpty {
                for d in c.diagnostics { Output.err(c.source.render(d, color: Output.stderrIsColorTerminal)) }
                throw ExitCode(2)
            }
            if let n = c.fmtMaxLineLength { options.maxLineLength = n }
            if let b = c.fmtIndentLists { options.indentLists = b }
        }
        if let maxLineLength { options.maxLineLength = maxLineLength }

        let report = FormatRun.run(paths: paths, options: options)
        var failed = false
        var wouldChange = false
        for file in report.files {
            let name = SafeText.escape(file.path, lineStart: true)
            switch file.outcome {
            case .unreadable(let d):
                Output.err("\(name):1:1: error[\(d.id)]: \(SafeText.escape(d.message))\n")
                failed = true
            case .skipped(let why):
                Output.err("\(name): skipped: \(why)\n")
            case .refused(let result):
                for d in result.diagnostics { Output.err(result.source.render(d, color: Output.stderrIsColorTerminal)) }
                failed = true
            case .unchanged:
                break
            case .changed(let result, let formatted):
                wouldChange = true
                if diff {
                    Output.out(UnifiedDiff.make(old: result.source.text, new: formatted, oldName: "a/\(file.path)", newName: "b/\(file.path)"))
                } else if check {
                    Output.out("\(name)\n")
                } else {
                    do {
                        try InPlaceFile.replace(file.path, expected: file.bytes, contents: formatted)
                    } catch {
                        Output.err("\(name):1:1: error[io]: \(SafeText.escape(error.description))\n")
                        failed = true
                    }
                }
            }
        }
        if failed { throw ExitCode(2) }
        if check && wouldChange { throw ExitCode(1) }
    }
}

/// The work of `obsgen fmt` on every file, in parallel, reported in the order the files were
/// found: nothing is written here.
enum FormatRun {
    struct File: Sendable {
        var path: String
        /// The bytes read (a write checks that they are still what is on disk).
        var bytes: [UInt8]
        var outcome: Outcome
    }

    enum Outcome: Sendable {
        case unreadable(Diagnostic)
        case skipped(String)
        case refused(RuleFileFormatter.Result)
        case unchanged
        case changed(RuleFileFormatter.Result, String)
    }

    struct Report: Sendable {
        var files: [File]
    }

    /// The files to format: each path named that is not a folder (`explicit`: it must be YAML),
    /// then the .yml, .yaml and .json files under each folder (others are not looked at).
    static func files(_ paths: [String]) -> [(path: String, explicit: Bool)] {
        var out: [(String, Bool)] = []
        for p in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory), isDirectory.boolValue {
                out += Linter.files(under: [p]).map { ($0, false) }
            } else {
                out.append((p, true))
            }
        }
        return out
    }

    static func run(paths: [String], options: RuleFileFormatter.Options) -> Report {
        let found = files(paths)
        var files = [File?](repeating: nil, count: found.count)
        files.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: found.count) { k in
                (out + k).pointee = format(found[k].path, explicit: found[k].explicit, options: options)
            }
        }
        return Report(files: files.map { $0! })
    }

    /// One file: a rule file or a prometheus.yml is formatted; any other YAML file is skipped;
    /// a file that is not YAML is an error when it was named (`explicit`), else skipped.
    static func format(_ path: String, explicit: Bool, options: RuleFileFormatter.Options) -> File {
        switch YAMLSource.readInput(path) {
        case .failure(let d):
            return File(path: path, bytes: [], outcome: .unreadable(d))
        case .success(let input):
            let bytes = Array(input.text.utf8)
            let source = SourceText(name: path, text: input.text)
            if !input.problems.isEmpty {
                return File(path: path, bytes: bytes, outcome: .refused(RuleFileFormatter.Result(source: source, formatted: nil, diagnostics: input.problems)))
            }
            let result: RuleFileFormatter.Result
            switch Linter.kind(of: input.text) {
            case .rules:
                result = RuleFileFormatter.format(text: input.text, path: path, options: options)
            case .prometheusConfig:
                result = PrometheusConfigFormatter.format(text: input.text, path: path, options: options)
            default:
                return File(path: path, bytes: bytes, outcome: notFormatted(source, explicit: explicit))
            }
            if result.notRuleFile { return File(path: path, bytes: bytes, outcome: notFormatted(source, explicit: explicit)) }
            if let why = result.skipped { return File(path: path, bytes: bytes, outcome: .skipped(why)) }
            guard let formatted = result.formatted else { return File(path: path, bytes: bytes, outcome: .refused(result)) }
            return File(path: path, bytes: bytes, outcome: formatted == input.text ? .unchanged : .changed(result, formatted))
        }
    }

    /// A file that is neither a rule file nor a prometheus.yml: skipped when it is YAML (or was
    /// found in a folder); named on the command line and not YAML — it does not parse, or it
    /// reads as one plain string rather than a mapping or a list — an error at the place.
    static func notFormatted(_ source: SourceText, explicit: Bool) -> Outcome {
        let yaml = YAMLSource(source: source)
        var problem = yaml.diagnostics.first
        if problem == nil, let root = yaml.root, root.isScalar, !YAMLSource.isNull(root), root.tag == nil {
            problem = Diagnostic(id: LoadIssue.yamlParse.rawValue, message: "the file reads as one plain string, not a YAML mapping or list",
                                 range: PositionRange(start: root.offset, end: root.offset + 1))
        }
        guard let problem else { return .skipped("not a rule file") }
        guard explicit else {
            let at = source.location(of: problem.range.start)
            return .skipped("not YAML (\(at.line):\(at.column): \(problem.message))")
        }
        var d = problem
        d.message = "not YAML, so not a rule file: " + d.message
        return .refused(RuleFileFormatter.Result(source: source, formatted: nil, diagnostics: [d]))
    }
}
