/// What the linter needs to know of a Go template (Prometheus' labels and annotations): whether
/// it parses, which labels it reads, whether it reads `$value`. Actions are tokenised as Go's
/// text/template lexer does — strings, raw strings and characters are literals, never names —
/// and the variables Prometheus defines (`$labels`, `$externalLabels`, `$externalURL`,
/// `$value`, `$`) or the template declares (`$x := …`, `range $i, $v := …`) are the only ones
/// it may read: anything else is an error Prometheus reports when it loads the rule.
public struct GoTemplate: Sendable {
    public var error: String?
    /// Text Go prints as it is but which is almost certainly a mistake (a stray `}}`).
    public var warning: String?
    public var labels: [String] = []
    public var usesValue = false

    /// Prometheus' template functions and text/template's built-ins.
    static let functions: Set<String> = [
        "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toUpper", "toLower",
        "title", "reReplaceAll", "match", "label", "value", "first", "query", "printf", "len", "index", "slice", "and", "or", "not",
        "eq", "ne", "lt", "le", "gt", "ge", "print", "println", "html", "js", "urlquery", "safeHtml", "graphLink",
        "tableLink", "args", "externalURL", "pathPrefix", "stripPort", "stripDomain", "parseDuration", "toTime",
        "sortByLabel", "strvalue", "urlQueryEscape", "humanizeUnit", "call", "toDuration", "now",
    ]
    static let keywords: Set<String> = ["if", "else", "end", "range", "with", "define", "block", "template", "break", "continue", "nil", "true", "false"]
    /// Variables Prometheus defines before expanding an alert's template.
    static let predefined: Set<String> = ["$", "$labels", "$externalLabels", "$externalURL", "$value"]

    enum Token: Equatable {
        case word(String)        // identifier or keyword
        case variable(String)    // $x or $x.a.b (whole chain)
        case field(String)       // .A.b
        case literal             // string, raw string, char, number
        case declare             // := or =
        case punct(Character)    // | ( ) ,
    }

    public init(_ text: String) {
        let b = Array(text.utf8)
        var i = 0
        // Open blocks: inside range and with (and define/block) the dot is another value than
        // the alert, so `.Labels.x` there is not the alert's label.
        var blocks: [String] = []
        var declared = Self.predefined
        func find(_ x: UInt8, _ y: UInt8, from: Int, before end: Int = .max) -> Int? {
            var k = from
            let stop = Swift.min(b.count, end == .max ? b.count : end + 1)
            while k + 1 < stop {
                if b[k] == x && b[k + 1] == y { return k }
                k += 1
            }
            return nil
        }
        while i < b.count {
            guard let open = find(0x7B, 0x7B, from: i) else {
                if find(0x7D, 0x7D, from: i) != nil { warning = "}} without {{ is printed as it is" }
                break
            }
            // Only the text before this action (a search to the end per action would make a
            // template of many actions quadratic).
            if let stray = find(0x7D, 0x7D, from: i, before: open), stray < open { warning = "}} without {{ is printed as it is" }
            var k = open + 2
            if k + 1 < b.count, b[k] == 0x2D, b[k + 1] == 0x20 { k += 2 }   // "{{- "
            // A comment: {{/* … */}}.
            if k + 1 < b.count, b[k] == 0x2F, b[k + 1] == 0x2A {
                guard let end = find(0x2A, 0x2F, from: k + 2) else { error = "unclosed comment"; return }
                guard let close = find(0x7D, 0x7D, from: end + 2) else { error = "unclosed action: {{ without }}"; return }
                i = close + 2
                continue
            }
            guard let (tokens, next) = Self.tokens(b, from: k, error: &error) else { return }
            i = next
            guard !tokens.isEmpty else { error = "empty action {{ }}"; return }
            // Structure: if/range/with/define/block … end.
            // The dot an action's fields read: the block's, for the arguments of range/with too.
            let dotIsAlert = !blocks.contains { $0 != "if" }
            if case .word(let w) = tokens[0] {
                switch w {
                case "if", "range", "with", "define", "block": blocks.append(w)
                case "end":
                    if blocks.popLast() == nil { error = "{{ end }} without an opening action"; return }
                case "else":
                    if blocks.isEmpty { error = "{{ else }} outside if, range or with"; return }
                default: break
                }
            }
            // Declarations: `$x := …`, `range $i, $v := …`.
            if let d = tokens.firstIndex(of: .declare) {
                for t in tokens[..<d] { if case .variable(let v) = t, !v.contains(".") { declared.insert(v) } }
            }
            for (n, t) in tokens.enumerated() {
                switch t {
                case .variable(let v):
                    let root = v.split(separator: ".", maxSplits: 1).first.map(String.init) ?? v
                    let declaring = tokens[n...].contains(.declare) && !v.contains(".")
                    if !declared.contains(root) && !declaring { error = "undefined variable \"\(root)\""; return }
                    if root == "$labels", v.hasPrefix("$labels.") { labels.append(String(v.dropFirst(8))) }
                    if root == "$value" { usesValue = true }
                case .field(let f):
                    guard dotIsAlert else { break }
                    if f.hasPrefix(".Labels.") { labels.append(String(f.dropFirst(8))) }
                    if f == ".Value" { usesValue = true }
                case .word(let w):
                    if !Self.keywords.contains(w) && !Self.functions.contains(w) {
                        error = "function \"\(w)\" not defined"
                        return
                    }
                default: break
                }
            }
        }
        if error == nil && !blocks.isEmpty { error = "unclosed {{ if }}/{{ range }}/{{ with }}: missing {{ end }}" }
    }

    /// The tokens of one action starting at `from`, and the offset after its `}}`.
    static func tokens(_ b: [UInt8], from: Int, error: inout String?) -> ([Token], Int)? {
        var out: [Token] = []
        var i = from
        func isName(_ c: UInt8) -> Bool { c == 0x5F || (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c >= 0x80 }
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                // " -}}" trims; otherwise space separates.
                if i + 3 < b.count, b[i + 1] == 0x2D, b[i + 2] == 0x7D, b[i + 3] == 0x7D {
                    return (out, i + 4)
                }
                i += 1
            case 0x7D:
                if i + 1 < b.count, b[i + 1] == 0x7D { return (out, i + 2) }
                error = "unexpected \"}\" in action"
                return nil
            case 0x7B:
                if i + 1 < b.count, b[i + 1] == 0x7B { error = "{{ inside an action"; return nil }
                error = "unexpected \"{\" in action"
                return nil
            case 0x22, 0x27:   // "string", 'c'
                var k = i + 1
                while k < b.count, b[k] != c {
                    if b[k] == 0x5C { k += 1 }
                    if k < b.count, b[k] == 0x0A { error = "unterminated quoted string"; return nil }
                    k += 1
                }
                guard k < b.count else { error = "unterminated quoted string"; return nil }
                out.append(.literal)
                i = k + 1
            case 0x60:   // `raw`
                var k = i + 1
                while k < b.count, b[k] != 0x60 { k += 1 }
                guard k < b.count else { error = "unterminated raw quoted string"; return nil }
                out.append(.literal)
                i = k + 1
            case 0x24:   // $var.a.b
                var k = i + 1
                while k < b.count, isName(b[k]) || b[k] == 0x2E { k += 1 }
                out.append(.variable(String(decoding: b[i..<k], as: UTF8.self)))
                i = k
            case 0x2E:   // .Field.chain or a number like .5
                var k = i + 1
                if k < b.count, b[k] >= 0x30, b[k] <= 0x39 {
                    while k < b.count, isName(b[k]) || b[k] == 0x2E { k += 1 }
                    out.append(.literal)
                } else {
                    while k < b.count, isName(b[k]) || b[k] == 0x2E { k += 1 }
                    out.append(.field(String(decoding: b[i..<k], as: UTF8.self)))
                }
                i = k
            case 0x3A:
                guard i + 1 < b.count, b[i + 1] == 0x3D else { error = "unexpected \":\" in action"; return nil }
                out.append(.declare)
                i += 2
            case 0x3D:
                out.append(.declare)
                i += 1
            case 0x7C, 0x28, 0x29, 0x2C:
                out.append(.punct(Character(UnicodeScalar(c))))
                i += 1
            case 0x2D, 0x2B, 0x30...0x39:   // numbers (and signs)
                var k = i + 1
                while k < b.count, isName(b[k]) || b[k] == 0x2E || b[k] == 0x2B || b[k] == 0x2D { k += 1 }
                out.append(.literal)
                i = k
            default:
                guard isName(c) else {
                    error = "unexpected \"\(String(decoding: [c], as: UTF8.self))\" in action"
                    return nil
                }
                var k = i + 1
                while k < b.count, isName(b[k]) || b[k] == 0x2E { k += 1 }
                let word = String(decoding: b[i..<k], as: UTF8.self)
                // A method-like chain (`x.y`) is not a function name we can judge.
                out.append(word.contains(".") ? .literal : .word(word))
                i = k
            }
        }
        error = "unclosed action: {{ without }}"
        return nil
    }
}
