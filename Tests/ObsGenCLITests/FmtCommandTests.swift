import Foundation
import Testing

/// `obsgen fmt` through the binary: --check, --diff, writing in place, skipped files, errors.
@Suite struct FmtCommandTests {
    static let messy = "groups:\n- name: g\n  interval: 60s\n  rules:\n  - alert: A   \n    expr: up==0 # down\n\n\n  - record: r\n    expr: sum(x)by(job)\n"
    static let tidy = "groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: A\n        expr: up == 0 # down\n\n      - record: r\n        expr: sum by (job) (x)\n"

    func folder() throws -> URL {
        let dir = TempDir.make("obsgen-fmt")
        try Data(Self.messy.utf8).write(to: dir.appendingPathComponent("rules.yml"))
        try Data(Self.tidy.utf8).write(to: dir.appendingPathComponent("tidy.yml"))
        try Data("{\"panels\": []}\n".utf8).write(to: dir.appendingPathComponent("dashboard.json"))
        try Data("scrape_configs: []\n".utf8).write(to: dir.appendingPathComponent("prometheus.yml"))
        return dir
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func checkListsWhatWouldChangeAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["fmt", "--check", "."], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "./rules.yml\n")
        #expect(r.stderr.contains("./dashboard.json: skipped: not a rule file"))
        // A prometheus.yml is read for its rule-related parts (nothing to change in this one).
        #expect(!r.stderr.contains("prometheus.yml"))
        #expect(try read(dir.appendingPathComponent("rules.yml")) == Self.messy)
        #expect(try CLI.run(["fmt", "--check", "tidy.yml"], cwd: dir).status == 0)
    }

    @Test func diffPrintsAUnifiedDiffAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["fmt", "--diff", "rules.yml"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("--- a/rules.yml\n+++ b/rules.yml\n@@ "))
        #expect(r.stdout.contains("\n-    expr: up==0 # down\n"))
        #expect(r.stdout.contains("\n+        expr: up == 0 # down\n"))
        #expect(try read(dir.appendingPathComponent("rules.yml")) == Self.messy)
    }

    @Test func writesInPlaceKeepingPermissions() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("rules.yml")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let r = try CLI.run(["fmt", "."], cwd: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.isEmpty)
        #expect(try read(file) == Self.tidy)
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["dashboard.json", "prometheus.yml", "rules.yml", "tidy.yml"])
        // A second run has nothing to do.
        #expect(try CLI.run(["fmt", "--check", "."], cwd: dir).status == 0)
    }

    @Test func aSymbolicLinkIsNotWrittenThrough() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.yml").path, withDestinationPath: "rules.yml")
        let r = try CLI.run(["fmt", "link.yml"], cwd: dir)
        #expect(r.status == 2)
        // Read as every input is (lint's too): a link is not a regular file.
        #expect(r.stderr.contains("link.yml:1:1: error[io]: cannot read link.yml: it is not a regular file"))
        #expect(try read(dir.appendingPathComponent("rules.yml")) == Self.messy)
    }

    @Test func filesWithErrorsAreReportedAndLeftAlone() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let badPromQL = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(rate(x[5m])\n"
        let badYAML = "groups:\n- name: g\n  rules: [\n"
        try Data(badPromQL.utf8).write(to: dir.appendingPathComponent("bad-promql.yml"))
        try Data(badYAML.utf8).write(to: dir.appendingPathComponent("bad-yaml.yml"))
        let r = try CLI.run(["fmt", "."], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("./bad-promql.yml:5:"))
        #expect(r.stderr.contains("error[promql/syntax]"))
        #expect(r.stderr.contains("./bad-yaml.yml:"))
        #expect(r.stderr.contains("error[yaml/parse]"))
        #expect(try read(dir.appendingPathComponent("bad-promql.yml")) == badPromQL)
        #expect(try read(dir.appendingPathComponent("bad-yaml.yml")) == badYAML)
        // The good file is formatted all the same.
        #expect(try read(dir.appendingPathComponent("rules.yml")) == Self.tidy)
    }

    @Test func lineLengthFromTheFlagOrObsgenYml() throws {
        let dir = TempDir.make("obsgen-fmt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: sum by (job) (rate(http_requests_total[5m]))\n"
        try Data(input.utf8).write(to: dir.appendingPathComponent("rules.yml"))
        #expect(try CLI.run(["fmt", "--check", "rules.yml"], cwd: dir).status == 0)
        #expect(try CLI.run(["fmt", "--check", "--max-line-length", "40", "rules.yml"], cwd: dir).status == 1)
        try Data("fmt:\n  max_line_length: 40\n".utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
        #expect(try CLI.run(["fmt", "--check", "rules.yml"], cwd: dir).status == 1)
        #expect(try CLI.run(["fmt", "--check", "--max-line-length", "100", "rules.yml"], cwd: dir).status == 0)
        // Lists left at their key's column when obsgen.yml says so.
        let indentless = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n"
        try Data(indentless.utf8).write(to: dir.appendingPathComponent("rules.yml"))
        #expect(try CLI.run(["fmt", "--check", "rules.yml"], cwd: dir).status == 1)
        try Data("fmt:\n  indent_lists: false\n".utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
        #expect(try CLI.run(["fmt", "--check", "rules.yml"], cwd: dir).status == 0)
    }

    /// A file named on the command line must be YAML: one that is not (or cannot be read) is an
    /// error at its place, exit 2, as the README and the help say. A YAML file that is not a rule
    /// file is skipped. In a folder, only .yml, .yaml and .json files are read (others are not
    /// mentioned); one of those that is not YAML is skipped with the reason.
    @Test func filesThatAreNotYAML() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("# Title\n\nSome text: with a colon\n- and a list\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        try Data("hello world\n".utf8).write(to: dir.appendingPathComponent("note.txt"))
        try Data("a: [\n".utf8).write(to: dir.appendingPathComponent("broken.yml"))
        try Data("x: 1\n".utf8).write(to: dir.appendingPathComponent("other.yml"))
        var r = try CLI.run(["fmt", "--check", "README.md"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("README.md:4:1: error[yaml/parse]: not YAML, so not a rule file: "), "\(r.stderr)")
        r = try CLI.run(["fmt", "note.txt"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("note.txt:1:1: error[yaml/parse]: not YAML, so not a rule file: the file reads as one plain string"), "\(r.stderr)")
        r = try CLI.run(["fmt", "broken.yml"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("broken.yml:2:1: error[yaml/parse]: not YAML"), "\(r.stderr)")
        r = try CLI.run(["fmt", "missing.yml"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("missing.yml:1:1: error[io]: cannot read missing.yml: no such file or directory"), "\(r.stderr)")
        r = try CLI.run(["fmt", "other.yml", "dashboard.json"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stderr == "other.yml: skipped: not a rule file\ndashboard.json: skipped: not a rule file\n")
        // The folder: README.md and note.txt are not looked at, broken.yml is skipped.
        r = try CLI.run(["fmt", "--check", "."], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "./rules.yml\n")
        #expect(r.stderr.contains("./broken.yml: skipped: not YAML (2:1: "), "\(r.stderr)")
        #expect(r.stderr.contains("./other.yml: skipped: not a rule file"))
        #expect(!r.stderr.contains("README") && !r.stderr.contains("note.txt"))
        #expect(try read(dir.appendingPathComponent("broken.yml")) == "a: [\n")        // A rule file with Windows line breaks that starts with a comment is a rule file.
        try Data("# rules\r\ngroups:\r\n- name: g\r\n  rules:\r\n  - record: r\r\n    expr: up\r\n".utf8).write(to: dir.appendingPathComponent("crlf.yml"))
        r = try CLI.run(["fmt", "crlf.yml"], cwd: dir)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.output)")
        #expect(try read(dir.appendingPathComponent("crlf.yml")) == "# rules\r\ngroups:\r\n  - name: g\r\n    rules:\r\n      - record: r\r\n        expr: up\r\n")
    }

    /// prometheus.yml: its rule-related parts are formatted in place, the rest kept byte for
    /// byte; a layout the formatter does not edit is reported skipped with the reason.
    @Test func prometheusYml() throws {
        let dir = TempDir.make("obsgen-fmt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = "global:\n  scrape_interval: \"60s\"\n  evaluation_interval: \"60s\"\nrule_files:\n# main\n- \"rules/main.yml\"\nscrape_configs:\n- job_name: \"x\"\n"
        let formatted = "global:\n  scrape_interval: \"60s\"\n  evaluation_interval: 1m\nrule_files:\n  # main\n  - rules/main.yml\nscrape_configs:\n- job_name: \"x\"\n"
        let file = dir.appendingPathComponent("prometheus.yml")
        try Data(config.utf8).write(to: file)
        var r = try CLI.run(["fmt", "--check", "."], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "./prometheus.yml\n")
        r = try CLI.run(["fmt", "prometheus.yml"], cwd: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(try read(file) == formatted)
        #expect(try CLI.run(["fmt", "--check", "prometheus.yml"], cwd: dir).status == 0)
        let anchored = "rule_files: &r\n- a.yml\nglobal:\n  evaluation_interval: 60s\n"
        try Data(anchored.utf8).write(to: file)
        r = try CLI.run(["fmt", "prometheus.yml"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stderr == "prometheus.yml: skipped: rule_files is not a plain list under its key (an anchor, a tag, or a key after something else)\n")
        #expect(try read(file) == anchored)
    }
}
