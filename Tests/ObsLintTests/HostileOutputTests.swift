import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ObsLint

/// Every reporter given file names and file contents written to spoof its output: line breaks
/// followed by GitHub Actions commands, ANSI escapes, bidi overrides, `%0A`, `##[`. Nothing may
/// reach the output raw, and each hostile piece must still be visible, escaped.
@Suite struct HostileOutputTests {
    static let injectedName = "rules/x\n::error file=pwned.yml,line=1::injected.yml"
    static let commandName = "::notice::named.yml"
    static let ansiName = "ansi\u{1B}[31m%0A\u{202E}lmy.yml"
    static let dashboardName = "dash##[error]x\u{85}.json"

    /// YAML escapes (`\e`, `\n`, `\u202e`) put control characters into values; the flow mapping
    /// line has a raw U+202E and a raw tab before a finding's column; the last two lines are keys
    /// that start a command, or hold one.
    static let hostileRules = #"""
    groups:
      - name: "g\e[31m"
        rules:
          - alert: "A\e[2J\n::error file=pwned.yml,line=1::injected\u202e"
            expr: up == 0
            annotations:
              summary: "##[error]legacy %0A"
          - {alert: "<B>&'\#u{202E}C	D", expr: up, sevrity: page}
    ::warning::raw: 1
    a##[error]b: 2
    """# + "\n"

    static let plainRules = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"

    static let hostileDashboard = #"""
    {"title": "\u001b]0;pwned\u0007\u202e", "uid": "x", "schemaVersion": 39, "panels": [
      {"id": 1, "type": "timeseries", "title": "\n::error::panel", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
       "targets": [{"expr": "rate(up{a=\"\u001b[31m\"}[5m])", "refId": "A"}]}
    ]}
    """#

    static func lint() -> (LintContext, [Finding]) {
        let texts = [
            (injectedName, hostileRules),
            (commandName, plainRules),
            (ansiName, plainRules),
            (dashboardName, hostileDashboard),
        ]
        let ctx = Linter.context(texts: texts, catalog: [])
        return (ctx, Linter.run(ctx))
    }

    static func outputs() -> [(format: String, text: String, findings: Int)] {
        let (ctx, findings) = lint()
        let summary = LintSummary(context: ctx, findings: findings, seconds: 0)
        let files = ctx.files.map(\.path)
        return [
            ("text", TextReporter.render(findings, context: ctx, summary: summary, color: false), findings.count),
            ("json", JSONReporter.render(findings, summary: summary), findings.count),
            ("sarif", SARIFReporter.render(findings, version: "test"), findings.count),
            ("github", GitHubReporter.render(findings), findings.count),
            ("junit", JUnitReporter.render(findings, files: files, seconds: 0), findings.count),
            ("checkstyle", CheckstyleReporter.render(findings, files: files), findings.count),
        ]
    }

    @Test func findingsQuoteTheHostileText() {
        let (_, findings) = Self.lint()
        #expect(Set(findings.map(\.file)) == [Self.injectedName, Self.commandName, Self.ansiName, Self.dashboardName])
        #expect(findings.contains { $0.message.contains("\u{1B}[2J\n::error file=pwned.yml") })
        #expect(findings.contains { $0.message.contains("::warning::raw") })
    }

    @Test(arguments: ["text", "json", "sarif", "github", "junit", "checkstyle"])
    func noRawControlsNoCommands(format: String) throws {
        let output = try #require(Self.outputs().first { $0.format == format })
        HostileOutput.expectSafe(output.text, format: format, findings: output.findings)
    }

    @Test func textShowsEscapesAndKeepsCaretsInPlace() {
        let text = Self.outputs()[0].text
        #expect(text.contains(#"rules/x\n::error file=pwned.yml,line=1::injected.yml:"#))
        #expect(text.contains(#"\u{3a}:notice::named.yml:4:9: "#))
        #expect(text.contains(#"ansi\u{1b}[31m%0A\u{202e}lmy.yml:"#))
        #expect(text.contains(#"dash##\u{5b}error]x\u{85}.json:"#))
        #expect(text.contains(#"A\u{1b}[2J\n::error file=pwned.yml,line=1::injected\u{202e}"#))
        #expect(text.contains(#"  \u{3a}:warning::raw: 1"#))
        // The caret of the unknown field sits under it, after a bidi override and a tab shown escaped.
        let lines = text.components(separatedBy: "\n")
        let i = try! #require(lines.firstIndex { $0.contains(#"unknown field "sevrity""#) })
        let source = Array(lines[i + 1]), caret = Array(lines[i + 2])
        #expect(lines[i + 1].contains(#"\u{202e}C\tD"#))
        let column = try! #require(caret.firstIndex(of: "^"))
        #expect(String(source[column...]).hasPrefix("sevrity"), "\(lines[i + 1])\n\(lines[i + 2])")
        #expect(lines[i + 2].hasSuffix("^~~~~~~"))
    }

    @Test func jsonAndSarifKeepTheExactText() throws {
        let outputs = Self.outputs()
        let json = try JSONSerialization.jsonObject(with: Data(outputs[1].text.utf8)) as! [String: Any]
        let findings = json["findings"] as! [[String: Any]]
        #expect(Set(findings.map { $0["file"] as! String }) == [Self.injectedName, Self.commandName, Self.ansiName, Self.dashboardName])
        #expect(findings.contains { ($0["message"] as! String).contains("\u{1B}[2J\n::error file=pwned.yml") })
        #expect(findings.contains { ($0["message"] as! String).contains("##[error]") })

        let sarif = try JSONSerialization.jsonObject(with: Data(outputs[2].text.utf8)) as! [String: Any]
        let results = ((sarif["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
        let uris = Set(results.map { r -> String in
            let location = (r["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any]
            return (location["artifactLocation"] as! [String: Any])["uri"] as! String
        })
        // URI references, percent-encoded: decoding gives the path back.
        #expect(Set(uris.compactMap { $0.removingPercentEncoding }) == [Self.injectedName, Self.commandName, Self.ansiName, Self.dashboardName])
        for uri in uris { #expect(URL(string: uri) != nil, "\(uri)") }
    }

    @Test func githubAnnotationsNameTheFileVisibly() {
        let github = Self.outputs()[3].text
        #expect(github.contains(#"file=rules/x\n%3A%3Aerror file=pwned.yml%2Cline=1%3A%3Ainjected.yml,line="#))
        // A literal `%0A` in a name stays text: GitHub would otherwise turn it into a line break.
        #expect(github.contains(#"file=ansi\u{1b}[31m%250A\u{202e}lmy.yml,"#))
        #expect(github.contains(#"::alert A\u{1b}[2J\n::error file=pwned.yml,line=1::injected\u{202e} has no"#))
    }

    #if canImport(FoundationXML)
    @Test func xmlNamesTheFileVisibly() throws {
        let outputs = Self.outputs()
        let checkstyle = try XMLDocument(data: Data(outputs[5].text.utf8))
        let names = try checkstyle.nodes(forXPath: "//file/@name").compactMap(\.stringValue)
        #expect(names.contains(#"rules/x\n::error file=pwned.yml,line=1::injected.yml"#))
        #expect(names.contains("::notice::named.yml"))
        #expect(names.contains(#"ansi\u{1b}[31m%0A\u{202e}lmy.yml"#))
        let junit = try XMLDocument(data: Data(outputs[4].text.utf8))
        let body = try junit.nodes(forXPath: "//failure").compactMap(\.stringValue).joined(separator: "\n")
        // The `::` that begins a line of a failure body is a character reference: read back as it was.
        #expect(body.contains("\n::notice::named.yml:4:9: ") || body.hasPrefix("::notice::named.yml:4:9: "))
        #expect(body.contains(#"A\u{1b}[2J\n::error file=pwned.yml"#))
    }
    #endif
}

/// What "safe" means for any output.
enum HostileOutput {
    /// Scalars that must never be in the output: every control but the line feed that ends
    /// lines, DEL, C1, bidi embeddings, overrides and isolates, line and paragraph separators.
    static func forbidden(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
            || (0x2066...0x2069).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }

    static var annotation: Regex<(Substring, Substring)> { #/^::(error|warning|notice) file=[^,:\n]*,line=[0-9]+,col=[0-9]+,title=[a-z/-]+::/# }

    static func expectSafe(_ output: String, format: String, findings: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let scalars = Array(output.unicodeScalars)
        if let i = scalars.firstIndex(where: forbidden) {
            var before = String.UnicodeScalarView()
            before.append(contentsOf: scalars[max(0, i - 40)..<i])
            Issue.record("\(format): raw U+\(String(scalars[i].value, radix: 16)) after \(String(before).debugDescription)", sourceLocation: sourceLocation)
        }
        #expect(!output.contains("##["), "\(format): a legacy workflow command `##[`", sourceLocation: sourceLocation)
        var annotations = 0
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            // The runner trims leading whitespace before looking for `::`.
            let trimmed = line.drop { $0.isWhitespace }
            guard trimmed.hasPrefix("::") else { continue }
            if format == "github", line.firstMatch(of: annotation) != nil {
                annotations += 1
            } else {
                Issue.record("\(format): a line starts a workflow command: \(line.debugDescription)", sourceLocation: sourceLocation)
            }
        }
        if format == "github" { #expect(annotations == findings, "one annotation per finding, no more", sourceLocation: sourceLocation) }
        switch format {
        case "json", "sarif":
            #expect(throws: Never.self, "\(format) is valid JSON", sourceLocation: sourceLocation) { try JSONSerialization.jsonObject(with: Data(output.utf8)) }
        case "junit", "checkstyle":
            #if canImport(FoundationXML)
            #expect(throws: Never.self, "\(format) is well-formed XML", sourceLocation: sourceLocation) { try XMLDocument(data: Data(output.utf8)) }
            #endif
        default: break
        }
    }
}
