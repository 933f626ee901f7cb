import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes rendered files into an output folder as one transaction, as far as a file system
/// allows: every new file is first written under a temporary name beside its target, then a
/// journal marks the commit, then the files are renamed into place and stale ones removed in one
/// short pass, and the manifest (`.obsgen-manifest`, the files obsgen generated) is replaced
/// last. A render stopped at any point (killed, disk full, read-only folder) leaves either the
/// tree as it was, or a journal from which the next render finishes the change; `--check`
/// reports such leftovers.
///
/// Nothing is written, read, replaced or removed outside the real output folder: the folder is
/// resolved once, and a symbolic link anywhere inside the output tree on the way to a file is
/// refused, never followed. Files obsgen did not generate are never touched.
public struct OutputWriter {
    public static let manifestName = ".obsgen-manifest"
    public static let journalName = ".obsgen-journal"
    static let temporarySuffix = ".obsgen-tmp"

    /// The output folder, with every symbolic link in the part that exists resolved.
    public let root: URL
    let fs: any OutputFileSystem

    public init(root: URL) {
        self.init(root: root, fileSystem: PosixFileSystem())
    }

    init(root: URL, fileSystem: any OutputFileSystem) {
        self.root = Self.resolved(root)
        self.fs = fileSystem
    }

    public struct Change: Sendable, Hashable {
        public enum Kind: String, Sendable { case created, updated, removed }
        public var kind: Kind
        public var path: String
        public var diff: String
    }

    public enum WriteError: Error, CustomStringConvertible, Equatable {
        /// A path that would leave the output folder.
        case outsideRoot(String)
        /// A symbolic link inside the output tree (absolute path, its target).
        case link(String, target: String)
        /// Something that is not a regular file where a file goes (or not a folder where a folder goes).
        case notAFile(String)
        /// A system call failed: the absolute path and the system's reason; `applied` when the
        /// change was committed and the next render finishes it.
        case io(String, String, applied: Bool)
        /// The journal of an interrupted render cannot be read.
        case journal(String, String)

        public var description: String {
            switch self {
            case .outsideRoot(let p): "refusing to write \(p): it is outside the output folder"
            case .link(let p, let t):
                "\(p): is a symbolic link (to \(t)); obsgen never writes, reads or removes through links inside its output folder (replace it with a real folder or file)"
            case .notAFile(let p): "\(p): is not a regular file where obsgen writes one (or not a folder where it needs one)"
            case .io(let p, let m, let applied):
                applied ? "cannot write \(p): \(m) (the render was committed; run it again to finish it)"
                        : "cannot write \(p): \(m) (nothing was changed)"
            case .journal(let p, let m): "\(p): \(m); it records an interrupted render — remove it once the output folder looks right"
            }
        }
    }

    /// What an earlier, interrupted render left and `recover()` cleaned up.
    public enum Recovery: Sendable, Equatable {
        case none
        /// The interrupted render had committed: its remaining renames and removals were done.
        case finished(Int)
        /// The interrupted render had not committed: its temporary files were removed.
        case rolledBack(Int)
    }

    // MARK: Paths

    static func resolved(_ url: URL) -> URL {
        var missing: [String] = []
        var u = url.standardizedFileURL
        while true {
            if let r = realpath(u.path, nil) {
                var out = URL(fileURLWithPath: String(cString: r))
                free(r)
                for c in missing.reversed() { out.appendPathComponent(c) }
                return out
            }
            if u.path == "/" || u.path.isEmpty { return url.standardizedFileURL }
            missing.append(u.lastPathComponent)
            u = u.deletingLastPathComponent()
        }
    }

    private func absolute(_ relative: String) -> String {
        root.path == "/" ? "/" + relative : root.path + "/" + relative
    }

    /// The absolute path of a relative output path, after checking that it stays inside the
    /// folder and that nothing on the way to it is a symbolic link (or a file where a folder is
    /// needed). A final component that exists must be a regular file.
    func checked(_ relative: String, directory: Bool = false) throws(WriteError) -> String {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"),
              !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
              !relative.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .outsideRoot(relative)
        }
        switch fs.kind(root.path) {
        case .missing, .directory: break
        case .symlink(let t): throw .link(root.path, target: t)
        case .file, .other: throw .notAFile(root.path)
        }
        var path = root.path == "/" ? "" : root.path
        for (i, part) in parts.enumerated() {
            path += "/" + part
            switch fs.kind(path) {
            case .missing: return absolute(relative)
            case .symlink(let target): throw .link(path, target: target)
            case .directory: if i == parts.count - 1, !directory { throw .notAFile(path) }
            case .file: if i < parts.count - 1 || directory { throw .notAFile(path) }
            case .other: throw .notAFile(path)
            }
        }
        return path
    }

    static func temporaryPath(_ relative: String) -> String {
        var parts = relative.split(separator: "/").map(String.init)
        parts[parts.count - 1] = "." + parts[parts.count - 1] + temporarySuffix
        return parts.joined(separator: "/")
    }

    /// True for a name obsgen gives its temporary files (this version's and earlier ones').
    static func isTemporaryName(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.count > 1 else { return false }
        if name.hasSuffix(temporarySuffix) { return true }
        // Earlier versions: `.NAME.obsgen-PID.tmp`.
        guard name.hasSuffix(".tmp"), let r = name.range(of: ".obsgen-", options: .backwards) else { return false }
        let pid = name[r.upperBound..<name.index(name.endIndex, offsetBy: -4)]
        return !pid.isEmpty && pid.allSatisfy(\.isASCII) && pid.allSatisfy(\.isNumber)
    }

    private func read(_ relative: String) throws(WriteError) -> [UInt8]? {
        let path = try checked(relative)
        do { return try fs.read(path) } catch { throw .io(path, error.reason, applied: false) }
    }

    // MARK: Manifest and plan

    /// Paths generated by an earlier render.
    public func previousManifest() -> [String] {
        guard let bytes = try? read(Self.manifestName) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    static func manifestText(_ files: [GeneratedFile]) -> String {
        "# Files generated by obsgen render (removed by it when no longer produced).\n" + files.map(\.path).sorted().joined(separator: "\n") + "\n"
    }

    private func withManifest(_ files: [GeneratedFile]) -> [GeneratedFile] {
        files + [GeneratedFile(path: Self.manifestName, contents: Self.manifestText(files))]
    }

    /// What a write would change, without writing anything (with unified diffs when asked).
    /// Never reads through a symbolic link: one inside the output tree is an error.
    public func plan(_ files: [GeneratedFile], diffs: Bool = true) throws(WriteError) -> [Change] {
        var changes: [Change] = []
        let all = withManifest(files)
        let produced = Set(all.map(\.path))
        for f in all {
            let old = try read(f.path)
            if let old, old.elementsEqual(f.contents.utf8) { continue }
            let oldText = old.map { String(decoding: $0, as: UTF8.self) }
            changes.append(Change(kind: old == nil ? .created : .updated, path: f.path,
                                  diff: diffs ? UnifiedDiff.make(old: oldText ?? "", new: f.contents, oldName: old == nil ? "/dev/null" : "a/\(f.path)", newName: "b/\(f.path)") : ""))
        }
        for p in previousManifest() where !produced.contains(p) {
            if let old = try read(p) {
                changes.append(Change(kind: .removed, path: p, diff: diffs ? UnifiedDiff.make(old: String(decoding: old, as: UTF8.self), new: "", oldName: "a/\(p)", newName: "/dev/null") : ""))
            }
        }
        return changes.sorted { $0.path < $1.path }
    }

    // MARK: Writing

    /// Writes every changed file and removes stale generated files, as one transaction (see
    /// the type's documentation). An interrupted earlier render is finished or rolled back first.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws(WriteError) -> [Change] {
        try recover()
        let changes = try plan(files, diffs: false)
        guard !changes.isEmpty else { return [] }
        let contents = Dictionary(withManifest(files).map { ($0.path, $0.contents) }, uniquingKeysWith: { a, _ in a })

        var journal = Journal()
        var seenDirectories: Set<String> = []
        for c in changes where c.kind != .removed {
            let parts = c.path.split(separator: "/").dropLast()
            var prefix = ""
            for part in parts {
                prefix += prefix.isEmpty ? String(part) : "/" + part
                if seenDirectories.insert(prefix).inserted, fs.kind(absolute(prefix)) == .missing {
                    journal.directories.append(prefix)
                }
            }
            journal.writes.append(c.path)
        }
        // The manifest is renamed last: it lists what the tree holds once everything is done.
        journal.writes.sort { ($0 == Self.manifestName ? 1 : 0, $0) < ($1 == Self.manifestName ? 1 : 0, $1) }
        journal.removals = changes.filter { $0.kind == .removed }.map(\.path)

        // Stage: the journal says which temporary files and folders this render may leave.
        try saveJournal(journal)
        var failure: WriteError?
        do throws(WriteError) {
            for d in journal.directories {
                let path = try checked(d, directory: true)
                try attempt(path) { () throws(SystemError) in try fs.makeDirectory(path) }
            }
            for w in journal.writes {
                let target = try checked(w)
                let temporary = absolute(Self.temporaryPath(w))
                try attempt(target) { () throws(SystemError) in
                    try fs.write(temporary, Array(contents[w]!.utf8), mode: w.hasSuffix(".sh") ? 0o755 : 0o644)
                }
            }
            journal.committed = true
            try saveJournal(journal)
        } catch {
            failure = error
        }
        if let failure {
            rollBack(journal)
            throw failure
        }
        // Commit: rename into place, remove stale files, manifest last.
        try finish(journal)
        return changes
    }

    private func attempt(_ path: String, _ body: () throws(SystemError) -> Void) throws(WriteError) {
        do { try body() } catch { throw .io(path, error.reason, applied: false) }
    }

    /// The renames and removals of a committed journal; each step can be done again safely.
    private func finish(_ journal: Journal) throws(WriteError) {
        func step(_ path: String, _ body: () throws(SystemError) -> Void) throws(WriteError) {
            do { try body() } catch { throw .io(path, error.reason, applied: true) }
        }
        for w in journal.writes where w != Self.manifestName {
            let temporary = absolute(Self.temporaryPath(w))
            if fs.kind(temporary) == .file {
                let target = try checked(w)
                try step(target) { () throws(SystemError) in try fs.rename(temporary, target) }
            }
        }
        for r in journal.removals {
            let path = try checked(r)
            try step(path) { () throws(SystemError) in try fs.remove(path) }
        }
        if journal.writes.contains(Self.manifestName) {
            let temporary = absolute(Self.temporaryPath(Self.manifestName))
            if fs.kind(temporary) == .file {
                let target = try checked(Self.manifestName)
                try step(target) { () throws(SystemError) in try fs.rename(temporary, target) }
            }
        }
        let journalPath = absolute(Self.journalName)
        try step(journalPath) { () throws(SystemError) in try fs.remove(journalPath) }
    }

    /// Removes what an uncommitted render staged; best effort, as after a failure nothing more
    /// can be done than try.
    private func rollBack(_ journal: Journal) {
        for w in journal.writes {
            if (try? checked(Self.temporaryPath(w))) != nil { try? fs.remove(absolute(Self.temporaryPath(w))) }
        }
        for d in journal.directories.reversed() {
            if let path = try? checked(d, directory: true), fs.kind(path) == .directory { try? fs.removeDirectory(path) }
        }
        try? fs.remove(absolute(Self.journalName + Self.temporarySuffix))
        try? fs.remove(absolute(Self.journalName))
    }

    // MARK: Recovery

    /// Finishes (when it had committed) or rolls back (when it had not) a render that was
    /// interrupted, and removes temporary files obsgen left beside its outputs.
    @discardableResult
    public func recover() throws(WriteError) -> Recovery {
        let journalTemporary = try checked(Self.journalName + Self.temporarySuffix)
        if fs.kind(journalTemporary) == .file { try? fs.remove(journalTemporary) }
        var result = Recovery.none
        if let journal = try loadJournal() {
            if journal.committed {
                try finish(journal)
                result = .finished(journal.writes.count + journal.removals.count)
            } else {
                rollBack(journal)
                result = .rolledBack(journal.writes.count)
            }
        }
        var removed = 0
        for (directory, name) in strayTemporaryFiles() {
            let relative = directory.isEmpty ? name : directory + "/" + name
            if let path = try? checked(relative), (try? fs.remove(path)) != nil { removed += 1 }
        }
        if result == .none, removed > 0 { result = .rolledBack(removed) }
        return result
    }

    /// What an interrupted render left in the tree, as lines for `render --check` (empty when
    /// nothing). Reads no file through a link.
    public func leftovers() throws(WriteError) -> [String] {
        var lines: [String] = []
        if let journal = try loadJournal() {
            lines.append(journal.committed
                ? "\(Self.journalName): a render was interrupted after it committed; `obsgen render` finishes it"
                : "\(Self.journalName): a render was interrupted before it committed; `obsgen render` rolls it back")
        }
        if fs.kind(try checked(Self.journalName + Self.temporarySuffix)) == .file {
            lines.append("\(Self.journalName + Self.temporarySuffix): left by an interrupted render")
        }
        for (directory, name) in strayTemporaryFiles() {
            lines.append("\(directory.isEmpty ? name : directory + "/" + name): temporary file left by an interrupted render")
        }
        return lines
    }

    /// Temporary files beside the files obsgen generated (in the folders its manifest names).
    private func strayTemporaryFiles() -> [(String, String)] {
        var directories: Set<String> = [""]
        for p in previousManifest() {
            var parts = p.split(separator: "/").dropLast().map(String.init)
            while !parts.isEmpty {
                directories.insert(parts.joined(separator: "/"))
                parts.removeLast()
            }
        }
        var found: [(String, String)] = []
        for d in directories.sorted() {
            if !d.isEmpty, (try? checked(d, directory: true)) == nil { continue }
            let path = d.isEmpty ? root.path : absolute(d)
            guard fs.kind(path) == .directory else { continue }
            for name in fs.list(path) where Self.isTemporaryName(name) && name != Self.journalName + Self.temporarySuffix {
                found.append((d, name))
            }
        }
        return found
    }

    // MARK: Journal

    /// Which folders and temporary files a render creates, which files it removes, and whether
    /// it has committed. Written atomically (temporary file + rename).
    struct Journal: Equatable {
        var committed = false
        var directories: [String] = []
        var writes: [String] = []
        var removals: [String] = []

        var text: String {
            var s = "# obsgen render in progress; the next render finishes or rolls it back.\n"
            s += "state \(committed ? "committed" : "staging")\n"
            for d in directories { s += "mkdir \(d)\n" }
            for w in writes { s += "write \(w)\n" }
            for r in removals { s += "remove \(r)\n" }
            return s
        }

        init() {}

        init?(text: String) {
            var state: Bool?
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let space = line.firstIndex(of: " ") else { return nil }
                let key = line[..<space], value = String(line[line.index(after: space)...])
                switch key {
                case "state" where value == "committed": state = true
                case "state" where value == "staging": state = false
                case "mkdir": directories.append(value)
                case "write": writes.append(value)
                case "remove": removals.append(value)
                default: return nil
                }
            }
            guard let state else { return nil }
            committed = state
        }
    }

    private func saveJournal(_ journal: Journal) throws(WriteError) {
        let target = try checked(Self.journalName)
        let temporary = try checked(Self.journalName + Self.temporarySuffix)
        do {
            if fs.kind(root.path) == .missing {
                // The output folder itself, created for the first render.
                try createRoot()
            }
            try fs.write(temporary, Array(journal.text.utf8), mode: 0o644)
            try fs.rename(temporary, target)
        } catch {
            try? fs.remove(temporary)
            throw .io(target, error.reason, applied: false)
        }
    }

    private func createRoot() throws(SystemError) {
        var missing: [String] = []
        var u = root
        while fs.kind(u.path) == .missing, u.path != "/" {
            missing.append(u.path)
            u = u.deletingLastPathComponent()
        }
        for p in missing.reversed() { try fs.makeDirectory(p) }
    }

    private func loadJournal() throws(WriteError) -> Journal? {
        let path = try checked(Self.journalName)
        let bytes: [UInt8]?
        do { bytes = try fs.read(path) } catch { throw .journal(path, error.reason) }
        guard let bytes else { return nil }
        guard let journal = Journal(text: String(decoding: bytes, as: UTF8.self)) else {
            throw .journal(path, "not a journal obsgen wrote")
        }
        // Its paths are checked again when used; refuse any that would leave the folder now.
        for p in journal.directories { _ = try checked(p, directory: true) }
        for p in journal.writes { _ = try checked(p); _ = try checked(Self.temporaryPath(p)) }
        for p in journal.removals { _ = try checked(p) }
        return journal
    }
}
