import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Real files with hostile names and contents, linted by the built `obsgen` through every output
/// format, and shown by the other commands that print file names and file text.
@Suite(.enabled(if: CLI.binary != nil, "the obsgen executable is not built")) struct HostileInputTests {
    /// Names: a line feed followed by a workflow command, a workflow command at the start, an ANSI
    /// escape with a literal `%0A` and a bidi override.
    static let names = [
        "x\n::error file=pwned.yml,line=1::injected.yml",
        "::notice::named.yml",
        "ansi\u{1B}[31m%0A\u{202E}lmy.yml",
    ]

    /// Contents: control characters through YAML escapes, a raw bidi override and tab before a
    /// finding, keys that start a command or hold a legacy one, and bytes that are not UTF-8.
    static let hostile: [UInt8] = Array(#"""
    groups:
      - name: "g\e[31m"
        rules:
          - alert: "A\e[2J\n::error file=pwned.yml,line=1::injected\u202e"
            expr: up == 0
            annotations:
              summary: "##[error]legacy %0A"
          - {alert: "\#u{202E}C	D", expr: up, sevrity: page}
    ::warning::raw: 1
    a##[error]b: 2
    """#.utf8) + Array("\n".utf8)

    static let invalidUTF8: [UInt8] = Array("groups:\n  - name: g\n    rules:\n      - alert: Bad".utf8) + [0xFF, 0xC3]
        + Array("Name\n        expr: up == 0\n        labels:\n          team: \"".utf8) + [0xE2, 0x80] + Array("\"\n".utf8)

    static let plain = Array("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n".utf8)

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in names { try Data(plain).write(to: dir.appendingPathComponent(name)) }
        try Data(hostile).write(to: dir.appendingPathComponent("hostile.yml"))
        try Data(invalidUTF8).write(to: dir.appendingPathComponent("latin1.yml"))
        return dir
    }

    /// Relative paths, as a user types them: a name can then begin the line it is printed on.
    static let arguments = names + ["hostile.yml", "latin1.yml"]

    @Test(arguments: ["text", "json", "sarif", "github", "junit", "checkstyle"])
    func lintOutputIsInert(format: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["lint", "--format", format] + Self.arguments, cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        Inert.expect(r.stdout, format: format)
        switch format {
        case "text":
            #expect(r.stdout.contains(#"x\n::error file=pwned.yml,line=1::injected.yml:4:9: "#))
            #expect(r.stdout.contains(#"\u{3a}:notice::named.yml:4:9: "#))
            #expect(r.stdout.contains(#"ansi\u{1b}[31m%0A\u{202e}lmy.yml:4:9: "#))
            #expect(r.stdout.contains(#"A\u{1b}[2J\n::error file=pwned.yml,line=1::injected\u{202e}"#))
            #expect(r.stdout.contains(#"  \u{3a}:warning::raw: 1"#))
            #expect(r.stdout.contains(#"a##\u{5b}error]b"#))
            // Not UTF-8: said, with the bytes, at the first of them; the caret under it.
            #expect(r.stdout.contains(#"latin1.yml:4:19: error[yaml/parse]: the file is not UTF-8: \xff here is read as U+FFFD, and 2 more invalid sequences"#))
            #expect(r.stdout.contains("        - alert: Bad\u{FFFD}\u{FFFD}Name\n" + String(repeating: " ", count: 20) + "^\n"))
            // The caret of the unknown field stays under it, after escapes wider than what they show.
            let lines = r.stdout.components(separatedBy: "\n")
            let i = try #require(lines.firstIndex { $0.contains(#"unknown field "sevrity""#) })
            let source = Array(lines[i + 1]), caret = Array(lines[i + 2])
            let column = try #require(caret.firstIndex(of: "^"))
            #expect(String(source[column...]).hasPrefix("sevrity"), "\(lines[i + 1])\n\(lines[i + 2])")
        case "json":
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            let findings = json["findings"] as! [[String: Any]]
            // The exact names and messages come back out of the JSON.
            #expect(Set(findings.map { $0["file"] as! String }) == Set(Self.arguments))
            #expect(findings.contains { ($0["message"] as! String).contains("\u{1B}[2J\n::error file=pwned.yml") })
            #expect(findings.contains { ($0["message"] as! String) == #"the file is not UTF-8: \xff here is read as U+FFFD, and 2 more invalid sequences"# })
        case "github":
            #expect(r.stdout.contains(#"::error file=latin1.yml,line=4,col=19,title=yaml/parse::the file is not UTF-8: \xff here"#))
            #expect(r.stdout.contains(#"file=x\n%3A%3Aerror file=pwned.yml%2Cline=1%3A%3Ainjected.yml,line=4"#))
            #expect(r.stdout.contains(#"file=ansi\u{1b}[31m%250A\u{202e}lmy.yml,line=4"#))
        case "junit", "checkstyle":
            #if canImport(FoundationXML)
            let xml = try XMLDocument(data: Data(r.stdout.utf8))
            let text = try xml.nodes(forXPath: format == "junit" ? "//failure" : "//error/@message").compactMap(\.stringValue).joined(separator: "\n")
            #expect(text.contains(#"A\u{1b}[2J\n::error file=pwned.yml,line=1::injected\u{202e}"#))
            #expect(text.contains(#"\xff here is read as U+FFFD"#))
            #endif
        default: break
        }
    }

    /// A file name that is not UTF-8 cannot be opened by the name Foundation decodes: the error
    /// shows its bytes.
    @Test func nonUTF8FileName() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let raw = Array(dir.path.utf8) + Array("/bad".utf8) + [0xFF] + Array(".yml".utf8) + [0]
        let fd = open(raw.map { CChar(bitPattern: $0) }, O_CREAT | O_WRONLY, 0o644)
        try #require(fd >= 0)
        _ = Self.plain.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let r = try CLI.run(["lint", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(#"/bad\xff.yml: the file name is not UTF-8"#), "\(r.stderr)")
        Inert.expect(r.stderr, format: "text")
    }

    /// `promql check` shows the expression it was given; `rules render` names files and shows lines.
    @Test func otherCommandsEscapeToo() throws {
        let check = try CLI.run(["promql", "check", "up{a=\"\u{1B}[2J\u{202E}\"} )", "sum(\n::error::x"])
        #expect(check.status == 1)
        Inert.expect(check.stderr, format: "text")
        // The caret under the `)`, past escapes wider than the characters they stand for.
        #expect(check.stderr.contains(#"<arg1>:1:17: error: unexpected right parenthesis ')'"# + "\n" + #"  up{a="\u{1b}[2J\u{202e}"} )"# + "\n"
            + String(repeating: " ", count: 28) + "^\n"), "\(check.stderr)")
        #expect(check.stderr.contains(#"  \u{3a}:error::x"#), "\(check.stderr)")

        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let render = try CLI.run(["rules", "render", "--out", out.path, "latin1.yml", "hostile.yml", Self.names[0]], cwd: dir)
        #expect(render.status == 2, "a file that is not UTF-8 is refused, not rewritten with U+FFFD")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(render.stderr.contains(#"latin1.yml:4:19: error[yaml/parse]: the file is not UTF-8: \xff"#), "\(render.stderr)")
        Inert.expect(render.stderr, format: "text")
    }
}

/// What inert output is.
enum Inert {
    static func forbidden(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
            || (0x2066...0x2069).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }

    static var annotation: Regex<(Substring, Substring)> { #/^::(error|warning|notice) file=[^,:\n]*,line=[0-9]+,col=[0-9]+,title=[a-z/-]+::/# }

    static func expect(_ output: String, format: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        if let bad = output.unicodeScalars.first(where: forbidden) {
            Issue.record("\(format): raw U+\(String(bad.value, radix: 16)) in output:\n\(output.debugDescription)", sourceLocation: sourceLocation)
        }
        #expect(!output.contains("##["), "\(format): a legacy workflow command `##[`", sourceLocation: sourceLocation)
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0.isWhitespace }   // as the runner trims
            guard trimmed.hasPrefix("::") else { continue }
            if format == "github", line.firstMatch(of: annotation) != nil { continue }
            Issue.record("\(format): a line starts a workflow command: \(line.debugDescription)", sourceLocation: sourceLocation)
        }
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
