@_exported import PromQL

/// Where something was declared: a Swift source line (DSL) or a place in a loaded file. A DSL
/// declaration's column is that of its call's opening parenthesis (`TimeSeries(` → the `(`),
/// which is what `#column` gives a default argument.
public struct DeclarationSite: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static let unknown = DeclarationSite(file: "<unknown>", line: 0, column: 0)

    public var description: String { "\(file):\(line):\(column)" }
}

/// A Prometheus duration with millisecond resolution (`30s`, `5m`, `1h30m`).
public struct PromDuration: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses `5m`, `1h30m`; traps on invalid text (use `parse(_:)` for user input).
    public init(stringLiteral value: String) {
        guard case .success(let ms) = parseDurationLiteral(value) else {
            preconditionFailure("invalid duration literal \(value)")
        }
        self.milliseconds = ms
    }

    public static func parse(_ text: String) -> PromDuration? {
        if case .success(let ms) = parseDurationLiteral(text) { return PromDuration(milliseconds: ms) }
        return nil
    }

    public static func milliseconds(_ n: Int64) -> PromDuration { PromDuration(milliseconds: n) }
    public static func seconds(_ n: Int64) -> PromDuration { PromDuration(milliseconds: n * 1000) }
    public static func minutes(_ n: Int64) -> PromDuration { PromDuration(milliseconds: n * 60_000) }
    public static func hours(_ n: Int64) -> PromDuration { PromDuration(milliseconds: n * 3_600_000) }
    public static func days(_ n: Int64) -> PromDuration { PromDuration(milliseconds: n * 86_400_000) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public var description: String { formatDuration(milliseconds: milliseconds) }

    public static func < (a: PromDuration, b: PromDuration) -> Bool { a.milliseconds < b.milliseconds }
    public static func * (a: PromDuration, n: Int64) -> PromDuration { PromDuration(milliseconds: a.milliseconds * n) }
}

/// An ordered string map: labels and annotations keep a stable, sorted order when rendered.
public typealias Labels = [String: String]

/// A reference to a secret that never holds the secret itself.
public enum SecretReference: Sendable, Hashable {
    /// A file the server reads at run time (`credentials_file`, `password_file`).
    case file(String)
    /// An environment variable, for tools that read the environment (the push helper).
    case environment(String)
}
