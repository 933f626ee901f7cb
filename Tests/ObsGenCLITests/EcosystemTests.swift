import Foundation
import Testing

/// pre-commit with the real tool, `lint --changed-since` on a real git repository.
@Suite(.serialized, .enabled(if: CLI.binary != nil, "the obsgen executable is not built")) struct EcosystemTests {
    @discardableResult
    static func sh(_ script: String, in dir: URL, env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> (Int32, String) {
        let r = try Tool.sh(script, in: dir, env: env, sourceLocation: sourceLocation)
        return (r.status, r.output)
    }

    static let goodRules = "groups:\n  - name: g\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n        for: 5m\n        labels:\n          severity: critical\n        annotations:\n          summary: Target down\n          description: A target does not answer.\n          runbook_url: https://example.org/r\n"

    @Test(.enabled(if: Needs.tool("pre-commit", "git"), "pre-commit or git is not installed (pip install pre-commit)"))
    func preCommitRefusesABrokenRuleFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-precommit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The hooks definition of this checkout, offered as a local pre-commit repository.
        let hooks = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hookRepo = dir.appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hookRepo, withIntermediateDirectories: true)
        try Data(hooks.utf8).write(to: hookRepo.appendingPathComponent(".pre-commit-hooks.yaml"))
        try Self.sh("git init -q && git add -A && git commit -qm hooks", in: hookRepo)
        let bin = CLI.binary!.deletingLastPathComponent().path
        try Self.refusesBrokenAcceptsClean(hookRepo: hookRepo, hook: "obsgen-lint-system", in: dir,
                                           path: "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "")")
    }

    /// The `obsgen-fmt-system` hook formats a staged rule file in place: pre-commit refuses the
    /// commit (a hook changed files), and the commit of the formatted file passes.
    @Test(.enabled(if: Needs.tool("pre-commit", "git"), "pre-commit or git is not installed (pip install pre-commit)"))
    func preCommitFormatsRuleFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-precommit-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hookRepo = dir.appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hookRepo, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.repositoryRoot.appendingPathComponent(".pre-commit-hooks.yaml"), to: hookRepo.appendingPathComponent(".pre-commit-hooks.yaml"))
        try Self.sh("git init -q && git add -A && git commit -qm hooks", in: hookRepo)
        let work = dir.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try Data("repos:\n  - repo: \(hookRepo.path)\n    rev: HEAD\n    hooks:\n      - id: obsgen-fmt-system\n".utf8).write(to: work.appendingPathComponent(".pre-commit-config.yaml"))
        let path = "\(CLI.binary!.deletingLastPathComponent().path):\(ProcessInfo.processInfo.environment["PATH"] ?? "")"
        let env = ["PATH": path, "PRE_COMMIT_HOME": dir.appendingPathComponent("cache").path]
        var (status, out) = try Self.sh("git init -q && git add .pre-commit-config.yaml && git commit -qm init && pre-commit install && pre-commit install-hooks", in: work, env: env)
        #expect(status == 0, "\(out)")
        let messy = "groups:\n  - name: g # the group\n    rules:\n      - alert: A\n        expr: up==0\n        for: 300s\n"
        try Data(messy.utf8).write(to: work.appendingPathComponent("rules.yml"))
        (status, out) = try Self.sh("git add rules.yml && git commit -m rules", in: work, env: env)
        #expect(status != 0, "the hook must change the file and stop the commit:\n\(out)")
        #expect(try String(contentsOf: work.appendingPathComponent("rules.yml"), encoding: .utf8) == messy.replacingOccurrences(of: "up==0", with: "up == 0").replacingOccurrences(of: "300s", with: "5m"))
        (status, out) = try Self.sh("git add rules.yml && git commit -qm rules", in: work, env: env)
        #expect(status == 0, "the formatted file must pass:\n\(out)")
    }

    /// The `language: swift` hook: pre-commit takes this checkout as the hook repository and
    /// builds obsgen with `swift build -c release` itself (about a minute here), then lints
    /// with what it built.
    @Test(.enabled(if: Needs.slowTests, "slow (pre-commit builds obsgen in release mode): set OBSGEN_SLOW_TESTS=1"),
          .enabled(if: Needs.tool("pre-commit", "git"), "pre-commit or git is not installed (pip install pre-commit)"))
    func preCommitSwiftHookBuildsAndLints() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-precommit-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // This checkout's tracked files, as they are in the working tree, as the hook repository.
        let hookRepo = dir.appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hookRepo, withIntermediateDirectories: true)
        let (copied, copyOut) = try Self.sh("git ls-files -z | xargs -0 cp --parents -t '\(hookRepo.path)'", in: CLI.repositoryRoot)
        #expect(copied == 0, "\(copyOut)")
        try Self.sh("git init -q && git add -A && git commit -qm hooks", in: hookRepo)
        // Without the obsgen this test run built on PATH: the hook must use its own.
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .filter { !FileManager.default.isExecutableFile(atPath: "\($0)/obsgen") }.joined(separator: ":")
        try Self.refusesBrokenAcceptsClean(hookRepo: hookRepo, hook: "obsgen-lint", in: dir, path: path)
    }

    /// In a new git repository using `hook` from `hookRepo`: a commit adding a broken rule file
    /// is refused with the diagnostic shown; a clean one passes.
    static func refusesBrokenAcceptsClean(hookRepo: URL, hook: String, in dir: URL, path: String) throws {
        let work = dir.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let config = "repos:\n  - repo: \(hookRepo.path)\n    rev: HEAD\n    hooks:\n      - id: \(hook)\n"
        try Data(config.utf8).write(to: work.appendingPathComponent(".pre-commit-config.yaml"))
        let env = ["PATH": path, "PRE_COMMIT_HOME": dir.appendingPathComponent("cache").path]
        var (status, out) = try Self.sh("git init -q && git add .pre-commit-config.yaml && git commit -qm init && pre-commit install && pre-commit install-hooks", in: work, env: env)
        #expect(status == 0, "\(out)")

        try Data("groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m])\n".utf8).write(to: work.appendingPathComponent("broken.yml"))
        (status, out) = try Self.sh("git add broken.yml && git commit -m 'broken rule'", in: work, env: env)
        #expect(status != 0, "a commit with a broken rule file must be refused:\n\(out)")
        #expect(out.contains("broken.yml:5:"), "the diagnostic must be shown:\n\(out)")
        #expect(out.contains("error[promql/syntax]"))

        try Self.sh("git rm -q --cached broken.yml && rm broken.yml", in: work)
        try Data(Self.goodRules.utf8).write(to: work.appendingPathComponent("good.yml"))
        (status, out) = try Self.sh("git add good.yml && git commit -qm 'good rule'", in: work, env: env)
        #expect(status == 0, "a clean rule file must pass:\n\(out)")
    }

    @Test(.enabled(if: Needs.tool("git"), "git is not installed"))
    func changedSinceReportsOnlyWhatChanged() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-changed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two old rules with problems, committed.
        let old = "groups:\n  - name: g\n    rules:\n      - alert: old_one\n        expr: up == 0\n      - alert: old_two\n        expr: up == 0\n"
        try Data(old.utf8).write(to: dir.appendingPathComponent("rules.yml"))
        try Self.sh("git init -q && git add -A && git commit -qm base", in: dir)
        // A new rule with its own problem.
        try Data((old + "      - alert: new_one\n        expr: up == 0\n").utf8).write(to: dir.appendingPathComponent("rules.yml"))
        let all = try CLI.run(["lint", "--format", "json", "rules.yml"], cwd: dir)
        let changed = try CLI.run(["lint", "--format", "json", "--changed-since", "HEAD", "rules.yml"], cwd: dir)
        #expect(all.stdout.contains("old_one") && all.stdout.contains("new_one"))
        #expect(changed.stdout.contains("new_one"), "\(changed.stdout)")
        #expect(!changed.stdout.contains("old_one") && !changed.stdout.contains("old_two"), "\(changed.stdout)")
        let bad = try CLI.run(["lint", "--changed-since", "no-such-rev", "rules.yml"], cwd: dir)
        #expect(bad.status == 2)
    }

    @Test func lintExitStatusesAndFormats() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.goodRules.utf8).write(to: dir.appendingPathComponent("good.yml"))
        try Data("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n".utf8).write(to: dir.appendingPathComponent("warn.yml"))
        #expect(try CLI.run(["lint", dir.appendingPathComponent("good.yml").path]).status == 0)
        let warn = dir.appendingPathComponent("warn.yml").path
        #expect(try CLI.run(["lint", warn]).status == 0, "warnings pass with --fail-on error")
        #expect(try CLI.run(["lint", "--fail-on", "warning", warn]).status == 1)
        #expect(try CLI.run(["lint", "/no/such/file.yml"]).status == 2)
        for format in ["json", "sarif", "github", "junit", "checkstyle"] {
            let r = try CLI.run(["lint", "--format", format, warn])
            #expect(r.status == 0 && !r.stdout.isEmpty, "\(format)")
        }
        let text = try CLI.run(["lint", warn])
        #expect(text.stdout.contains("1 file, 1 rule, 0 dashboards: 0 errors"))
        // obsgen.yml is found by walking up; unknown keys are located errors (exit 2).
        try Data("lint:\n  checks:\n    alerts/required: {enabled: false}\n".utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let quiet = try CLI.run(["lint", "--format", "json", warn], cwd: sub)
        #expect(!quiet.stdout.contains("alerts/required"))
        try Data("lint:\n  chekcs: {}\n".utf8).write(to: dir.appendingPathComponent("obsgen.yml"))
        let broken = try CLI.run(["lint", warn], cwd: sub)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("obsgen.yml:2:3: error"), "\(broken.stderr)")
    }

    @Test func completionScriptsAndVersion() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try CLI.run(["--generate-completion-script", shell])
            #expect(r.status == 0 && r.stdout.contains("obsgen"), "\(shell)")
        }
        #expect(try CLI.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}
