/// A half-open range of byte offsets into a source text, `start..<end`.
///
/// Every AST node and every diagnostic carries one. Offsets are UTF-8 byte offsets, as in
/// Prometheus' own `posrange.PositionRange`, so they agree with what Prometheus reports.
public struct PositionRange: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public init(_ range: Range<Int>) {
        self.start = range.lowerBound
        self.end = range.upperBound
    }

    public static let zero = PositionRange(start: 0, end: 0)

    /// The smallest range that covers both.
    public func merged(with other: PositionRange) -> PositionRange {
        PositionRange(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    /// The same range moved by `delta` bytes (used when an expression is embedded in a larger file).
    public func shifted(by delta: Int) -> PositionRange {
        PositionRange(start: start + delta, end: end + delta)
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column (columns count UTF-8 bytes, like most compilers do).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
