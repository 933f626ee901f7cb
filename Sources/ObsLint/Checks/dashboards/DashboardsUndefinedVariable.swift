/// Queries using variables the dashboard does not define.
public struct DashboardsUndefinedVariable: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/undefined-variable", severity: .error,
        summary: "A query, title or datasource uses a template variable the dashboard does not define.",
        rationale: "Grafana leaves an undefined `$cluster` in the query as text: the selector matches nothing and the panel stays empty without an error.",
        triggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"job\", \"type\": \"custom\", \"query\": \"a,b\"}]}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"targets\": [{\"expr\": \"up{job=\\\"$job\\\", cluster=\\\"↓$cluster\\\"}\"}]}]}")],
        nonTriggering: [Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"job\", \"type\": \"custom\", \"query\": \"a,b\"}]}, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"x\", \"targets\": [{\"expr\": \"up{job=\\\"$job\\\", interval=\\\"$__interval\\\"}\"}]}]}")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            var defined = Set((d.dashboard.variables ?? []).map(\.name))
            // Import inputs (`${DS_PROMETHEUS}`) are filled in when the dashboard is imported.
            for i in d.dashboard.extra["__inputs"]?.arrayValue ?? [] { if let n = i["name"]?.stringValue { defined.insert(n) } }
            for p in d.dashboard.allPanels {
                // Each text with the key that holds it in the panel.
                var texts = (p.targets ?? []).enumerated().compactMap { i, t -> (String, [JSONLocator.Step])? in
                    switch t.kind {
                    case .prometheus(let e, _, _, _), .loki(let e, _): return (e, ["targets", .index(i), "expr"])
                    case .tempo(let q): return (q, ["targets", .index(i), "query"])
                    case .other: return nil
                    }
                }
                if let t = p.title { texts.append((t, ["title"])) }
                switch p.datasource {
                case .ref(_, let uid?): texts.append((uid, ["datasource", "uid"]))
                case .name(let name): texts.append((name, ["datasource"]))
                default: break
                }
                let repeatVar = p.extra["repeat"]?.stringValue
                for (text, key) in texts {
                    // Where each name was last found, to find the next use after it.
                    var searched: [String: Int] = [:]
                    for name in Placeholder.variableNames(in: text) where !name.hasPrefix("__") && !defined.contains(name) && name != repeatVar && !name.allSatisfy(\.isNumber) {
                        let use = Self.use(of: name, in: text, from: searched[name] ?? 0)
                        searched[name] = use?.end
                        report.add(d.file, d.range(of: p, key: key, contentRange: use), "panel \"\(p.title ?? "")\" uses $\(name), which the dashboard does not define")
                    }
                }
            }
        }
    }

    /// The first use of variable `name` in `text` at or after byte `from`: `$name`, `${name}`,
    /// `${name:format}`, `[[name]]` or `[[name:format]]`.
    static func use(of name: String, in text: String, from: Int) -> PositionRange? {
        let b = Array(text.utf8), n = Array(name.utf8)
        func isWord(_ c: UInt8) -> Bool { c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) }
        /// Whether the name is at `i`, followed by one of `ends` (by anything but a word byte when nil).
        func isName(at i: Int, before ends: [UInt8]?) -> Bool {
            guard i + n.count <= b.count, b[i..<(i + n.count)].elementsEqual(n) else { return false }
            guard i + n.count < b.count else { return ends == nil }
            let next = b[i + n.count]
            return ends?.contains(next) ?? !isWord(next)
        }
        /// One past the closing bracket (`}` or `]]`) after `i`.
        func close(_ bracket: UInt8, after i: Int, width: Int) -> Int {
            (b[i...].firstIndex(of: bracket).map { $0 + width }) ?? b.count
        }
        let dollar = UInt8(ascii: "$"), brace = UInt8(ascii: "{"), bracket = UInt8(ascii: "["), colon = UInt8(ascii: ":")
        var i = Swift.max(0, from)
        while i + 1 < b.count {
            if b[i] == dollar, b[i + 1] == brace, isName(at: i + 2, before: [UInt8(ascii: "}"), colon]) {
                return PositionRange(start: i, end: close(UInt8(ascii: "}"), after: i, width: 1))
            }
            if b[i] == dollar, isName(at: i + 1, before: nil) { return PositionRange(start: i, end: i + 1 + n.count) }
            if b[i] == bracket, b[i + 1] == bracket, isName(at: i + 2, before: [UInt8(ascii: "]"), colon]) {
                return PositionRange(start: i, end: Swift.min(b.count, close(UInt8(ascii: "]"), after: i + 2, width: 2)))
            }
            i += 1
        }
        return nil
    }
}
