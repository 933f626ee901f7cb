/// How many arguments past the declared ones a function accepts.
public enum Arity: Sendable, Hashable {
    /// Exactly the declared arguments.
    case fixed
    /// The last declared argument is optional, and up to `n` arguments in all may stand in its place
    /// (`round(v)` / `round(v, to)`: `.optionalLast(upTo: 1)`).
    case optionalLast(upTo: Int)
    /// The last declared argument is optional and may repeat without bound (`label_join`).
    case unbounded
}

/// A PromQL function: its name, argument types, arity and result type.
/// The table below is Prometheus' own function table (promql/parser/functions.go), kept as data.
public struct Function: Sendable, Hashable {
    public let name: String
    public let argumentTypes: [ValueType]
    public let arity: Arity
    public let returnType: ValueType
    /// Needs `--enable-feature=promql-experimental-functions`.
    public let isExperimental: Bool

    public init(_ name: String, _ argumentTypes: [ValueType], _ returnType: ValueType, arity: Arity = .fixed, experimental: Bool = false) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.arity = arity
        self.returnType = returnType
        self.isExperimental = experimental
    }

    /// Smallest accepted argument count.
    public var minimumArguments: Int {
        arity == .fixed ? argumentTypes.count : argumentTypes.count - 1
    }

    /// Largest accepted argument count, or nil when unbounded.
    public var maximumArguments: Int? {
        switch arity {
        case .fixed: argumentTypes.count
        case .optionalLast(let n): argumentTypes.count - 1 + n
        case .unbounded: nil
        }
    }

    /// The type expected for argument `index` (repeating the last for variadic functions).
    public func argumentType(at index: Int) -> ValueType? {
        if index < argumentTypes.count { return argumentTypes[index] }
        return arity == .fixed ? nil : argumentTypes.last
    }

    public static func named(_ name: String) -> Function? { table[name] }

    /// Every function, sorted by name.
    public static var all: [Function] { table.values.sorted { $0.name < $1.name } }

    static let table: [String: Function] = {
        let v = ValueType.vector, m = ValueType.matrix, s = ValueType.scalar, str = ValueType.string
        let list: [Function] = [
            Function("abs", [v], v),
            Function("absent", [v], v),
            Function("absent_over_time", [m], v),
            Function("acos", [v], v),
            Function("acosh", [v], v),
            Function("asin", [v], v),
            Function("asinh", [v], v),
            Function("atan", [v], v),
            Function("atanh", [v], v),
            Function("avg_over_time", [m], v),
            Function("ceil", [v], v),
            Function("changes", [m], v),
            Function("clamp", [v, s, s], v),
            Function("clamp_max", [v, s], v),
            Function("clamp_min", [v, s], v),
            Function("cos", [v], v),
            Function("cosh", [v], v),
            Function("count_over_time", [m], v),
            Function("days_in_month", [v], v, arity: .optionalLast(upTo: 1)),
            Function("day_of_month", [v], v, arity: .optionalLast(upTo: 1)),
            Function("day_of_week", [v], v, arity: .optionalLast(upTo: 1)),
            Function("day_of_year", [v], v, arity: .optionalLast(upTo: 1)),
            Function("deg", [v], v),
            Function("delta", [m], v),
            Function("deriv", [m], v),
            Function("double_exponential_smoothing", [m, s, s], v, experimental: true),
            Function("end", [], s, experimental: true),
            Function("exp", [v], v),
            Function("first_over_time", [m], v, experimental: true),
            Function("floor", [v], v),
            Function("histogram_avg", [v], v),
            Function("histogram_count", [v], v),
            Function("histogram_fraction", [s, s, v], v),
            Function("histogram_quantile", [s, v], v),
            Function("histogram_quantiles", [v, str, s, s], v, arity: .optionalLast(upTo: 9), experimental: true),
            Function("histogram_stddev", [v], v),
            Function("histogram_stdvar", [v], v),
            Function("histogram_sum", [v], v),
            Function("hour", [v], v, arity: .optionalLast(upTo: 1)),
            Function("idelta", [m], v),
            Function("increase", [m], v),
            Function("info", [v, v], v, arity: .optionalLast(upTo: 1), experimental: true),
            Function("integral", [m, s], v, arity: .optionalLast(upTo: 1), experimental: true),
            Function("irate", [m], v),
            Function("label_join", [v, str, str, str], v, arity: .unbounded),
            Function("label_replace", [v, str, str, str, str], v),
            Function("last_over_time", [m], v),
            Function("ln", [v], v),
            Function("log10", [v], v),
            Function("log2", [v], v),
            Function("mad_over_time", [m], v, experimental: true),
            Function("max_over_time", [m], v),
            Function("min_over_time", [m], v),
            Function("min_of", [s, s], s, experimental: true),
            Function("max_of", [s, s], s, experimental: true),
            Function("minute", [v], v, arity: .optionalLast(upTo: 1)),
            Function("month", [v], v, arity: .optionalLast(upTo: 1)),
            Function("pi", [], s),
            Function("predict_linear", [m, s], v),
            Function("present_over_time", [m], v),
            Function("quantile_over_time", [s, m], v),
            Function("rad", [v], v),
            Function("range", [], s, experimental: true),
            Function("rate", [m], v),
            Function("resets", [m], v),
            Function("round", [v, s], v, arity: .optionalLast(upTo: 1)),
            Function("scalar", [v], s),
            Function("sgn", [v], v),
            Function("sin", [v], v),
            Function("sinh", [v], v),
            Function("sort", [v], v),
            Function("sort_by_label", [v, str], v, arity: .unbounded, experimental: true),
            Function("sort_by_label_desc", [v, str], v, arity: .unbounded, experimental: true),
            Function("sort_desc", [v], v),
            Function("sqrt", [v], v),
            Function("start", [], s, experimental: true),
            Function("start_timestamp", [v], v, experimental: true),
            Function("step", [], s, experimental: true),
            Function("stddev_over_time", [m], v),
            Function("stdvar_over_time", [m], v),
            Function("sum_over_time", [m], v),
            Function("tan", [v], v),
            Function("tanh", [v], v),
            Function("time", [], s),
            Function("timestamp", [v], v),
            Function("ts_of_first_over_time", [m], v, experimental: true),
            Function("ts_of_last_over_time", [m], v, experimental: true),
            Function("ts_of_max_over_time", [m], v, experimental: true),
            Function("ts_of_min_over_time", [m], v, experimental: true),
            Function("vector", [s], v),
            Function("year", [v], v, arity: .optionalLast(upTo: 1)),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()
}
