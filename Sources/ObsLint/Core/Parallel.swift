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
