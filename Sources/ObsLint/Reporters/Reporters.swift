import Foundation

/// Summary of a lint run.
public struct LintSummary: Sendable {
    public var files: Int
    /// Files recognised and not linted (promtool tests, Alertmanager, Grafana provisioning).
    public var skipped: Int
    public var rules: Int
    public var dashboards: Int
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    public var seconds: Double

    public init(context: LintContext, findings: [Finding], seconds: Double) {
        files = context.files.count
        skipped = context.skippedFiles.count
        rules = context.rules.count
        dashboards = context.dashboards.count
        // Counted in one pass (filtering would copy the findings, at the run's memory peak).
        var e = 0, w = 0, i = 0
        for f in findings {
            switch f.severity {
            case .error: e += 1
            case .warning: w += 1
            case .info: i += 1
            }
        }
        (errors, warnings, infos) = (e, w, i)
        self.seconds = seconds
    }
}

/// Compiler-style text: `file:line:col: severity[check]: message`, the source line, a caret, a hint.
public enum TextReporter {
    public static func render(_ findings: [Finding], context: LintContext, summary: LintSummary, color: Bool) -> String {
        var out = ""
        var sources = Dictionary(context.files.map { ($0.path, $0.source) }, uniquingKeysWith: { a, _ in a })
        for (path, f) in context.declarationFiles { sources[path] = f.source }
        for f in findings {
            let src = sources[f.file] ?? SourceText(name: f.file, text: "")
            out += src.render(Diagnostic(severity: f.severity, id: f.check, message: f.message, range: f.range, hint: f.hint), color: color)
        }
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        out += "\(count(summary.files, "file")), \(count(summary.rules, "rule")), \(count(summary.dashboards, "dashboard"))"
        if summary.skipped > 0 { out += " (\(count(summary.skipped, "other file")) not linted)" }
        out += ": "
        out += "\(count(summary.errors, "error")), \(count(summary.warnings, "warning")), \(summary.infos) info"
        out += String(format: " (%.2f s)\n", summary.seconds)
        return out
    }
}

/// The JSON contract (documented in docs/lint-json.md):
/// `{"findings": [{"check", "severity", "file", "line", "column", "message", "hint"?}], "summary": {…}}`.
public enum JSONReporter {
    /// The whole report as one string.
    public static func render(_ findings: [Finding], summary: LintSummary) -> String {
        var all: [UInt8] = []
        write(findings, summary: summary) { all += $0 }
        return String(decoding: all, as: UTF8.self)
    }

    /// The report in pieces of about `chunk` bytes, each handed to `emit` as it is made: a
    /// large run's report (60 MB for a quarter of a million findings) is never held whole.
    public static func write(_ findings: [Finding], summary: LintSummary, chunk: Int = 1 << 16, to emit: ([UInt8]) -> Void) {
        // The same bytes as `JSONWriter.write` of the whole object, written one finding at a
        // time: a tree of every finding first would hold a large run's report twice.
        var out: [UInt8] = []
        out.reserveCapacity(chunk + 4096)
        out.append(UInt8(ascii: "{"))
        JSONWriter.newline(1, &out)
        JSONWriter.quote("findings", to: &out)
        out += Array(": ".utf8)
        if findings.isEmpty {
            out += Array("[]".utf8)
        } else {
            out.append(UInt8(ascii: "["))
            // Each finding as JSONWriter writes an object at this depth, field by field, with the
            // text between the values made once.
            func between(_ key: String, first: Bool = false) -> [UInt8] {
                Array(((first ? "" : ",") + "\n      \"" + key + "\": ").utf8)
            }
            let check = between("check", first: true), severity = between("severity"), file = between("file"), line = between("line"),
                column = between("column"), message = between("message"), hint = between("hint")
            let open = Array("\n    {".utf8), close = Array("\n    }".utf8)
            @Sendable func render(_ r: Range<Int>) -> [UInt8] {
                var out: [UInt8] = []
                out.reserveCapacity(r.count * 256)
                for i in r {
                    let f = findings[i]
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out += open
                    out += check; JSONWriter.quote(f.check, to: &out)
                    out += severity; JSONWriter.quote(f.severity.rawValue, to: &out)
                    out += file; JSONWriter.quote(f.file, to: &out)
                    out += line; out += String(f.line).utf8
                    out += column; out += String(f.column).utf8
                    out += message; JSONWriter.quote(f.message, to: &out)
                    if let h = f.hint { out += hint; JSONWriter.quote(h, to: &out) }
                    out += close
                }
                return out
            }
            // Blocks of findings made on both cores, a few at a time, written in order.
            let block = 1024, blocks = stride(from: 0, to: findings.count, by: block).map { $0..<min($0 + block, findings.count) }
            var next = 0
            while next < blocks.count {
                let batch = Array(blocks[next..<min(next + 8, blocks.count)])
                next += batch.count
                for bytes in parallelMap(batch, render) {
                    out += bytes
                    if out.count >= chunk {
                        emit(out)
                        out.removeAll(keepingCapacity: true)
                    }
                }
            }
            JSONWriter.newline(1, &out)
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: ","))
        JSONWriter.newline(1, &out)
        JSONWriter.quote("summary", to: &out)
        out += Array(": ".utf8)
        let s: JSONObject = ["files": .int(summary.files), "rules": .int(summary.rules), "dashboards": .int(summary.dashboards),
                             "errors": .int(summary.errors), "warnings": .int(summary.warnings), "infos": .int(summary.infos)]
        JSONWriter.write(.object(s), indent: 1, pretty: true, to: &out)
        JSONWriter.newline(0, &out)
        out += Array("}\n".utf8)
        emit(out)
    }
}
