import Foundation
import ObsLint

/// Lines changed since a git revision, per file (`--changed-since`).
struct ChangedLines {
    /// nil: the whole file is new.
    var lines: [String: Set<Int>?] = [:]

    static func since(_ rev: String, paths: [String]) throws -> ChangedLines {
        var result = ChangedLines()
        func git(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git"] + args
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let (status, _) = try git(["rev-parse", "--verify", "--quiet", rev + "^{commit}"])
        guard status == 0 else { throw ValidationErrorText("unknown git revision \(rev)") }
        let (_, untracked) = try git(["ls-files", "--others", "--exclude-standard", "--"] + paths)
        for f in untracked.split(separator: "\n") { result.lines[normalize(String(f))] = .some(nil) }
        let (_, diff) = try git(["diff", "-U0", "--no-color", "--no-ext-diff", rev, "--"] + paths)
        var current: String?
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                let name = line.dropFirst(4)
                current = name == "/dev/null" ? nil : normalize(String(name.hasPrefix("b/") ? name.dropFirst(2) : name))
                if let c = current, result.lines[c] == nil { result.lines[c] = .some([]) }
            } else if line.hasPrefix("@@"), let c = current {
                // @@ -a,b +c,d @@
                guard let plus = line.split(separator: " ").first(where: { $0.hasPrefix("+") }) else { continue }
                let parts = plus.dropFirst().split(separator: ",")
                let start = Int(parts[0]) ?? 0
                let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
                if case .some(.some(var set)) = result.lines[c] {
                    for n in start..<(start + max(count, 1)) { set.insert(n) }
                    result.lines[c] = .some(set)
                }
            }
        }
        return result
    }

    static func normalize(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Keeps findings on what changed: a finding inside a rule or panel that has a changed
    /// line, or anywhere in a new file.
    func filter(_ findings: [Finding], context: LintContext) -> [Finding] {
        // Spans of rules and panels, by file.
        var spans: [String: [ClosedRange<Int>]] = [:]
        for file in context.files {
            let src = file.source
            var starts: [Int] = []
            for r in context.rules where r.file === file { starts.append(src.location(of: r.siteRange.start).line) }
            for d in context.dashboards where d.file === file {
                for p in d.dashboard.allPanels { if let o = p.offset { starts.append(src.location(of: o).line) } }
            }
            starts.sort()
            var list: [ClosedRange<Int>] = []
            for (i, s) in starts.enumerated() {
                let end = i + 1 < starts.count ? starts[i + 1] - 1 : src.lineCount
                list.append(s...max(s, end))
            }
            spans[file.path] = list
        }
        return findings.filter { f in
            let key = Self.normalize(f.file)
            guard let entry = lines[key] else { return false }
            guard let changed = entry else { return true }
            if changed.contains(f.line) { return true }
            if let span = spans[f.file]?.first(where: { $0.contains(f.line) }) {
                return changed.contains { span.contains($0) }
            }
            return false
        }
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
