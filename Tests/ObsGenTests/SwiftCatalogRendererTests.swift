import Foundation
import Testing
@testable import ObsGen

@Suite struct SwiftCatalogRendererTests {
    @Test func declarationsForEveryKindWithEscapedText() {
        let metrics = [
            Metric(name: "deployment_total", kind: .counter, help: "Deployments \"by\" outcome.\nSecond line", labels: [.oneOf("status", ["ok", "fa\\il"]), "service", .unbounded("sha")], job: "ci"),
            Metric(name: "build_seconds", kind: .histogram, help: "Build time.", unit: .seconds, buckets: [0.5, 1, 2.5]),
            Metric(name: "rpc_latency_seconds", kind: .summary, help: "", unit: .seconds),
            Metric(name: "build_info", kind: .info, help: "Build.", labels: ["version"]),
            Metric(name: "queue_bytes", kind: .gauge, help: "Queue size.", unit: .bytes),
            Metric(name: "default", kind: .stateset, help: "A keyword."),
            Metric(name: "123_weird:name", kind: .gauge, help: "Digits first."),
        ]
        let text = SwiftCatalogRenderer.render(metrics, enumName: "ImportedMetrics", header: ["Imported."])
        #expect(text == #"""
            // Imported.
            import ObsGen

            public enum ImportedMetrics {
                /// Deployments "by" outcome. Second line
                public static let deploymentTotal = Counter("deployment_total", help: "Deployments \"by\" outcome.\nSecond line", labels: [.oneOf("status", ["ok", "fa\\il"]), "service", .unbounded("sha")], job: "ci")
                /// Build time.
                public static let buildSeconds = Histogram("build_seconds", help: "Build time.", unit: .seconds, buckets: [0.5, 1, 2.5])
                public static let rpcLatencySeconds = Summary("rpc_latency_seconds", help: "", unit: .seconds)
                /// Build.
                public static let buildInfo = Info("build_info", help: "Build.", labels: ["version"])
                /// Queue size.
                public static let queueBytes = Gauge("queue_bytes", help: "Queue size.", unit: .bytes)
                /// A keyword.
                public static let `default` = Gauge("default", help: "A keyword.")
                /// Digits first.
                public static let m123WeirdName = Gauge("123_weird:name", help: "Digits first.")

                public static let all: [Metric] = [
                    deploymentTotal,
                    buildSeconds,
                    rpcLatencySeconds,
                    buildInfo,
                    queueBytes,
                    `default`,
                    m123WeirdName,
                ]
            }

            """#)
    }

    @Test func guessedKindsAreMarkedByACommentNotInTheHelp() {
        let text = SwiftCatalogRenderer.render([Metric(name: "node_vmstat_pgfault", kind: .gauge, help: "Untyped counter.")], guessed: ["node_vmstat_pgfault"])
        #expect(text.contains("    // Kind guessed from the name: the server does not type this metric.\n    /// Untyped counter.\n    public static let nodeVmstatPgfault = Gauge(\"node_vmstat_pgfault\", help: \"Untyped counter.\")\n"), "\(text)")
    }

    @Test func controlCharactersAreEscaped() {
        #expect(SwiftCatalogRenderer.string("a\u{1}b\u{2028}c\"\\") == #""a\u{1}b\u{2028}c\"\\""#)
    }
}
