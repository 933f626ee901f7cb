import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations an output transaction performs, each returning the system's
/// reason on failure. Every change to the output tree goes through one of these, so a test can
/// stop them at any point (as a `kill -9` or a full disk would) and see what is left.
protocol OutputFileSystem {
    /// What is at `path`, without following a final symbolic link.
    func kind(_ path: String) -> FileKind
    /// The bytes of a regular file, never through a symbolic link; nil when there is none.
    func read(_ path: String) throws(SystemError) -> [UInt8]?
    /// Creates or truncates a regular file (never through a link) and writes `bytes` to it.
    func write(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(SystemError)
    func makeDirectory(_ path: String) throws(SystemError)
    func rename(_ from: String, _ to: String) throws(SystemError)
    func remove(_ path: String) throws(SystemError)
    func removeDirectory(_ path: String) throws(SystemError)
    func list(_ directory: String) -> [String]
}

enum FileKind: Equatable {
    case missing, file, directory, symlink(String), other
}

/// A failed system call: what was being done and the system's own reason (`strerror`).
struct SystemError: Error {
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
    static var current: SystemError { SystemError(code: errno) }
}

/// The real file system, through POSIX calls.
struct PosixFileSystem: OutputFileSystem {
    func kind(_ path: String) -> FileKind {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &buffer, buffer.count - 1)
            return .symlink(n >= 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?")
        default: return .other
        }
    }

    func read(_ path: String) throws(SystemError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .current
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .current }
        guard st.st_mode & S_IFMT == S_IFREG else { throw SystemError(code: EINVAL) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(st.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { sysRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .current
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    func write(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(SystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .current }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { sysWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = SystemError.current
                close(fd)
                throw e
            }
            offset += n
        }
        // The mode asked for, whatever the umask made of it (generated scripts are executable).
        guard fchmod(fd, mode) == 0 else { let e = SystemError.current; close(fd); throw e }
        guard close(fd) == 0 else { throw .current }
    }

    func makeDirectory(_ path: String) throws(SystemError) {
        guard mkdir(path, 0o755) == 0 else { throw .current }
    }

    func rename(_ from: String, _ to: String) throws(SystemError) {
        guard sysRename(from, to) == 0 else { throw .current }
    }

    func remove(_ path: String) throws(SystemError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .current }
    }

    func removeDirectory(_ path: String) throws(SystemError) {
        guard rmdir(path) == 0 || errno == ENOENT else { throw .current }
    }

    func list(_ directory: String) -> [String] {
        guard let d = opendir(directory) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

// The C calls, named apart from the methods above that wrap them.
private func sysRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func sysWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
private func sysRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
