/// An expression written in the DSL. A string literal becomes one; interpolating a metric
/// (`\(requests)`, `\(latency.bucket)`) or a recording rule (`\(Rules.errorRatio)`) writes
/// its name and remembers the metric, so that a metric used in a project's rules and panels
/// is part of the project without being listed again.
///
///     Alert("HighErrors", expr: "\(Rules.errorRatio) > 0.05", severity: .critical)
///
/// Anything else interpolates as in a `String`. A `String` held in a variable converts
/// explicitly: `PromQLText(expression)`.
public struct PromQLText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The expression text.
    public var text: String
    /// The metrics interpolated into it, in first-use order, each once.
    public var metrics: [Metric]
    /// The names of the recording rules interpolated into it.
    public var recordingRules: [String]

    @inlinable public init(_ text: String) {
        self.text = text
        self.metrics = []
        self.recordingRules = []
    }

    @inlinable public init(stringLiteral value: String) { self.init(value) }

    @inlinable public init(stringInterpolation: StringInterpolation) {
        self.text = stringInterpolation.text
        self.metrics = stringInterpolation.metrics
        self.recordingRules = stringInterpolation.recordingRules
    }

    public var description: String { text }

    public struct StringInterpolation: StringInterpolationProtocol {
        @usableFromInline var text = ""
        @usableFromInline var metrics: [Metric] = []
        @usableFromInline var recordingRules: [String] = []

        @inlinable public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 24 * interpolationCount)
        }

        @inlinable public mutating func appendLiteral(_ literal: String) { text += literal }

        /// A metric: its name.
        public mutating func appendInterpolation(_ metric: Metric) {
            text += metric.name
            if !metrics.contains(metric) { metrics.append(metric) }
        }

        /// A series of a metric (`\(latency.bucket)`): its name.
        public mutating func appendInterpolation(_ series: MetricSeries) {
            text += series.name
            if !metrics.contains(series.metric) { metrics.append(series.metric) }
        }

        /// A recording rule: the name of the series it records.
        public mutating func appendInterpolation(_ rule: RecordingRule) {
            text += rule.record
            if !recordingRules.contains(rule.record) { recordingRules.append(rule.record) }
        }

        /// Another expression: its text and what it interpolated.
        public mutating func appendInterpolation(_ other: PromQLText) {
            text += other.text
            for m in other.metrics where !metrics.contains(m) { metrics.append(m) }
            for r in other.recordingRules where !recordingRules.contains(r) { recordingRules.append(r) }
        }

        /// Anything else, as `String` interpolation writes it.
        @inlinable public mutating func appendInterpolation<T>(_ value: T) {
            text += String(describing: value)
        }

        @inlinable public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            text += value.description
        }
    }
}
