import Foundation

/// Prometheus' alert templates, expanded as Prometheus expands them: Go's `text/template`
/// (actions, pipelines, variables, `if`/`with`/`range`/`else`, `{{-`/`-}}`, comments, the
/// built-in functions) over `.Labels`, `.Value`, `.ExternalLabels`, `.ExternalURL` and
/// `$labels`, `$value`, `$externalLabels`, `$externalURL`, with Prometheus' text functions
/// (`humanize`, `humanize1024`, `humanizeDuration`, `humanizePercentage`,
/// `humanizeTimestamp`, `title`, `toUpper`, `toLower`, `reReplaceAll`, `match`, `stripPort`,
/// `stripDomain`, `parseDuration`, `toTime`, `toDuration`, `urlQueryEscape`, …) printing
/// exactly what Prometheus prints. Functions that query Prometheus (`query`, `first`, …) or
/// read the clock (`now`) cannot be expanded here.
///
/// obsgen uses it for the expected annotations of alert unit tests, so that a test need not
/// spell out `{{ $value | humanizePercentage }}` by hand.
public enum AlertTemplate {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// The template does not parse.
            case syntax
            /// It reads `$value`, and no value was given.
            case needsValue
            /// It calls a function only Prometheus can evaluate (`query`, `now`, …).
            case needsPrometheus
            /// Evaluating it failed (as it would in Prometheus: a bad argument, a bad comparison).
            case execution
        }
        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// Expands a template as Prometheus does for an alert with these labels and value.
    /// `labels`: the series' labels (`$labels`); `value`: the alert's value (`$value`), nil
    /// when unknown (then a template reading it throws `.needsValue`).
    public static func render(_ template: String, labels: Labels, value: Double? = nil, externalLabels: Labels = [:],
                              externalURL: String = "") throws(Error) -> String {
        if !template.contains("{{") { return template }
        var parser = Parser(template)
        let nodes = try parser.parseAll()
        var ev = Evaluator(data: .init(labels: labels, value: value, externalLabels: externalLabels, externalURL: externalURL))
        var out = ""
        try ev.run(nodes, dot: .root, into: &out)
        return out
    }

    /// Expands a template that reads only labels; nil when it needs more (`$value`, a query)
    /// or does not expand.
    public static func expand(_ template: String, labels: Labels) -> String? {
        try? render(template, labels: labels)
    }

    /// Every annotation that can be expanded; those that cannot are left out.
    public static func expandAll(_ annotations: [String: String], labels: Labels) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in annotations {
            if let e = expand(v, labels: labels) { out[k] = e }
        }
        return out
    }

    // MARK: - Syntax

    indirect enum Node {
        case text(String)
        case action(Pipeline)
        case conditional(Control, Pipeline, [Node], [Node]?)
        case breakLoop, continueLoop
    }

    enum Control { case ifBlock, withBlock, rangeBlock }

    struct Pipeline {
        var declarations: [String] = []
        var assigns = false
        var commands: [[Operand]] = []
    }

    indirect enum Operand {
        /// `.` followed by fields (`.Labels.job`; no fields: dot itself).
        case dot([String])
        /// `$name` followed by fields.
        case variable(String, [String])
        case function(String)
        case literal(GoFormat.Value)
        /// `(pipeline)` followed by fields.
        case group(Pipeline, [String])
    }

    enum Token: Equatable {
        case dot([String])
        case variable(String, [String])
        case identifier(String)
        case literal(GoFormat.Value)
        case pipe, open, close(fields: [String]), declare, assign, comma
    }

    struct Parser {
        let text: [Character]
        var i = 0
        init(_ template: String) { text = Array(template) }

        func fail(_ m: String) -> Error { Error(kind: .syntax, message: "template: \(m)") }

        /// Go's trim markers remove spaces, tabs and line breaks.
        static func isTrimSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" }

        func starts(_ s: String, at k: Int) -> Bool {
            var k = k
            for c in s {
                guard k < text.count, text[k] == c else { return false }
                k += 1
            }
            return true
        }

        /// Splits text and actions, then builds the tree.
        mutating func parseAll() throws(Error) -> [Node] {
            var items: [Item] = []
            var literal = ""
            while i < text.count {
                guard starts("{{", at: i) else {
                    literal.append(text[i])
                    i += 1
                    continue
                }
                i += 2
                if i + 1 < text.count, text[i] == "-", Self.isTrimSpace(text[i + 1]) {
                    while let l = literal.last, Self.isTrimSpace(l) { literal.removeLast() }
                    i += 2
                }
                items.append(.text(literal))
                literal = ""
                if starts("/*", at: i) {
                    // A comment: {{/* … */}}, {{- /* … */ -}}.
                    var k = i + 2
                    while k < text.count, !starts("*/", at: k) { k += 1 }
                    guard k < text.count else { throw fail("unclosed comment") }
                    k += 2
                    var trimRight = false
                    if k + 1 < text.count, Self.isTrimSpace(text[k]), text[k + 1] == "-", starts("}}", at: k + 2) { trimRight = true; k += 2 }
                    guard starts("}}", at: k) else { throw fail("comment ends before closing delimiter") }
                    i = k + 2
                    if trimRight { skipWhitespace() }
                    continue
                }
                let (tokens, trimRight) = try lexAction()
                items.append(.action(tokens))
                if trimRight { skipWhitespace() }
            }
            items.append(.text(literal))
            var index = 0
            let (nodes, end) = try parseList(items, &index, inside: false)
            if end != nil { throw fail("unexpected {{end}} or {{else}}") }
            return nodes
        }

        mutating func skipWhitespace() { while i < text.count, Self.isTrimSpace(text[i]) { i += 1 } }

        static func isIdentChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

        /// Tokens of one action up to `}}` (or ` -}}`); whether it trims the text after it.
        mutating func lexAction() throws(Error) -> ([Token], Bool) {
            var tokens: [Token] = []
            func fields() -> [String] {
                var out: [String] = []
                while i + 1 < text.count, text[i] == ".", Self.isIdentChar(text[i + 1]) {
                    i += 1
                    var name = ""
                    while i < text.count, Self.isIdentChar(text[i]) { name.append(text[i]); i += 1 }
                    out.append(name)
                }
                return out
            }
            while true {
                guard i < text.count else { throw fail("unclosed action") }
                let c = text[i]
                if c.isWhitespace {
                    i += 1
                    if Self.isTrimSpace(c), starts("-}}", at: i) {
                        i += 3
                        return (tokens, true)
                    }
                    continue
                }
                if starts("}}", at: i) { i += 2; return (tokens, false) }
                switch c {
                case "|": tokens.append(.pipe); i += 1
                case "(": tokens.append(.open); i += 1
                case ")":
                    i += 1
                    tokens.append(.close(fields: fields()))
                case ",": tokens.append(.comma); i += 1
                case ":":
                    guard i + 1 < text.count, text[i + 1] == "=" else { throw fail("expected :=") }
                    tokens.append(.declare); i += 2
                case "=": tokens.append(.assign); i += 1
                case "\"", "`":
                    let start = i
                    i += 1
                    var escaped = false
                    while i < text.count {
                        let d = text[i]
                        i += 1
                        if c == "\"" && escaped { escaped = false; continue }
                        if c == "\"" && d == "\\" { escaped = true; continue }
                        if d == c { break }
                        if d == "\n" && c == "\"" { throw fail("unterminated quoted string") }
                    }
                    guard i <= text.count, text[i - 1] == c, i - start >= 2 else { throw fail("unterminated quoted string") }
                    do { tokens.append(.literal(.string(try GoSyntax.unquote(Substring(String(text[start..<i])))))) } catch {
                        throw fail(error.message)
                    }
                case "'":
                    let start = i
                    i += 1
                    while i < text.count, text[i] != "'" { if text[i] == "\\" { i += 1 }; i += 1 }
                    guard i < text.count else { throw fail("unterminated character constant") }
                    i += 1
                    do {
                        let s = try GoSyntax.unquote(Substring(String(text[start..<i])))
                        tokens.append(.literal(.int(Int64(s.unicodeScalars.first!.value))))
                    } catch { throw fail(error.message) }
                case ".":
                    if i + 1 < text.count, Self.isIdentChar(text[i + 1]), !text[i + 1].isNumber {
                        tokens.append(.dot(fields()))
                    } else if i + 1 < text.count, text[i + 1].isNumber {
                        tokens.append(.literal(try number()))
                    } else {
                        i += 1
                        tokens.append(.dot([]))
                    }
                case "$":
                    i += 1
                    var name = "$"
                    while i < text.count, Self.isIdentChar(text[i]) { name.append(text[i]); i += 1 }
                    tokens.append(.variable(name, fields()))
                case "-", "+", "0"..."9":
                    tokens.append(.literal(try number()))
                default:
                    guard c.isLetter || c == "_" else { throw fail("unexpected \"\(c)\" in action") }
                    var name = ""
                    while i < text.count, Self.isIdentChar(text[i]) { name.append(text[i]); i += 1 }
                    switch name {
                    case "true": tokens.append(.literal(.bool(true)))
                    case "false": tokens.append(.literal(.bool(false)))
                    case "nil": tokens.append(.literal(.null))
                    default: tokens.append(.identifier(name))
                    }
                }
            }
        }

        /// A number constant: an int when it reads as one, else a float64.
        mutating func number() throws(Error) -> GoFormat.Value {
            var s = ""
            while i < text.count, text[i].isLetter || text[i].isNumber || "+-._".contains(text[i]) {
                // A sign only at the start or after an exponent.
                if text[i] == "+" || text[i] == "-", !s.isEmpty, !(s.last == "e" || s.last == "E" || s.last == "p" || s.last == "P") { break }
                s.append(text[i])
                i += 1
            }
            let clean = s.replacingOccurrences(of: "_", with: "")
            if let n = Int64(clean) { return .int(n) }
            var body = Substring(clean)
            var negative = false
            if body.first == "-" || body.first == "+" { negative = body.first == "-"; body = body.dropFirst() }
            if body.hasPrefix("0x") || body.hasPrefix("0X"), let n = Int64(body.dropFirst(2), radix: 16) { return .int(negative ? -n : n) }
            if body.hasPrefix("0o") || body.hasPrefix("0O"), let n = Int64(body.dropFirst(2), radix: 8) { return .int(negative ? -n : n) }
            if body.hasPrefix("0b") || body.hasPrefix("0B"), let n = Int64(body.dropFirst(2), radix: 2) { return .int(negative ? -n : n) }
            if let d = Double(clean), !clean.lowercased().contains("inf"), !clean.lowercased().contains("nan") { return .float(d) }
            throw fail("bad number syntax: \"\(s)\"")
        }

        enum Item {
            case text(String)
            case action([Token])
        }

        /// How a list of nodes ended: `{{end}}`, `{{else}}`, or `{{else if …}}`/`{{else with …}}`.
        enum End {
            case end
            case elseBranch
            case elseChain(Control, [Token])
        }

        /// Nodes until `{{end}}`/`{{else}}` (returned) or the end of input.
        func parseList(_ items: [Item], _ index: inout Int, inside: Bool) throws(Error) -> ([Node], End?) {
            var nodes: [Node] = []
            while index < items.count {
                let item = items[index]
                index += 1
                guard case .action(let all) = item else {
                    if case .text(let t) = item, !t.isEmpty { nodes.append(.text(t)) }
                    continue
                }
                guard let first = all.first else { throw fail("missing value for command") }
                if case .identifier(let word) = first {
                    let rest = Array(all.dropFirst())
                    switch word {
                    case "end":
                        guard inside else { throw fail("unexpected {{end}}") }
                        return (nodes, .end)
                    case "else":
                        guard inside else { throw fail("unexpected {{else}}") }
                        if rest.isEmpty { return (nodes, .elseBranch) }
                        guard case .identifier(let w) = rest[0], w == "if" || w == "with" else { throw fail("unexpected tokens after {{else}}") }
                        return (nodes, .elseChain(w == "if" ? .ifBlock : .withBlock, Array(rest.dropFirst())))
                    case "if", "with", "range":
                        let control: Control = word == "if" ? .ifBlock : (word == "with" ? .withBlock : .rangeBlock)
                        nodes.append(try parseBlock(control, rest, items, &index))
                        continue
                    case "break", "continue":
                        nodes.append(word == "break" ? .breakLoop : .continueLoop)
                        continue
                    case "define", "template", "block":
                        throw Error(kind: .needsPrometheus, message: "template: {{\(word)}} is not supported in the alert templates obsgen expands")
                    default: break
                    }
                }
                nodes.append(.action(try parsePipeline(all)))
            }
            return (nodes, nil)
        }

        func parseBlock(_ control: Control, _ tokens: [Token], _ items: [Item], _ index: inout Int) throws(Error) -> Node {
            let pipe = try parsePipeline(tokens)
            let (body, end) = try parseList(items, &index, inside: true)
            switch end {
            case nil: throw fail("missing {{end}}")
            case .end: return .conditional(control, pipe, body, nil)
            case .elseBranch:
                let (elseBody, end2) = try parseList(items, &index, inside: true)
                guard case .end = end2 else { throw fail("missing {{end}} after {{else}}") }
                return .conditional(control, pipe, body, elseBody)
            case .elseChain(let nested, let rest):
                // `{{else if …}}` opens a block that shares the `{{end}}`.
                return .conditional(control, pipe, body, [try parseBlock(nested, rest, items, &index)])
            }
        }

        func parsePipeline(_ tokens: [Token]) throws(Error) -> Pipeline {
            var p = Pipeline()
            var t = tokens[...]
            // Declarations: `$x :=`, `$x =`, `$i, $e :=`.
            if let declEnd = t.firstIndex(where: { $0 == .declare || $0 == .assign }) {
                var names: [String] = []
                var ok = true
                for tok in t[..<declEnd] {
                    switch tok {
                    case .variable(let n, let f) where f.isEmpty: names.append(n)
                    case .comma: continue
                    default: ok = false
                    }
                }
                if ok && !names.isEmpty {
                    p.declarations = names
                    p.assigns = t[declEnd] == .assign
                    t = t[(declEnd + 1)...]
                }
            }
            var command: [Operand] = []
            while let tok = t.first {
                t = t.dropFirst()
                switch tok {
                case .pipe:
                    guard !command.isEmpty else { throw fail("missing command before |") }
                    p.commands.append(command)
                    command = []
                case .open:
                    // The matching close.
                    var depth = 1
                    var inner: [Token] = []
                    var closeFields: [String] = []
                    while let x = t.first {
                        t = t.dropFirst()
                        if x == .open { depth += 1 }
                        if case .close(let f) = x {
                            depth -= 1
                            if depth == 0 { closeFields = f; break }
                        }
                        inner.append(x)
                    }
                    guard depth == 0 else { throw fail("unclosed left paren") }
                    command.append(.group(try parsePipeline(inner), closeFields))
                case .close: throw fail("unexpected right paren")
                case .dot(let f): command.append(.dot(f))
                case .variable(let n, let f): command.append(.variable(n, f))
                case .identifier(let n): command.append(.function(n))
                case .literal(let v): command.append(.literal(v))
                case .comma, .declare, .assign: throw fail("unexpected token in command")
                }
            }
            guard !command.isEmpty else { throw fail("missing value for command") }
            p.commands.append(command)
            return p
        }
    }

    // MARK: - Evaluation

    struct Data {
        var labels: Labels
        var value: Double?
        var externalLabels: Labels
        var externalURL: String
    }

    /// What `.` is.
    enum Dot {
        case root
        case value(GoFormat.Value)
    }

    enum LoopControl: Swift.Error { case breakLoop, continueLoop }

    struct Evaluator {
        let data: Data
        var scopes: [[String: GoFormat.Value]]

        init(data: Data) {
            self.data = data
            scopes = [["$labels": .map(data.labels), "$externalLabels": .map(data.externalLabels), "$externalURL": .string(data.externalURL)]]
        }

        func fail(_ m: String) -> Error { Error(kind: .execution, message: "template: \(m)") }
        var valueNeeded: Error { Error(kind: .needsValue, message: "the template reads $value; give the alert's value at the evaluation time") }

        func lookup(_ name: String, dot: Dot) throws(Error) -> GoFormat.Value {
            if name == "$value" {
                guard let v = data.value else { throw valueNeeded }
                return .float(v)
            }
            if name == "$" { return try resolve(.root) }
            for s in scopes.reversed() { if let v = s[name] { return v } }
            throw Error(kind: .syntax, message: "template: undefined variable \"\(name)\"")
        }

        func resolve(_ dot: Dot) throws(Error) -> GoFormat.Value {
            if case .value(let v) = dot { return v }
            // The root data is a struct; printing it whole is not something alerts do.
            return .string("{\(GoFormat.string(.map(data.labels))) \(GoFormat.string(.map(data.externalLabels))) \(data.externalURL) \(data.value.map { GoFormat.string(.float($0)) } ?? "<nil>")}")
        }

        func field(_ base: Dot, _ names: [String]) throws(Error) -> GoFormat.Value {
            var names = names[...]
            var current: GoFormat.Value
            if case .root = base, let first = names.first {
                names = names.dropFirst()
                switch first {
                case "Labels": current = .map(data.labels)
                case "ExternalLabels": current = .map(data.externalLabels)
                case "ExternalURL": current = .string(data.externalURL)
                case "Value":
                    guard let v = data.value else { throw valueNeeded }
                    current = .float(v)
                default: throw fail("can't evaluate field \(first) in type struct")
                }
            } else {
                current = try resolve(base)
            }
            for n in names {
                switch current {
                case .map(let m): current = .string(m[n] ?? "")
                case .time, .duration:
                    throw Error(kind: .needsPrometheus, message: "template: method \(n) of \(current.typeName) is not supported in alert templates obsgen expands")
                default: throw fail("can't evaluate field \(n) in type \(current.typeName)")
                }
            }
            return current
        }

        static func truth(_ v: GoFormat.Value) -> Bool {
            switch v {
            case .string(let s): !s.isEmpty
            case .float(let d): d != 0
            case .int(let i): i != 0
            case .bool(let b): b
            case .map(let m): !m.isEmpty
            case .time: true
            case .duration(let d): d != 0
            case .null: false
            }
        }

        mutating func run(_ nodes: [Node], dot: Dot, into out: inout String) throws(Error) {
            do {
                try runLoopBody(nodes, dot: dot, into: &out)
            } catch let e as Error {
                throw e
            } catch {
                throw fail("{{break}} or {{continue}} outside {{range}}")
            }
        }

        mutating func runLoopBody(_ nodes: [Node], dot: Dot, into out: inout String) throws {
            for node in nodes {
                switch node {
                case .text(let t):
                    out += t
                case .action(let p):
                    let v = try pipeline(p, dot: dot)
                    if p.declarations.isEmpty { out += GoFormat.string(v) }
                case .breakLoop: throw LoopControl.breakLoop
                case .continueLoop: throw LoopControl.continueLoop
                case .conditional(let control, let p, let body, let elseBody):
                    scopes.append([:])
                    defer { scopes.removeLast() }
                    switch control {
                    case .ifBlock:
                        let v = try pipeline(p, dot: dot)
                        if Self.truth(v) { try runLoopBody(body, dot: dot, into: &out) } else if let e = elseBody { try runLoopBody(e, dot: dot, into: &out) }
                    case .withBlock:
                        let v = try pipeline(p, dot: dot)
                        if Self.truth(v) { try runLoopBody(body, dot: .value(v), into: &out) } else if let e = elseBody { try runLoopBody(e, dot: dot, into: &out) }
                    case .rangeBlock:
                        var q = p
                        let names = q.declarations
                        q.declarations = []
                        let v = try pipeline(q, dot: dot)
                        var elements: [(GoFormat.Value, GoFormat.Value)] = []
                        switch v {
                        case .map(let m): elements = m.keys.sorted().map { (.string($0), .string(m[$0]!)) }
                        case .int(let n): elements = (0..<max(n, 0)).map { (.int($0), .int($0)) }
                        case .null: break
                        default: throw fail("range can't iterate over \(GoFormat.string(v))")
                        }
                        if elements.isEmpty {
                            if let e = elseBody { try runLoopBody(e, dot: dot, into: &out) }
                            break
                        }
                        loop: for (k, e) in elements {
                            if names.count == 1 { scopes[scopes.count - 1][names[0]] = e }
                            if names.count == 2 { scopes[scopes.count - 1][names[0]] = k; scopes[scopes.count - 1][names[1]] = e }
                            do {
                                try runLoopBody(body, dot: .value(e), into: &out)
                            } catch LoopControl.breakLoop {
                                break loop
                            } catch LoopControl.continueLoop {
                                continue loop
                            }
                        }
                    }
                }
            }
        }

        mutating func pipeline(_ p: Pipeline, dot: Dot) throws(Error) -> GoFormat.Value {
            var value: GoFormat.Value?
            for command in p.commands {
                value = try self.command(command, dot: dot, piped: value)
            }
            let v = value ?? .null
            if !p.declarations.isEmpty {
                let name = p.declarations[p.declarations.count - 1]
                if p.assigns {
                    guard let i = scopes.lastIndex(where: { $0[name] != nil }) else { throw Error(kind: .syntax, message: "template: undefined variable \"\(name)\"") }
                    scopes[i][name] = v
                } else {
                    scopes[scopes.count - 1][name] = v
                }
            }
            return v
        }

        mutating func operand(_ o: Operand, dot: Dot) throws(Error) -> GoFormat.Value {
            switch o {
            case .dot(let f): return f.isEmpty ? try resolve(dot) : try field(dot, f)
            case .variable(let n, let f):
                if n == "$" { return f.isEmpty ? try resolve(.root) : try field(.root, f) }
                let v = try lookup(n, dot: dot)
                return f.isEmpty ? v : try field(.value(v), f)
            case .literal(let v): return v
            case .group(let p, let f):
                let v = try pipeline(p, dot: dot)
                return f.isEmpty ? v : try field(.value(v), f)
            case .function(let name): return try call(name, [], dot: dot)
            }
        }

        mutating func command(_ c: [Operand], dot: Dot, piped: GoFormat.Value?) throws(Error) -> GoFormat.Value {
            if case .function(let name) = c[0] {
                // `and`/`or` evaluate their arguments lazily.
                if name == "and" || name == "or" {
                    var last: GoFormat.Value = .null
                    let args = Array(c.dropFirst())
                    guard !args.isEmpty || piped != nil else { throw fail("wrong number of args for \(name): want at least 1 got 0") }
                    for a in args {
                        last = try operand(a, dot: dot)
                        if Self.truth(last) == (name == "or") { return last }
                    }
                    if let piped {
                        last = piped
                    }
                    return last
                }
                var args: [GoFormat.Value] = []
                for a in c.dropFirst() { args.append(try operand(a, dot: dot)) }
                if let piped { args.append(piped) }
                return try call(name, args, dot: dot)
            }
            guard c.count == 1 else { throw fail("can't give argument to non-function \(c[0])") }
            guard piped == nil else { throw fail("can't give argument to non-function") }
            return try operand(c[0], dot: dot)
        }

        // MARK: Functions

        func float(_ v: GoFormat.Value, _ fn: String) throws(Error) -> Double {
            switch v {
            case .float(let d): return d
            case .int(let i): return Double(i)
            case .duration(let ns): return Double(ns) / 1e9
            case .string(let s):
                if let d = Self.parseFloat(s) { return d }
                throw fail("error calling \(fn): strconv.ParseFloat: parsing \(goQuote(s)): invalid syntax")
            default: throw fail("error calling \(fn): can't convert \(v.typeName) to float")
            }
        }

        /// Go's `strconv.ParseFloat` for the forms alert values take.
        static func parseFloat(_ s: String) -> Double? {
            let t = s.lowercased()
            switch t {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan": return .nan
            default: break
            }
            guard !s.isEmpty, !t.contains("inf"), !t.contains("nan"), !s.hasPrefix(" ") else { return nil }
            if t.hasPrefix("0x") || t.hasPrefix("-0x") || t.hasPrefix("+0x") { return Double(s) }
            return Double(s.replacingOccurrences(of: "_", with: ""))
        }

        func string(_ v: GoFormat.Value, _ fn: String) throws(Error) -> String {
            guard case .string(let s) = v else { throw fail("error calling \(fn): wrong type for value; expected string; got \(v.typeName)") }
            return s
        }

        func arity(_ args: [GoFormat.Value], _ n: Int, _ fn: String) throws(Error) {
            if args.count != n { throw fail("wrong number of args for \(fn): want \(n) got \(args.count)") }
        }

        static func g4(_ v: Double) -> String { GoFormat.sprintf("%.4g", [.float(v)]) }

        mutating func call(_ name: String, _ args: [GoFormat.Value], dot: Dot) throws(Error) -> GoFormat.Value {
            switch name {
            case "humanize":
                try arity(args, 1, name)
                var v = try float(args[0], name)
                if v == 0 || v.isNaN || v.isInfinite { return .string(Self.g4(v)) }
                var prefix = ""
                if abs(v) >= 1 {
                    for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                        if abs(v) < 1000 { break }
                        prefix = p
                        v /= 1000
                    }
                } else {
                    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
                        if abs(v) >= 1 { break }
                        prefix = p
                        v *= 1000
                    }
                }
                return .string(Self.g4(v) + prefix)
            case "humanize1024":
                try arity(args, 1, name)
                var v = try float(args[0], name)
                if abs(v) <= 1 || v.isNaN || v.isInfinite { return .string(Self.g4(v)) }
                var prefix = ""
                for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
                    if abs(v) < 1024 { break }
                    prefix = p
                    v /= 1024
                }
                return .string(Self.g4(v) + prefix)
            case "humanizeDuration":
                try arity(args, 1, name)
                var v = try float(args[0], name)
                if v.isNaN || v.isInfinite { return .string(Self.g4(v)) }
                if v == 0 { return .string(Self.g4(v) + "s") }
                if abs(v) >= 1 {
                    var sign = ""
                    if v < 0 { sign = "-"; v = -v }
                    let duration = v >= 9.2e18 ? Int64.max : Int64(v)
                    let seconds = duration % 60, minutes = (duration / 60) % 60, hours = (duration / 60 / 60) % 24, days = duration / 60 / 60 / 24
                    if days != 0 { return .string("\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s") }
                    if hours != 0 { return .string("\(sign)\(hours)h \(minutes)m \(seconds)s") }
                    if minutes != 0 { return .string("\(sign)\(minutes)m \(seconds)s") }
                    return .string(sign + Self.g4(v) + "s")
                }
                var prefix = ""
                for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
                    if abs(v) >= 1 { break }
                    prefix = p
                    v *= 1000
                }
                return .string(Self.g4(v) + prefix + "s")
            case "humanizePercentage":
                try arity(args, 1, name)
                return .string(Self.g4(try float(args[0], name) * 100) + "%")
            case "humanizeTimestamp":
                try arity(args, 1, name)
                let v = try float(args[0], name)
                if v.isNaN || v.isInfinite { return .string(Self.g4(v)) }
                return .string(GoFormat.string(try toTime(v, name)))
            case "toTime":
                try arity(args, 1, name)
                let v = try float(args[0], name)
                if v.isNaN || v.isInfinite { throw fail("error calling toTime: value is NaN or Inf") }
                return try toTime(v, name)
            case "toDuration":
                try arity(args, 1, name)
                let ns = try float(args[0], name) * 1e9
                // Go converts an out-of-range float to the smallest int64 on amd64.
                return .duration(ns.isNaN || ns >= 9.223372036854775807e18 || ns < -9.223372036854775807e18 ? Int64.min : Int64(ns))
            case "parseDuration":
                try arity(args, 1, name)
                let s = try string(args[0], name)
                var body = Substring(s)
                var negative = false
                if body.hasPrefix("-") { negative = true; body = body.dropFirst() }
                guard let d = PromDuration.parse(String(body)) else { throw fail("error calling parseDuration: not a valid duration string: \(goQuote(s))") }
                return .float((negative ? -1 : 1) * Double(d.milliseconds) / 1000)
            case "title":
                try arity(args, 1, name)
                return .string(Self.title(try string(args[0], name)))
            case "toUpper":
                try arity(args, 1, name)
                return .string(try string(args[0], name).uppercased())
            case "toLower":
                try arity(args, 1, name)
                return .string(try string(args[0], name).lowercased())
            case "reReplaceAll":
                try arity(args, 3, name)
                return .string(try Self.replaceAll(try string(args[0], name), try string(args[1], name), try string(args[2], name)))
            case "match":
                try arity(args, 2, name)
                let re = try Self.regex(try string(args[0], name))
                let text = try string(args[1], name)
                return .bool(re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil)
            case "stripPort":
                try arity(args, 1, name)
                let s = try string(args[0], name)
                return .string(Self.splitHostPort(s)?.host ?? s)
            case "stripDomain":
                try arity(args, 1, name)
                let s = try string(args[0], name)
                var host = s
                var port = ""
                if let hp = Self.splitHostPort(s) { host = hp.host; port = hp.port }
                if Self.isIP(host) { return .string(s) }
                host = String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
                if !port.isEmpty { return .string(host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)") }
                return .string(host)
            case "urlQueryEscape", "urlquery":
                if name == "urlQueryEscape" { try arity(args, 1, name) }
                let s = name == "urlquery" ? GoFormat.sprint(args) : try string(args[0], name)
                return .string(Self.queryEscape(s))
            case "safeHtml":
                try arity(args, 1, name)
                return .string(try string(args[0], name))
            case "html":
                return .string(GoFormat.sprint(args).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&#34;")
                    .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                    .replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
            case "externalURL":
                try arity(args, 0, name)
                return .string(data.externalURL)
            case "pathPrefix":
                try arity(args, 0, name)
                return .string(URL(string: data.externalURL)?.path ?? "")
            case "print": return .string(GoFormat.sprint(args))
            case "println": return .string(GoFormat.sprintln(args))
            case "printf":
                guard let first = args.first else { throw fail("wrong number of args for printf: want at least 1 got 0") }
                return .string(GoFormat.sprintf(try string(first, name), Array(args.dropFirst())))
            case "len":
                try arity(args, 1, name)
                switch args[0] {
                case .string(let s): return .int(Int64(s.utf8.count))
                case .map(let m): return .int(Int64(m.count))
                default: throw fail("error calling len: len of type \(args[0].typeName)")
                }
            case "index":
                guard let base = args.first else { throw fail("wrong number of args for index: want at least 1 got 0") }
                var current = base
                for k in args.dropFirst() {
                    guard case .map(let m) = current else { throw fail("error calling index: can't index item of type \(current.typeName)") }
                    guard case .string(let key) = k else { throw fail("error calling index: value has type \(k.typeName); should be string") }
                    current = .string(m[key] ?? "")
                }
                return current
            case "not":
                try arity(args, 1, name)
                return .bool(!Self.truth(args[0]))
            case "eq":
                guard args.count >= 2 else { throw fail("error calling eq: missing argument for comparison") }
                for other in args.dropFirst() where try Self.compare(args[0], other, name) == 0 { return .bool(true) }
                return .bool(false)
            case "ne":
                try arity(args, 2, name)
                return .bool(try Self.compare(args[0], args[1], name) != 0)
            case "lt", "le", "gt", "ge":
                try arity(args, 2, name)
                if case .bool = args[0] { throw fail("error calling \(name): invalid type for comparison") }
                guard let c = try Self.compare(args[0], args[1], name) else { return .bool(false) }
                switch name {
                case "lt": return .bool(c < 0)
                case "le": return .bool(c <= 0)
                case "gt": return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            case "query", "first", "label", "value", "strvalue", "sortByLabel", "graphLink", "tableLink", "now", "args", "tmpl", "call", "js", "slice":
                throw Error(kind: .needsPrometheus, message: "template: \(name) needs Prometheus to evaluate; give the expected annotations explicitly")
            default:
                throw Error(kind: .syntax, message: "template: function \"\(name)\" not defined")
            }
        }

        func toTime(_ v: Double, _ fn: String) throws(Error) -> GoFormat.Value {
            let ns = v * 1e9
            if ns > 9.223372036854775807e18 || ns < -9.223372036854775808e18 {
                throw fail("error calling \(fn): \(GoFormat.string(.float(v))) cannot be represented as a nanoseconds timestamp since it overflows int64")
            }
            // model.TimeFromUnixNano keeps milliseconds.
            let ms = Int64(ns) / 1_000_000
            return .time(ms * 1_000_000)
        }

        /// Go's `eq`/`lt` over basic kinds: the same kind, or an error.
        /// nil when unordered (NaN).
        static func compare(_ a: GoFormat.Value, _ b: GoFormat.Value, _ fn: String) throws(Error) -> Int? {
            func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
            switch (a, b) {
            case (.int(let x), .int(let y)): return sign(x, y)
            case (.float(let x), .float(let y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
            case (.string(let x), .string(let y)): return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
            case (.bool(let x), .bool(let y)): return x == y ? 0 : 1
            case (.duration(let x), .duration(let y)): return sign(x, y)
            case (.null, _), (_, .null): throw Error(kind: .execution, message: "template: error calling \(fn): invalid type for comparison")
            default: throw Error(kind: .execution, message: "template: error calling \(fn): incompatible types for comparison")
            }
        }

        /// `cases.Title(language.AmericanEnglish, cases.NoLower)`: each word's first letter upper-cased.
        static func title(_ s: String) -> String {
            var out = ""
            var inWord = false
            var previous: Character?
            for c in s {
                let wordChar = c.isLetter || c.isNumber || c == "_"
                    || ((c == "'" || c == "’" || c == "." || c == ":" || c == "·") && (previous?.isLetter ?? false))
                if wordChar && !inWord && c.isLetter {
                    out += String(c).uppercased().count == 1 ? String(c).uppercased() : String(c).capitalized
                } else {
                    out.append(c)
                }
                inWord = wordChar
                previous = c
            }
            return out
        }

        static func regex(_ pattern: String) throws(Error) -> NSRegularExpression {
            // RE2 names groups `(?P<name>…)` as well as `(?<name>…)`; ICU only the latter.
            do { return try NSRegularExpression(pattern: pattern.replacingOccurrences(of: "(?P<", with: "(?<")) } catch {
                throw Error(kind: .execution, message: "template: regexp: Compile(\(goQuote(pattern))): invalid pattern")
            }
        }

        /// Go's `Regexp.ReplaceAllString`: `$1`, `${1}`, `$name`, `${name}`, `$$` in the
        /// replacement; empty matches right after a match are skipped.
        static func replaceAll(_ pattern: String, _ replacement: String, _ text: String) throws(Error) -> String {
            let re = try regex(pattern)
            let ns = text as NSString
            var out = ""
            var last = 0
            var lastMatchEnd = -1
            let names = groupNames(pattern)
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                if m.range.length == 0 && m.range.location == lastMatchEnd { continue }
                out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                out += expandReplacement(replacement, match: m, in: ns, names: names)
                last = m.range.location + m.range.length
                lastMatchEnd = last
            }
            out += ns.substring(from: last)
            return out
        }

        static func groupNames(_ pattern: String) -> [String: Int] {
            // (?P<name>…) and (?<name>…), numbered in order of opening parentheses that capture.
            var names: [String: Int] = [:]
            let c = Array(pattern)
            var group = 0
            var i = 0
            var inClass = false
            while i < c.count {
                if c[i] == "\\" { i += 2; continue }
                if inClass { if c[i] == "]" { inClass = false }; i += 1; continue }
                if c[i] == "[" { inClass = true; i += 1; continue }
                if c[i] == "(" {
                    if i + 1 < c.count, c[i + 1] == "?" {
                        var j = i + 2
                        if j < c.count, c[j] == "P" { j += 1 }
                        if j < c.count, c[j] == "<" {
                            group += 1
                            var name = ""
                            j += 1
                            while j < c.count, c[j] != ">" { name.append(c[j]); j += 1 }
                            names[name] = group
                        }
                    } else {
                        group += 1
                    }
                }
                i += 1
            }
            return names
        }

        static func expandReplacement(_ template: String, match m: NSTextCheckingResult, in ns: NSString, names: [String: Int]) -> String {
            var out = ""
            let t = Array(template)
            var i = 0
            func group(_ name: String) -> String {
                let index = Int(name) ?? names[name]
                guard let index, index < m.numberOfRanges else { return "" }
                let r = m.range(at: index)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
            while i < t.count {
                guard t[i] == "$", i + 1 < t.count else { out.append(t[i]); i += 1; continue }
                if t[i + 1] == "$" { out += "$"; i += 2; continue }
                if t[i + 1] == "{" {
                    guard let close = t[(i + 2)...].firstIndex(of: "}") else { out.append(t[i]); i += 1; continue }
                    let name = String(t[(i + 2)..<close])
                    guard !name.isEmpty, name.allSatisfy(Parser.isIdentChar) else { out.append(t[i]); i += 1; continue }
                    out += group(name)
                    i = close + 1
                    continue
                }
                var j = i + 1
                var name = ""
                while j < t.count, Parser.isIdentChar(t[j]) { name.append(t[j]); j += 1 }
                if name.isEmpty { out.append(t[i]); i += 1; continue }
                out += group(name)
                i = j
            }
            return out
        }

        /// Go's `net.SplitHostPort`; nil when the text has no port (or is malformed).
        static func splitHostPort(_ s: String) -> (host: String, port: String)? {
            if s.hasPrefix("[") {
                guard let close = s.firstIndex(of: "]") else { return nil }
                let after = s[s.index(after: close)...]
                guard after.hasPrefix(":"), !after.dropFirst().contains(":") else { return nil }
                return (String(s[s.index(after: s.startIndex)..<close]), String(after.dropFirst()))
            }
            guard let colon = s.lastIndex(of: ":") else { return nil }
            let host = s[..<colon]
            if host.contains(":") { return nil }
            if host.contains("[") || host.contains("]") { return nil }
            return (String(host), String(s[s.index(after: colon)...]))
        }

        static func isIP(_ s: String) -> Bool {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 4, parts.allSatisfy({ p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && Int(p)! <= 255 }) { return true }
            // IPv6: hex groups and colons (one `::` at most), optionally an IPv4 tail.
            guard s.contains(":") else { return false }
            let groups = s.components(separatedBy: ":")
            guard groups.count >= 3, groups.count <= 8, s.components(separatedBy: "::").count <= 2 else { return false }
            return groups.allSatisfy { g in g.count <= 4 && g.allSatisfy(\.isHexDigit) || isIP(g) && g == groups.last }
        }

        /// Go's `url.QueryEscape`.
        static func queryEscape(_ s: String) -> String {
            var out = ""
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                    out.unicodeScalars.append(Unicode.Scalar(b))
                case UInt8(ascii: " "): out += "+"
                default: out += String(format: "%%%02X", b)
                }
            }
            return out
        }
    }
}
