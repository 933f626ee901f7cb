/// An Alertmanager matcher (`severity="critical"`, `service=~"api|web"`), parsed and checked as
/// Alertmanager reads it: a label name (`[a-zA-Z_][a-zA-Z0-9_]*`, or any text in double
/// quotes), one of `=`, `!=`, `=~`, `!~`, and a value, in double quotes (Go escapes) or bare
/// (without spaces or any of `{}!=~,\"'` and backquote); a regex must compile, anchored.
///
/// Written as a string literal (`matchers: ["severity=\"critical\""]`) it is parsed there,
/// and a mistake is a build error at the route's Swift line; typed, it cannot be wrong:
/// `.equal("severity", "critical")`, `.severity(.critical)`, `.matches("service", "api|web")`.
public struct AlertMatcher: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case doesNotMatch = "!~"

        public var isRegex: Bool { self == .matches || self == .doesNotMatch }
    }

    public var name: String
    public var op: Operator
    public var value: String
    /// The text as written, for a matcher that came from a string.
    public var source: String?
    /// Why the text is not a matcher Alertmanager accepts (nil when it is).
    public var parseError: String?

    public init(_ name: String, _ op: Operator, _ value: String) {
        self.name = name
        self.op = op
        self.value = value
    }

    public static func equal(_ name: String, _ value: String) -> AlertMatcher { AlertMatcher(name, .equal, value) }
    public static func notEqual(_ name: String, _ value: String) -> AlertMatcher { AlertMatcher(name, .notEqual, value) }
    /// `name=~"regex"` (anchored, as everywhere in Prometheus).
    public static func matches(_ name: String, _ regex: String) -> AlertMatcher { AlertMatcher(name, .matches, regex) }
    public static func doesNotMatch(_ name: String, _ regex: String) -> AlertMatcher { AlertMatcher(name, .doesNotMatch, regex) }
    /// `severity="<level>"`.
    public static func severity(_ s: AlertSeverity) -> AlertMatcher { AlertMatcher("severity", .equal, s.rawValue) }

    /// Parses `name op value`; a problem is kept in `parseError` (reported when the project is built).
    public init(stringLiteral text: String) {
        do {
            self = try AlertMatcher.parse(text)
        } catch {
            self.init("", .equal, "")
            self.parseError = error.message
        }
        self.source = text
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses one matcher as Alertmanager's configuration reads it, and checks it.
    public static func parse(_ text: String) throws(ParseError) -> AlertMatcher {
        func isReserved(_ c: Character) -> Bool { c.isWhitespace || "{}!=~,\\\"'`".contains(c) }
        func fail(_ message: String) -> ParseError { ParseError(message: "\(text): \(message)") }
        /// A double-quoted string at the start of `s`: its value and what follows.
        func quoted(_ s: Substring) throws(ParseError) -> (String, Substring) {
            var escaped = false
            var i = s.index(after: s.startIndex)
            while i < s.endIndex {
                let c = s[i]
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    let end = s.index(after: i)
                    do { return (try GoSyntax.unquote(s[..<end]), s[end...]) } catch { throw fail(error.message) }
                }
                i = s.index(after: i)
            }
            throw fail("unterminated quoted string")
        }
        func part(_ s: inout Substring, _ what: String) throws(ParseError) -> String {
            s = s.drop(while: \.isWhitespace)
            if s.first == "\"" {
                let (v, rest) = try quoted(s)
                s = rest
                return v
            }
            let bare = s.prefix(while: { !isReserved($0) })
            guard !bare.isEmpty else {
                throw fail(s.isEmpty ? "expected \(what)" : "unexpected \"\(s.first!)\" where \(what) belongs")
            }
            s = s.dropFirst(bare.count)
            return String(bare)
        }
        var rest = Substring(text)
        let name = try part(&rest, "a label name")
        rest = rest.drop(while: \.isWhitespace)
        let op: Operator
        if rest.hasPrefix("=~") { op = .matches } else if rest.hasPrefix("!=") { op = .notEqual } else if rest.hasPrefix("!~") { op = .doesNotMatch } else if rest.hasPrefix("=") { op = .equal } else {
            throw fail("expected an operator such as '=', '!=', '=~' or '!~'")
        }
        rest = rest.dropFirst(op.rawValue.count)
        let value = try part(&rest, "a label value (\"\" for the empty value)")
        rest = rest.drop(while: \.isWhitespace)
        guard rest.isEmpty else { throw fail("unexpected \"\(rest)\" after the matcher (one matcher per entry)") }
        let m = AlertMatcher(name, op, value)
        if let problem = m.problem() { throw fail(problem) }
        return m
    }

    /// What is wrong with the matcher's parts, if anything.
    func problem() -> String? {
        if name.isEmpty { return "the label name is empty" }
        if !isLegacyLabelName(name) {
            return "\"\(name)\" is not a label name Prometheus gives alerts ([a-zA-Z_][a-zA-Z0-9_]*)"
        }
        if op.isRegex, let err = RegexSupport.validationError(value) { return "invalid regular expression \"\(value)\": \(err)" }
        return nil
    }

    public static func == (a: AlertMatcher, b: AlertMatcher) -> Bool {
        a.name == b.name && a.op == b.op && a.value == b.value && a.parseError == b.parseError && (a.parseError == nil || a.source == b.source)
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(op)
        h.combine(value)
        h.combine(parseError)
    }

    /// Why the matcher is not valid, or nil: a parse error for a literal, or a bad name or regex.
    public var error: String? { parseError ?? problem() }

    /// As Alertmanager writes it: `name="value"` (OpenMetrics escapes: `\\`, `\"`, `\n`).
    public var description: String {
        if parseError != nil, let source { return source }
        var v = ""
        for c in value.unicodeScalars {
            switch c {
            case "\\": v += "\\\\"
            case "\"": v += "\\\""
            case "\n": v += "\\n"
            default: v.unicodeScalars.append(c)
            }
        }
        let n = isLegacyLabelName(name) ? name : goQuote(name)
        return "\(n)\(op.rawValue)\"\(v)\""
    }
}
