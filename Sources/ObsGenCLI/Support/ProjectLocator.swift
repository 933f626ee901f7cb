import ArgumentParser
import Foundation
import ObsGen
import ObsGenPacks
import ObsLint
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The project a user's own executable hands to `ObsgenCommand.main(project:)`.
public enum ProjectRegistry {
    private static let current = Mutex<Project?>(nil)

    public static func set(_ project: Project) { current.withLock { $0 = project } }

    public static var project: Project? { current.withLock { $0 } }
}

/// The built-in packs, by the names `--pack` and obsgen.yml's `project.pack` take.
public enum BuiltInPacks {
    public static let all: [String: @Sendable () -> Project] = ["deployment": { DeploymentPack.project }]
    public static var names: String { all.keys.sorted().joined(separator: ", ") }
}

/// `--pack NAME`, shared by the commands that act on a project.
public struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Act on a built-in pack instead of the project found from obsgen.yml (\(BuiltInPacks.names)).", valueName: "name"))
    public var pack: String?

    public init() {}
}

/// Finds the project a command acts on:
/// 1. in a user's own executable, the project it registered;
/// 2. `--pack NAME`, a built-in pack;
/// 3. otherwise the `project:` section of the nearest obsgen.yml above the working folder: a
///    built-in pack, or a SwiftPM package whose executable is built with `swift build` (its
///    incremental build is the cache) and run in obsgen's place with the same arguments — its
///    output and exit status are the command's.
/// With none of these, the command exits 2 saying where it looked and what to do.
public enum ProjectLocator {
    public struct Found {
        public var project: Project
        /// The project's folder: where obsgen.yml is (rendered files go there by default).
        public var root: URL
    }

    static let delegatedVariable = "OBSGEN_DELEGATED_FROM"

    public static func locate(_ options: ProjectOptions, command: String) throws -> Found {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let configURL = ObsgenConfigFile.find(from: cwd)
        let root = configURL?.deletingLastPathComponent() ?? cwd
        if let project = ProjectRegistry.project {
            return Found(project: project, root: root)
        }
        if let name = options.pack {
            guard let pack = BuiltInPacks.all[name] else {
                Output.err("obsgen: no built-in pack \"\(name)\" (there is: \(BuiltInPacks.names))\n")
                throw ExitCode(2)
            }
            return Found(project: pack(), root: cwd)
        }
        guard let configURL else {
            noProject("no obsgen.yml in \(cwd.path) or any folder above it", command: command)
        }
        let config = ObsgenConfigFile.load(path: configURL.path)
        if !config.diagnostics.isEmpty {
            for d in config.diagnostics { Output.err(config.source.render(d, color: Output.stderrIsColorTerminal)) }
            throw ExitCode(2)
        }
        switch config.project {
        case nil:
            noProject("\(configURL.path) has no `project:` section", command: command)
        case .pack(let name):
            guard let pack = BuiltInPacks.all[name] else {
                Output.err("\(configURL.path): project.pack \"\(name)\" is not a built-in pack (there is: \(BuiltInPacks.names))\n")
                throw ExitCode(2)
            }
            return Found(project: pack(), root: root)
        case .package(let path, let product):
            delegate(package: root.appendingPathComponent(path).standardizedFileURL, product: product, config: configURL)
        }
    }

    static func noProject(_ why: String, command: String) -> Never {
        Output.err("""
        obsgen: no project to \(command): \(why).
          A project is named by obsgen.yml's `project:` section (found by walking up from the working folder).
          Create one:               obsgen init DIR
          Use the built-in pack:    obsgen \(command) --pack deployment
          Lint existing files:      obsgen lint PATH…

        """)
        Foundation.exit(2)
    }

    /// Builds the package's executable and runs it in this process's place.
    static func delegate(package: URL, product: String, config: URL) -> Never {
        if let from = ProcessInfo.processInfo.environment[delegatedVariable] {
            Output.err("obsgen: \(from) ran \(product), which has no project of its own: its main.swift must call ObsgenCommand.main(project:)\n")
            Foundation.exit(2)
        }
        guard FileManager.default.fileExists(atPath: package.appendingPathComponent("Package.swift").path) else {
            Output.err("\(config.path): project.package \(package.path) has no Package.swift\n")
            Foundation.exit(2)
        }
        guard let swift = executable(named: "swift") else {
            Output.err("obsgen: the project is a Swift package (\(package.path)) and `swift` is not on PATH to build it\n")
            Foundation.exit(2)
        }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: swift)
        build.arguments = ["build", "--package-path", package.path, "--product", product]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("obsgen-build-\(getpid()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        do {
            let handle = try FileHandle(forWritingTo: log)
            build.standardOutput = handle
            build.standardError = handle
            try build.run()
            build.waitUntilExit()
        } catch {
            Output.err("obsgen: cannot run swift build: \(error)\n")
            Foundation.exit(2)
        }
        if build.terminationStatus != 0 {
            Output.err(String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self))
            Output.err("obsgen: building \(product) in \(package.path) failed (swift build exit status \(build.terminationStatus))\n")
            Foundation.exit(2)
        }
        let binary = package.appendingPathComponent(".build/debug/\(product)").path
        setenv(delegatedVariable, config.path, 1)
        let argv = ([binary] + CommandLine.arguments.dropFirst()).map { strdup($0) } + [nil]
        execv(binary, argv)
        Output.err("obsgen: cannot run \(binary): \(String(cString: strerror(errno)))\n")
        Foundation.exit(2)
    }

    static func executable(named name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

extension ObsgenCommand {
    /// Runs obsgen's commands over a user's own project:
    ///
    ///     // Sources/MyObservability/main.swift
    ///     import ObsGenCLI
    ///     ObsgenCommand.main(project: myProject)
    public static func main(project: Project) -> Never {
        ProjectRegistry.set(project)
        runMain()
    }
}
