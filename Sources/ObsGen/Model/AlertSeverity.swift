/// The `severity` label of an alert: `.critical`, `.warning`, `.info`, or a level a team
/// declares once (`extension AlertSeverity { static let page = AlertSeverity.custom("page") }`).
///
/// A string literal still converts (`severity: "critical"`) for older declarations, with a
/// deprecation warning: write `.critical`, and the compiler catches a misspelt level.
public struct AlertSeverity: Sendable, Hashable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    @available(*, deprecated, message: "write .critical, .warning, .info or AlertSeverity.custom(\"name\")")
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let critical = AlertSeverity(rawValue: "critical")
    public static let warning = AlertSeverity(rawValue: "warning")
    public static let info = AlertSeverity(rawValue: "info")

    /// A team's own level (`page`, `ticket`, …).
    public static func custom(_ name: String) -> AlertSeverity { AlertSeverity(rawValue: name) }

    /// The three levels Alertmanager routing, Grafana colours and the runbooks know.
    public static let standard: [AlertSeverity] = [.critical, .warning, .info]

    public var description: String { rawValue }

    /// The Grafana colour a panel threshold of this level gets.
    public var color: String {
        switch rawValue {
        case "critical", "page": "red"
        case "warning": "orange"
        case "info": "blue"
        default: "yellow"
        }
    }
}
