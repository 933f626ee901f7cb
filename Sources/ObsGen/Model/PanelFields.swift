/// A top-level panel field, declared in one place: its JSON key and how its value reads and
/// writes. The DSL sets it on any panel (`.set(.transparent, true)`), `panel[.transparent]`
/// reads it on a built or loaded panel, and it travels in `Panel.extra`, which the loader fills
/// with every key the model does not name and both serialisers write back. A new field is one
/// `static var` below (plus, optionally, a modifier in DSL/Panels.swift).
public struct PanelField<Value>: Sendable {
    public let key: String
    @usableFromInline let encode: @Sendable (Value) -> JSONValue
    @usableFromInline let decode: @Sendable (JSONValue) -> Value?

    public init(_ key: String, encode: @escaping @Sendable (Value) -> JSONValue, decode: @escaping @Sendable (JSONValue) -> Value?) {
        self.key = key
        self.encode = encode
        self.decode = decode
    }
}

extension PanelField where Value == Bool {
    public init(_ key: String) { self.init(key, encode: { .bool($0) }, decode: { $0.boolValue }) }
    /// No panel background.
    public static var transparent: PanelField<Bool> { PanelField("transparent") }
    /// Hides the time override shown in the panel header.
    public static var hideTimeOverride: PanelField<Bool> { PanelField("hideTimeOverride") }
}

extension PanelField where Value == String {
    public init(_ key: String) { self.init(key, encode: { .string($0) }, decode: { $0.stringValue }) }
    /// A relative time range for this panel only (`1h`).
    public static var timeFrom: PanelField<String> { PanelField("timeFrom") }
    /// A time shift for this panel only (`1d`).
    public static var timeShift: PanelField<String> { PanelField("timeShift") }
    /// The variable whose values the panel repeats for.
    public static var `repeat`: PanelField<String> { PanelField("repeat") }
    /// `h` or `v`.
    public static var repeatDirection: PanelField<String> { PanelField("repeatDirection") }
}

extension PanelField where Value == Int {
    public init(_ key: String) { self.init(key, encode: { .int($0) }, decode: { $0.intValue }) }
    /// The most data points a query returns.
    public static var maxDataPoints: PanelField<Int> { PanelField("maxDataPoints") }
    /// Repeated panels per row.
    public static var maxPerRow: PanelField<Int> { PanelField("maxPerRow") }
}

extension Panel {
    /// A field declared as a `PanelField`, read from (and written to) the panel's JSON.
    public subscript<Value>(field: PanelField<Value>) -> Value? {
        get { extra[field.key].flatMap(field.decode) }
        set { extra[field.key] = newValue.map(field.encode) }
    }
}
