import Foundation
import Synchronization

/// Regular-expression facts the parser and linter need about label matcher values.
///
/// Prometheus matches label values against fully anchored RE2 expressions. We compile with
/// Foundation's engine (ICU), after translating the RE2-only `(?P<name>…)` group syntax, and
/// cache the results.
public enum RegexSupport {
    private static let cache = Mutex<[String: Entry]>([:])

    private struct Entry {
        let error: String?
        let matchesEmpty: Bool?
    }

    private static func entry(_ pattern: String) -> Entry {
        if let hit = cache.withLock({ $0[pattern] }) { return hit }
        let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        let e: Entry
        do {
            let re = try NSRegularExpression(pattern: "^(?:" + translated + ")$", options: [])
            let empty = re.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
            e = Entry(error: nil, matchesEmpty: empty)
        } catch {
            e = Entry(error: "error parsing regexp: invalid regular expression `\(pattern)`", matchesEmpty: nil)
        }
        cache.withLock { c in
            if c.count > 10_000 { c.removeAll() }
            c[pattern] = e
        }
        return e
    }

    /// Whether the anchored pattern matches the empty string; nil when it does not compile.
    public static func matchesEmpty(_ pattern: String) -> Bool? {
        // Fast paths for the most common values.
        switch pattern {
        case "", ".*", "(.*)", ".*?": return true
        case ".+", "(.+)": return false
        default: break
        }
        return entry(pattern).matchesEmpty
    }

    /// A compile error message, or nil when the pattern is valid.
    public static func validationError(_ pattern: String) -> String? {
        if isPlainLiteral(pattern) { return nil }
        return entry(pattern).error
    }

    /// Whether the value anchored matches exactly one literal string (no metacharacters).
    public static func isPlainLiteral(_ pattern: String) -> Bool {
        for b in pattern.utf8 {
            switch b {
            case UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "^"),
                 UInt8(ascii: "$"), UInt8(ascii: "\\"):
                return false
            default: continue
            }
        }
        return true
    }
}
