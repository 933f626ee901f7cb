#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte scans over a text's UTF-8, for the loops that walk a whole file (line tables, the
/// chunks of a large rule file, file-kind detection): memchr and eight bytes at a time, where a
/// byte-by-byte loop costs several instructions per byte of a 60 MB input.
extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` at or after `start` and before `end` (the buffer's end by
    /// default), or nil.
    @inlinable
    public func firstIndex(of byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        let limit = Swift.min(end ?? count, count)
        guard let base = baseAddress, start >= 0, start < limit, let hit = memchr(base + start, Int32(byte), limit - start) else { return nil }
        return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// Whether every byte is ASCII (below 0x80).
    @inlinable
    public var isASCII: Bool {
        guard let base = baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            high |= UInt64(self[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
