import Foundation
import Testing

/// Where the shared corpora live (`../shared` beside the repository) and whether tools that
/// are missing must fail the run (`OBSGEN_REQUIRE_TOOLS=1`, as in CI).
enum Env {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let shared: URL = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static var requireTools: Bool { ProcessInfo.processInfo.environment["OBSGEN_REQUIRE_TOOLS"] == "1" }

    static func sharedFile(_ path: String) -> URL? {
        let url = shared.appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// True when the file exists; otherwise prints why the test is skipped (or records a failure
    /// under `OBSGEN_REQUIRE_TOOLS=1`).
    static func available(_ path: String) -> Bool {
        if sharedFile(path) != nil { return true }
        if requireTools {
            Issue.record("required corpus ../shared/\(path) is missing (OBSGEN_REQUIRE_TOOLS=1)")
        } else {
            print("skipped: ../shared/\(path) is absent")
        }
        return false
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)
            ?? repositoryRoot.appendingPathComponent("Tests/PromQLTests/Fixtures/\(name)")
    }

    static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }
    }
}
