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
        errors = findings.filter { $0.severity == .error }.count
        warnings = findings.filter { $0.severity == .warning }.count
        infos = findings.filter { $0.severity == .info }.count
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
        out += "\(summary.files) files, \(summary.rules) rules, \(summary.dashboards) dashboards"
        if summary.skipped > 0 { out += " (\(summary.skipped) other files not linted)" }
        out += ": "
        out += "\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s"), \(summary.infos) info"
        out += String(format: " (%.2f s)\n", summary.seconds)
        return out
    }
}

/// The JSON contract (documented in docs/lint-json.md):
/// `{"findings": [{"check", "severity", "file", "line", "column", "message", "hint"?}], "summary": {…}}`.
public enum JSONReporter {
    public static func render(_ findings: [Finding], summary: LintSummary) -> String {
        var list: [JSONValue] = []
        for f in findings {
            var o = JSONObject()
            o.append("check", .string(f.check))
            o.append("severity", .string(f.severity.rawValue))
            o.append("file", .string(f.file))
            o.append("line", .int(f.line))
            o.append("column", .int(f.column))
            o.append("message", .string(f.message))
            if let h = f.hint { o.append("hint", .string(h)) }
            list.append(.object(o))
        }
        let s: JSONObject = ["files": .int(summary.files), "rules": .int(summary.rules), "dashboards": .int(summary.dashboards),
                             "errors": .int(summary.errors), "warnings": .int(summary.warnings), "infos": .int(summary.infos)]
        return JSONWriter.write(.object(["findings": .array(list), "summary": .object(s)]))
    }
}
