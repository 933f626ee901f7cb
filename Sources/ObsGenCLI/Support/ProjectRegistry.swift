import ObsGen
import Synchronization

/// The project the commands work on: the built-in pack by default, or the one a user's own
/// executable hands to `ObsgenCommand.main(project:)`.
public enum ProjectRegistry {
    private static let current = Mutex<Project?>(nil)
    private static let defaultProvider = Mutex<(@Sendable () -> Project)?>(nil)

    public static func set(_ project: Project) { current.withLock { $0 = project } }

    public static func setDefault(_ provider: @escaping @Sendable () -> Project) { defaultProvider.withLock { $0 = provider } }

    public static var project: Project? {
        if let p = current.withLock({ $0 }) { return p }
        return defaultProvider.withLock { $0 }?()
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
