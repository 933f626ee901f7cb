/// Experimental PromQL syntax, named after the Prometheus feature flags that enable it
/// (`prometheus --enable-feature=NAME`). A rule that uses one fails to load on a Prometheus
/// started without the flag, so obsgen rejects it too unless the same flag is set.
public struct Features: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `promql-experimental-functions`: experimental functions (`info`, `sort_by_label`, …),
    /// the `limitk`/`limit_ratio` aggregators and the native-histogram trim operators `</`, `>/`.
    public static let experimentalFunctions = Features(rawValue: 1 << 0)
    /// `promql-duration-expr`: arithmetic in ranges, subquery steps and offsets, `step()`, `range()`,
    /// `min_of()`, `max_of()`.
    public static let durationExpressions = Features(rawValue: 1 << 1)
    /// `promql-extended-range-selectors`: the `anchored` and `smoothed` modifiers.
    public static let extendedRangeSelectors = Features(rawValue: 1 << 2)
    /// `promql-binop-fill-modifiers`: `fill()`, `fill_left()`, `fill_right()` on binary operators.
    public static let fillModifiers = Features(rawValue: 1 << 3)

    public static let none: Features = []
    public static let all: Features = [.experimentalFunctions, .durationExpressions, .extendedRangeSelectors, .fillModifiers]

    /// Prometheus' flag name for each single feature.
    public static let flagNames: [(name: String, feature: Features)] = [
        ("promql-experimental-functions", .experimentalFunctions),
        ("promql-duration-expr", .durationExpressions),
        ("promql-extended-range-selectors", .extendedRangeSelectors),
        ("promql-binop-fill-modifiers", .fillModifiers),
    ]

    /// The flag name of a single feature.
    public var flagName: String {
        Features.flagNames.first { $0.feature == self }?.name ?? "unknown"
    }

    /// Parses Prometheus flag names (`all` enables everything). Returns nil for an unknown name.
    public init?(flagName: String) {
        let name = flagName.trimmingSpaces()
        if name == "all" {
            self = .all
            return
        }
        guard let f = Features.flagNames.first(where: { $0.name == name }) else { return nil }
        self = f.feature
    }

    /// Parses a list of flags, accepting comma-separated values as Prometheus does.
    public static func parse(flags: [String]) -> Result<Features, Diagnostic> {
        var result: Features = []
        for flag in flags {
            for part in flag.split(separator: ",") {
                guard let f = Features(flagName: String(part)) else {
                    let known = (["all"] + flagNames.map(\.name)).joined(separator: ", ")
                    return .failure(Diagnostic(message: "unknown feature flag \"\(part)\" (known: \(known))", range: .zero))
                }
                result.formUnion(f)
            }
        }
        return .success(result)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
