import Foundation

/// Writing to standard output and error without Foundation's buffering surprises.
enum Output {
    static func out(_ s: String) {
        // The string's own bytes, not a copy (a large report is written as it is held).
        if s.utf8.withContiguousStorageIfAvailable(write) == nil { FileHandle.standardOutput.write(Data(s.utf8)) }
    }

    /// Bytes to standard output as they are.
    static func out(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer(write)
    }

    private static func write(_ buf: UnsafeBufferPointer<UInt8>) {
        guard let base = buf.baseAddress, !buf.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buf.count, deallocator: .none))
    }

    static func err(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    /// Colour only on a terminal and when NO_COLOR is unset (https://no-color.org).
    static var stderrIsColorTerminal: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDERR_FILENO) == 1
    }

    static var stdoutIsColorTerminal: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
    }
}
