import Foundation
import Synchronization

/// Regular-expression facts the parser and linter need about label matcher values.
///
/// Prometheus matches label values against fully anchored RE2 expressions. We compile with
/// Foundation's engine (ICU), after rejecting what RE2 rejects and ICU would accept
/// (`re2Scan`), escaping braces RE2 reads literally, translating `(?P<name>…)`, and
/// cache the results.
public enum RegexSupport {
    private static let cache = Mutex<[String: Entry]>([:])

    private struct Entry {
        let error: String?
        let matchesEmpty: Bool?
    }

    private static func entry(_ pattern: String) -> Entry {
        if let hit = cache.withLock({ $0[pattern] }) { return hit }
        let scan = re2Scan(pattern)
        // ICU rejects braces RE2 reads as literals (`a{x}`, `{,5}`, `}`): escape them.
        // One pass: every literal brace gets a backslash before it (inserting into the array
        // brace by brace would be quadratic).
        let source = Array(pattern.utf8)
        var icu: [UInt8] = []
        icu.reserveCapacity(source.count + scan.literalBraces.count)
        var next = 0
        for i in scan.literalBraces {
            icu.append(contentsOf: source[next..<i])
            icu.append(UInt8(ascii: "\\"))
            next = i
        }
        icu.append(contentsOf: source[next...])
        let translated = String(decoding: icu, as: UTF8.self).replacingOccurrences(of: "(?P<", with: "(?<")
        let e: Entry
        if let unsupported = scan.unsupported {
            e = Entry(error: "error parsing regexp: \(unsupported)", matchesEmpty: nil)
        } else { do {
            let re = try NSRegularExpression(pattern: "^(?:" + translated + ")$", options: [])
            let empty = re.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
            e = Entry(error: nil, matchesEmpty: empty)
        } catch {
            e = Entry(error: "error parsing regexp: invalid regular expression `\(pattern)`", matchesEmpty: nil)
        } }
        cache.withLock { c in
            if c.count > 10_000 { c.removeAll() }
            c[pattern] = e
        }
        return e
    }

    /// Syntax ICU accepts and RE2 (Go's regexp, which Prometheus uses) rejects, with Go's
    /// message: lookaround and atomic groups, comments, backreferences and `\Z`-style escapes,
    /// possessive quantifiers, repeat counts above 1000. Nil when there is none of it.
    static func re2Unsupported(_ pattern: String) -> String? { re2Scan(pattern).unsupported }

    /// The scan behind `re2Unsupported`, which also finds the `{` that RE2 reads literally.
    static func re2Scan(_ pattern: String) -> (unsupported: String?, literalBraces: [Int]) {
        var literalBraces: [Int] = []
        func fail(_ message: String) -> (unsupported: String?, literalBraces: [Int]) { (message, literalBraces) }
        let b = Array(pattern.utf8)
        func text(_ r: Range<Int>) -> String { String(decoding: b[r.clamped(to: 0..<b.count)], as: UTF8.self) }
        var i = 0
        /// Whether the previous item was a repetition operator (for `*+`, `++`, `}+`).
        var afterRepeat = false
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < b.count else { return fail("trailing backslash at end of expression: ``") }
                let n = b[i + 1]
                if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(n) || [UInt8(ascii: "Z"), UInt8(ascii: "G"), UInt8(ascii: "K"), UInt8(ascii: "R"), UInt8(ascii: "X")].contains(n) {
                    return fail("invalid escape sequence: `\(text(i..<(i + 2)))`")
                }
                i += 2
                afterRepeat = false
            case UInt8(ascii: "["):
                // A character class: skip to its closing bracket (a leading `]` or `^]` is literal).
                var j = i + 1
                if j < b.count, b[j] == UInt8(ascii: "^") { j += 1 }
                if j < b.count, b[j] == UInt8(ascii: "]") { j += 1 }
                while j < b.count, b[j] != UInt8(ascii: "]") {
                    j += b[j] == UInt8(ascii: "\\") ? 2 : 1
                }
                i = j + 1
                afterRepeat = false
            case UInt8(ascii: "("):
                if i + 2 < b.count, b[i + 1] == UInt8(ascii: "?") {
                    let n = b[i + 2]
                    var unsupported: String?
                    if n == UInt8(ascii: "=") || n == UInt8(ascii: "!") || n == UInt8(ascii: ">") || n == UInt8(ascii: "#") {
                        unsupported = text(i..<(i + 3))
                    } else if n == UInt8(ascii: "<"), i + 3 < b.count, b[i + 3] == UInt8(ascii: "=") || b[i + 3] == UInt8(ascii: "!") {
                        unsupported = text(i..<(i + 4))
                    }
                    if let unsupported { return fail("invalid or unsupported Perl syntax: `\(unsupported)`") }
                }
                i += 1
                afterRepeat = false
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                if afterRepeat, c == UInt8(ascii: "+") { return fail("invalid nested repetition operator: `\(text((i - 1)..<(i + 1)))`") }
                // `*?`, `+?`, `??` are lazy forms: one operator.
                afterRepeat = !(c == UInt8(ascii: "?") && afterRepeat)
                i += 1
            case UInt8(ascii: "{"):
                // `{n}`, `{n,}`, `{n,m}` repeat; anything else is a literal brace.
                var j = i + 1
                var numbers: [String] = [""]
                while j < b.count, b[j] != UInt8(ascii: "}") {
                    if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[j]) {
                        numbers[numbers.count - 1].append(Character(UnicodeScalar(b[j])))
                    } else if b[j] == UInt8(ascii: ","), numbers.count == 1 {
                        numbers.append("")
                    } else {
                        break
                    }
                    j += 1
                }
                let isRepeat = j < b.count && b[j] == UInt8(ascii: "}") && !numbers[0].isEmpty
                if isRepeat {
                    let counts = numbers.filter { !$0.isEmpty }.map { $0.count > 4 ? Int.max : Int($0)! }
                    if counts.contains(where: { $0 > 1000 }) || (counts.count == 2 && counts[1] < counts[0]) {
                        return fail("invalid repeat count: `\(text(i..<(j + 1)))`")
                    }
                    i = j + 1
                    afterRepeat = true
                } else {
                    literalBraces.append(i)
                    i += 1
                    afterRepeat = false
                }
            default:
                // A `}` that closes no repetition is a literal too.
                if c == UInt8(ascii: "}") { literalBraces.append(i) }
                i += 1
                afterRepeat = false
            }
        }
        return (nil, literalBraces)
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
