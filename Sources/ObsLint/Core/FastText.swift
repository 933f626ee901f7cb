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
                guard n.count <= h.count, let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                // memchr to each candidate of the first byte, memcmp for the rest.
                var p = hb
                let end = hb + h.count
                while end - p >= n.count, let hit = memchr(p, Int32(n[0]), end - p - n.count + 1) {
                    let at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(at, nb, n.count) == 0 { return true }
                    p = at + 1
                }
                return false
            }
        }
    }

    /// Whether the byte occurs in the string's UTF-8 (memchr, not a generic sequence scan).
    func containsByte(_ byte: UInt8) -> Bool {
        var s = self
        return s.withUTF8 { b in b.baseAddress.map { memchr($0, Int32(byte), b.count) != nil } ?? false }
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
