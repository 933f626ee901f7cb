import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File names that are not UTF-8. Foundation and the command line decode such a name with U+FFFD
/// in place of the bad bytes, and the file cannot then be opened by that name: this finds the
/// name on disk, so that an error can show its bytes (`bad\xff.yml`) instead of a U+FFFD.
public enum InputName {
    /// The path with its bytes on disk, escaped for display, when `path` cannot be opened and a
    /// component holding U+FFFD matches exactly one directory entry that is not UTF-8; else nil.
    public static func onDisk(_ path: String) -> String? {
        #if canImport(Glibc)
        guard path.unicodeScalars.contains("\u{FFFD}"), !FileManager.default.fileExists(atPath: path) else { return nil }
        var raw: [UInt8] = path.hasPrefix("/") ? [0x2F] : []
        var recovered = false
        for (i, component) in path.split(separator: "/").enumerated() {
            if i > 0 { raw.append(0x2F) }
            guard component.unicodeScalars.contains("\u{FFFD}") else {
                raw += Array(component.utf8)
                continue
            }
            let matches = entries(raw.isEmpty ? [0x2E] : raw).filter {
                !SafeText.invalidUTF8(in: $0, limit: 1).isEmpty && String(decoding: $0, as: UTF8.self) == component
            }
            guard matches.count == 1 else { return nil }
            raw += matches[0]
            recovered = true
        }
        return recovered ? SafeText.escape(bytes: raw) : nil
        #else
        return nil
        #endif
    }

    #if canImport(Glibc)
    /// The names in a directory, as bytes.
    static func entries(_ directory: [UInt8]) -> [[UInt8]] {
        let cPath = directory.map { CChar(bitPattern: $0) } + [0]
        guard let dir = opendir(cPath) else { return [] }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            var name = entry.pointee.d_name
            let bytes = withUnsafeBytes(of: &name) { Array($0.prefix { $0 != 0 }) }
            names.append(bytes)
        }
        return names
    }
    #endif
}
