/// The type of a PromQL expression's result.
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    case scalar
    case vector
    case matrix
    case string
    /// Not known statically: a Grafana template variable standing for a value.
    case placeholder

    /// The name Prometheus' documentation and error messages use ("instant vector", …).
    public var documentedName: String {
        switch self {
        case .scalar: "scalar"
        case .vector: "instant vector"
        case .matrix: "range vector"
        case .string: "string"
        case .placeholder: "template variable"
        }
    }
}
