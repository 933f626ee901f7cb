import ArgumentParser
import PromQL

/// Options shared by every command that reads PromQL.
public struct FeatureOptions: ParsableArguments {
    @Option(name: .customLong("enable-feature"),
            help: ArgumentHelp("Accept experimental PromQL syntax, by Prometheus' feature flag name (repeatable, comma-separated; 'all' for every one).",
                               valueName: "name"))
    public var enabledFeatures: [String] = []

    @Flag(name: .long, help: "Read expressions as Grafana dashboard queries: template variables such as $job or $__rate_interval are accepted where a value can stand.")
    public var grafana = false

    public init() {}

    public func parseOptions() throws -> ParseOptions {
        switch Features.parse(flags: enabledFeatures) {
        case .success(let f): return ParseOptions(features: f, grafana: grafana)
        case .failure(let d): throw ValidationError(d.message)
        }
    }
}
