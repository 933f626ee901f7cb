import Foundation
import ObsGen
@_exported import TestSupport

extension Env {
    /// A fixture file of this test target.
    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/ObsGenTests/Fixtures/\(name)")
    }
}

/// Writes a project's rendered rule files (and their promtool tests) under `dir`.
func writeRuleFiles(of project: Project, to dir: URL) throws {
    for f in try project.renderedFiles(source: "test") where f.path.hasPrefix("rules/") {
        let url = dir.appendingPathComponent(f.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(f.contents.utf8).write(to: url)
    }
}
