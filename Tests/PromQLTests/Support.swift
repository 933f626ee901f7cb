import Foundation
@_exported import TestSupport

extension Env {
    /// A fixture file of this test target.
    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/PromQLTests/Fixtures/\(name)")
    }
}
