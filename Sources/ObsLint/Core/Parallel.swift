import Dispatch

/// Results written by index from several threads; each slot is written once.
final class ParallelResults<U>: @unchecked Sendable {
    var results: [U?]
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}

/// Maps in parallel over the machine's cores, keeping the order of the input.
func parallelMap<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
    if items.count < 2 { return items.map(transform) }
    let box = ParallelResults<U>(items.count)
    box.results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer.baseAddress!
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            (out + i).pointee = transform(items[i])
        }
    }
    return box.results.map { $0! }
}

/// Maps in parallel in slices of `chunk` items (for many small items, where one task per item
/// would cost more than the work), keeping the order of the input.
func parallelChunks<T: Sendable, U: Sendable>(_ items: [T], chunk: Int, _ transform: @Sendable (T) -> U) -> [U] {
    if items.count <= chunk { return items.map(transform) }
    let slices = stride(from: 0, to: items.count, by: chunk).map { $0..<min($0 + chunk, items.count) }
    return parallelMap(slices) { (r: Range<Int>) -> [U] in items[r].map(transform) }.flatMap { $0 }
}
