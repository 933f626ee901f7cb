import ArgumentParser
import Foundation
import ObsGen
import PromQL

/// `obsgen promql check|fmt`.
public struct PromQLCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "Check and format PromQL expressions.",
        subcommands: [Check.self, Format.self]
    )

    public init() {}

    /// `obsgen promql check EXPR…` / `obsgen promql check --jsonl FILE`.
    public struct Check: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Parse and type-check expressions.",
            discussion: """
            Exit status: 0 when every expression is valid, 1 when some is not, 2 on a usage or input error.

            With --jsonl, each input line is a JSON object with a field "expr"; one JSON object per line is \
            written, in order: {"valid": true, "type": "vector|matrix|scalar|string"} or \
            {"valid": false, "error": {"message": "…", "offset": N}} (offset in UTF-8 bytes).
            """
        )

        @Argument(help: "Expressions to check.")
        var expressions: [String] = []

        @Option(name: .long, help: ArgumentHelp("Read expressions from a JSON-lines file ('-' for standard input).", valueName: "file"))
        var jsonl: String?

        @OptionGroup var features: FeatureOptions

        public init() {}

        public func validate() throws {
            if jsonl == nil && expressions.isEmpty { throw ValidationError("give at least one expression, or --jsonl FILE") }
            if jsonl != nil && !expressions.isEmpty { throw ValidationError("give expressions or --jsonl, not both") }
        }

        public func run() throws {
            let options = try features.parseOptions()
            if let path = jsonl {
                let ok = try PromQLCheck.runJSONLines(path: path, options: options)
                if !ok { throw ExitCode(1) }
                return
            }
            var allValid = true
            let color = Output.stderrIsColorTerminal
            for (i, text) in expressions.enumerated() {
                let name = expressions.count == 1 ? "<arg>" : "<arg\(i + 1)>"
                let (_, diagnostics) = PromQL.check(text, options: options)
                if diagnostics.isEmpty { continue }
                allValid = false
                let source = SourceText(name: name, text: text)
                // The documented `promql check` format is `<arg>:line:col: error: message`,
                // without the check id that lint output carries.
                for var d in diagnostics {
                    d.id = ""
                    Output.err(source.render(d, color: color))
                }
            }
            if !allValid { throw ExitCode(1) }
        }
    }

    /// `obsgen promql fmt [--pretty] EXPR`.
    public struct Format: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "fmt",
            abstract: "Print an expression in canonical form (one line), or split over lines with --pretty."
        )

        @Argument(help: "The expression.")
        var expression: String

        @Flag(name: .long, help: "Split long expressions over several lines, as promtool promql format does.")
        var pretty = false

        @Option(name: .long, help: "Line length for --pretty.")
        var maxLineLength = 100

        @OptionGroup var features: FeatureOptions

        public init() {}

        public func run() throws {
            let options = try features.parseOptions()
            let (expr, diagnostics) = PromQL.check(expression, options: options)
            guard let expr else {
                let source = SourceText(name: "<arg>", text: expression)
                // The documented `promql check` format is `<arg>:line:col: error: message`,
                // without the check id that lint output carries.
                for var d in diagnostics {
                    d.id = ""
                    Output.err(source.render(d, color: Output.stderrIsColorTerminal))
                }
                throw ExitCode(1)
            }
            Output.out((pretty ? expr.pretty(maxLineLength: maxLineLength) : expr.description) + "\n")
        }
    }
}

/// The bulk checking interface tools and benchmarks use.
public enum PromQLCheck {
    /// Reads JSON lines from a path (or `-`), writes one result line per input line to stdout.
    /// Returns whether every expression was valid. Throws `ExitCode(2)` on an input error.
    public static func runJSONLines(path: String, options: ParseOptions) throws -> Bool {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                Output.err("obsgen: cannot read \(SafeText.escape(path))\n")
                throw ExitCode(2)
            }
            data = d
        }
        var allValid = true
        var out = ""
        out.reserveCapacity(data.count)
        var lineNumber = 0
        for rawLine in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let expr = object["expr"] as? String else {
                Output.out(out)
                Output.err("\(path == "-" ? "<stdin>" : SafeText.escape(path, lineStart: true)):\(lineNumber):1: error: expected a JSON object with a string field \"expr\"\n")
                throw ExitCode(2)
            }
            let (json, valid) = result(for: expr, options: options)
            out += json + "\n"
            allValid = allValid && valid
            if out.utf8.count > 1 << 16 {
                Output.out(out)
                out = ""
            }
        }
        Output.out(out)
        return allValid
    }

    /// One JSON result line for one expression.
    public static func result(for expr: String, options: ParseOptions) -> (json: String, valid: Bool) {
        do {
            let e = try PromQL.parse(expr, options: options)
            let type: String
            switch e.type {
            case .scalar: type = "scalar"
            case .vector: type = "vector"
            case .matrix: type = "matrix"
            case .string: type = "string"
            case .placeholder: type = "placeholder"
            }
            return ("{\"valid\": true, \"type\": \"\(type)\"}", true)
        } catch {
            let d = error.first
            return ("{\"valid\": false, \"error\": {\"message\": \(JSONWriter.write(.string(d.message), pretty: false)), \"offset\": \(d.range.start)}}", false)
        }
    }
}
