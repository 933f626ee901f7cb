import Foundation

/// SARIF 2.1.0, what code-scanning services ingest.
public enum SARIFReporter {
    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(pairs)) }

    static func text(_ t: String) -> JSONValue { object([("text", .string(t))]) }

    /// A path as the URI reference SARIF's `artifactLocation.uri` must be: bytes outside the
    /// unreserved and sub-delimiter characters (and `/`, `@`) percent-encoded — `:` too, so that
    /// a first segment is never read as a scheme. JSONWriter then escapes nothing more.
    static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case _ where "-._~/!$&'()*+,;=@".utf8.contains(b):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }

    public static func render(_ findings: [Finding], version: String) -> String {
        let used = Set(findings.map(\.check))
        var rules: [JSONValue] = []
        for check in Linter.allChecks {
            let d = check.description
            guard used.contains(d.id) else { continue }
            rules.append(object([
                ("id", .string(d.id)),
                ("name", .string(d.id)),
                ("shortDescription", text(d.summary)),
                ("fullDescription", text(d.rationale)),
                ("helpUri", .string("https://github.com/obsgen/obsgen/blob/main/docs/checks/\(d.id).md")),
                ("defaultConfiguration", object([("level", .string(level(d.severity)))])),
            ]))
        }
        var results: [JSONValue] = []
        for f in findings {
            var message = f.message
            if let h = f.hint { message += " (\(h))" }
            let region = object([("startLine", .int(f.line)), ("startColumn", .int(f.column))])
            let physical = object([("artifactLocation", object([("uri", .string(uri(f.file)))])), ("region", region)])
            results.append(object([
                ("ruleId", .string(f.check)),
                ("level", .string(level(f.severity))),
                ("message", text(message)),
                ("locations", .array([object([("physicalLocation", physical)])])),
            ]))
        }
        let driver = object([
            ("name", .string("obsgen")),
            ("version", .string(version)),
            ("informationUri", .string("https://github.com/obsgen/obsgen")),
            ("rules", .array(rules)),
        ])
        let run = object([("tool", object([("driver", driver)])), ("results", .array(results))])
        let doc = object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return JSONWriter.write(doc)
    }
}

/// GitHub Actions workflow commands: one annotation per finding. Values are escaped as the
/// runner unescapes them (`%25`, `%0A`, and `%3A`, `%2C` in properties) after SafeText has made
/// control characters visible, so a name or message can neither end the line nor start a command.
public enum GitHubReporter {
    static func escapeData(_ s: String) -> String { SafeText.escape(s, style: .githubData) }

    static func escapeProperty(_ s: String) -> String { SafeText.escape(s, style: .githubProperty) }

    public static func render(_ findings: [Finding]) -> String {
        findings.map { f in
            let command: String
            switch f.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            var message = escapeData(f.message)
            // The hint on a line of its own in the annotation: an encoded line feed.
            if let h = f.hint { message += "%0A" + escapeData(h) }
            return "::\(command) file=\(escapeProperty(f.file)),line=\(f.line),col=\(f.column),title=\(escapeProperty(f.check))::\(message)\n"
        }.joined()
    }
}

enum XML {
    /// Text or an attribute value (SafeText's XML style). `lineStart`: the text begins a line of
    /// the document, as the lines of a JUnit failure body do.
    static func escape(_ s: String, lineStart: Bool = false) -> String {
        SafeText.escape(s, style: .xml, lineStart: lineStart)
    }
}

/// JUnit XML: one test case per linted file, failing with its findings.
public enum JUnitReporter {
    public static func render(_ findings: [Finding], files: [String], seconds: Double) -> String {
        let byFile = Dictionary(grouping: findings, by: \.file)
        let failures = files.filter { byFile[$0] != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"obsgen lint\" tests=\"\(files.count)\" failures=\"\(failures)\" time=\"\(String(format: "%.3f", seconds))\">\n"
        out += "  <testsuite name=\"obsgen lint\" tests=\"\(files.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(String(format: "%.3f", seconds))\">\n"
        for file in files {
            out += "    <testcase classname=\"obsgen.lint\" name=\"\(XML.escape(file))\""
            guard let fs = byFile[file] else {
                out += "/>\n"
                continue
            }
            out += ">\n"
            let summary = "\(fs.count) finding\(fs.count == 1 ? "" : "s")"
            let body = fs.map { "\(XML.escape($0.file, lineStart: true)):\($0.line):\($0.column): \($0.severity.rawValue)[\(XML.escape($0.check))]: \(XML.escape($0.message))" }
                .joined(separator: "\n")
            out += "      <failure message=\"\(summary)\" type=\"obsgen.lint\">\(body)</failure>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}

/// Checkstyle XML, read by many CI dashboards and editors.
public enum CheckstyleReporter {
    public static func render(_ findings: [Finding], files: [String]) -> String {
        let byFile = Dictionary(grouping: findings, by: \.file)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        for file in files {
            out += "  <file name=\"\(XML.escape(file))\">\n"
            for f in byFile[file] ?? [] {
                out += "    <error line=\"\(f.line)\" column=\"\(f.column)\" severity=\"\(f.severity.rawValue)\" message=\"\(XML.escape(f.message))\" source=\"obsgen.\(XML.escape(f.check))\"/>\n"
            }
            out += "  </file>\n"
        }
        out += "</checkstyle>\n"
        return out
    }
}
