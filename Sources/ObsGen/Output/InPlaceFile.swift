import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces an existing file's contents atomically, as `obsgen render` writes its outputs: the
/// new bytes go to a temporary file beside it (same folder, so the rename cannot cross file
/// systems), with the file's permissions, then are renamed over it. A symbolic link is
/// refused, never written through or replaced; a file that changed since it was read is left
/// alone.
public enum InPlaceFile {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case link(String, target: String)
        case notAFile(String)
        case changed(String)
        case io(String, String)

        public var description: String {
            switch self {
            case .link(let p, let t): "\(p) is a symbolic link (to \(t)); obsgen does not write through links: format the file it points to"
            case .notAFile(let p): "\(p) is not a regular file"
            case .changed(let p): "\(p) changed while it was being formatted; it is left as it is"
            case .io(let p, let m): "cannot write \(p): \(m) (the file is unchanged)"
            }
        }
    }

    /// Writes `contents` over `path`, whose bytes must still be `expected`.
    public static func replace(_ path: String, expected: [UInt8], contents: String) throws(Failure) {
        try replace(path, expected: expected, contents: contents, fileSystem: PosixFileSystem())
    }

    static func replace(_ path: String, expected: [UInt8], contents: String, fileSystem fs: any OutputFileSystem) throws(Failure) {
        switch fs.kind(path) {
        case .file: break
        case .symlink(let t): throw .link(path, target: t)
        default: throw .notAFile(path)
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { throw .io(path, SystemError.current.reason) }
        let mode = mode_t(st.st_mode & 0o7777)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + OutputWriter.temporarySuffix).path
        do {
            try fs.write(temporary, Array(contents.utf8), mode: mode)
            // Read again just before the rename: an editor's save in between is not overwritten.
            guard try fs.read(path) == expected else {
                try? fs.remove(temporary)
                throw Failure.changed(path)
            }
            try fs.rename(temporary, path)
        } catch let e as Failure {
            throw e
        } catch let e as SystemError {
            try? fs.remove(temporary)
            throw .io(path, e.reason)
        } catch {
            try? fs.remove(temporary)
            throw .io(path, "\(error)")
        }
    }
}
