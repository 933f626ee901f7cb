import Foundation

// Foundation's `StringProtocol.contains(_:)` and `trimmingCharacters(in:)` go through NSString
// (UTF-16 copies, CFStringFind): thousands of instructions per call, and the checks call them
// per rule. These overloads on `String` itself are more specific, so the module's calls take
// them; they give the same answers on the same strings.

extension String {
    /// Whether `other` occurs in the string, compared byte for byte (as UTF-8).
    func contains(_ other: String) -> Bool {
        if other.isEmpty { return true }
        var haystack = self, needle = other
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                let first = n[0], last = h.count - n.count
                var i = 0
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count, h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// The string without the characters of `set` at either end (by Unicode scalar, as
    /// Foundation trims).
    func trimmingCharacters(in set: CharacterSet) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard set.contains(scalars[before]) else { break }
            end = before
        }
        if start == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }
}
