import Foundation

/// Where each line of a text starts (a last line without a line break counts), and which line
/// holds a byte offset.
struct Lines {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var s = [0]
        bytes.withUnsafeBufferPointer { b in
            var p = 0
            while let i = b.firstIndex(of: 0x0A, from: p) {
                if i + 1 < b.count { s.append(i + 1) }
                p = i + 1
            }
        }
        starts = s
    }

    var count: Int { starts.count }

    /// The line (0-based) holding `offset`.
    func line(of offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The spaces a line starts with.
    func indent(_ l: Int) -> Int {
        var i = starts[l]
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        return i - starts[l]
    }
}
