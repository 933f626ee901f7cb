/// Dashboard PromQL that does not parse.
public struct DashboardsQuery: LintCheck {
    /// A dashboard with one panel querying `target` (a `↓` in it marks where the error is).
    static func panel(_ target: String) -> String {
        "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Rate\", \"targets\": [{\"expr\": \"\(target)\"}]}]}"
    }

    /// A dashboard with a custom variable `op` whose values are `options`.
    static func withOperatorVariable(_ target: String, options: [String]) -> String {
        let opts = options.map { "{\"text\": \"\($0)\", \"value\": \"\($0)\"}" }.joined(separator: ", ")
        return "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"templating\": {\"list\": [{\"name\": \"op\", \"type\": \"custom\", \"query\": \"\(options.joined(separator: ","))\", \"options\": [\(opts)]}]}, "
            + "\"panels\": [{\"id\": 1, \"type\": \"timeseries\", \"title\": \"Up\", \"targets\": [{\"expr\": \"\(target)\"}]}]}"
    }

    public static let description = CheckDescription(
        id: "dashboards/query", severity: .error,
        summary: "A panel's PromQL target does not parse, once Grafana's variables are accounted for.",
        rationale: "Grafana shows the error only when someone opens the dashboard; obsgen reads each query with Grafana's template variables standing for values and reports it before it ships. Where a custom variable stands for something other than a value (an operator, say), each of its options is tried in its place.",
        triggering: [
            Example(.dashboard, panel("rate(x_total{job=~\\\"$job\\\"} * 8↓[$__rate_interval])")),
            Example(.dashboard, panel("rate(ceph_rgw_sync_delta{↓%(matchers)s}[$__rate_interval])")),
            // One of the options does not fit where the variable stands: the error is at the variable.
            Example(.dashboard, withOperatorVariable("up ↓$op on (job) (x_total == 0)", options: ["or", "unless", "sum"])),
        ],
        nonTriggering: [
            Example(.dashboard, panel("rate(x_total{job=~\\\"$job\\\"}[$__rate_interval]) * 8")),
            // Variables as a subquery's range and step.
            Example(.dashboard, panel("increase(sum by (keyspace) (x_total{job=~\\\"$job\\\"})[$__interval:] offset -$__interval)")),
            Example(.dashboard, panel("topk(10, sum_over_time(increase(x_total[$__rate_interval])[$__range:$__rate_interval]))")),
            // A custom variable whose options are binary operators.
            Example(.dashboard, withOperatorVariable("up $op on (job) (x_total == 0)", options: ["or", "unless"])),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            let known = Self.knownValues(d.dashboard.variables ?? [])
            for p in d.dashboard.allPanels {
                for (i, t) in (p.targets ?? []).enumerated() where t.hide != true {
                    guard let q = t.promQL, context.dashboardQueryParses(q) != true, !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                          let (message, range) = Self.problem(q, known: known, features: context.features) else { continue }
                    // Old dashboards have untitled panels and targets without refId: name them by position.
                    let panel: String
                    if let title = p.title, !title.isEmpty {
                        panel = "\"\(title)\""
                    } else if let id = p.id {
                        panel = "id \(id)"
                    } else {
                        panel = "(untitled \(p.type))"
                    }
                    report.add(d.file, d.range(of: p, target: i, exprRange: range), "panel \(panel) target \(t.refId ?? "#\(i + 1)"): \(message)")
                }
            }
        }
    }

    /// Why a query does not parse, or nil when it does. A query that does not parse with its
    /// variables standing for values is tried again with the options of the custom variables
    /// it uses written in; it is valid when it parses with every combination of them. The
    /// range is the error's in the query (the text the variable stands at, for an error in a
    /// value written in).
    static func problem(_ query: String, known: [String: [String]], features: Features) -> (message: String, range: PositionRange)? {
        let options = ParseOptions(features: features, grafana: true)
        guard let first = PromQL.check(query, options: options).diagnostics.first else { return nil }
        let used = Placeholder.variableNames(in: query).reduce(into: [String]()) { if known[$1] != nil, !$0.contains($1) { $0.append($1) } }
        guard !used.isEmpty else { return (first.message, first.range) }
        var combinations: [[(String, String)]] = [[]]
        for name in used {
            combinations = combinations.flatMap { c in known[name]!.map { c + [(name, $0)] } }
            if combinations.count > 64 { return (first.message, first.range) }
        }
        for c in combinations {
            let (text, origins) = substitute(query, Dictionary(c, uniquingKeysWith: { a, _ in a }))
            if let d = PromQL.check(text, options: options).diagnostics.first {
                if d.message == first.message { return (first.message, first.range) }
                let start = origins[Swift.min(d.range.start, origins.count - 1)].lowerBound
                let end = d.range.end > d.range.start ? origins[Swift.min(d.range.end - 1, origins.count - 1)].upperBound : start
                return ("with " + c.map { "$\($0.0) = \($0.1)" }.joined(separator: ", ") + ": " + d.message, PositionRange(start: start, end: Swift.max(start, end)))
            }
        }
        return nil
    }

    /// Values of the custom variables (their options, else their comma-separated query).
    static func knownValues(_ variables: [Variable]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for v in variables where v.type == "custom" {
            var values = (v.options ?? []).compactMap { $0["value"]?.stringValue }
            if values.isEmpty, let q = v.query?.stringValue {
                // `a,b` or `Text : value, …`; `\,` is a comma inside a value.
                var items: [String] = [], current = "", escaped = false
                for ch in q {
                    if escaped { current.append(ch); escaped = false } else if ch == "\\" { escaped = true } else if ch == "," { items.append(current); current = "" } else { current.append(ch) }
                }
                items.append(current)
                values = items.map { item in
                    let value = item.range(of: " : ").map { String(item[$0.upperBound...]) } ?? item
                    return value.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
            }
            values = values.filter { $0 != "$__all" }
            if !values.isEmpty { out[v.name] = values }
        }
        return out
    }

    /// Writes values in for `$name`, `${name}`, `${name:format}` and `[[name]]`; with, for each
    /// byte of the result and for its end, the bytes of `text` it comes from (a value's bytes
    /// come from the whole variable).
    static func substitute(_ text: String, _ values: [String: String]) -> (text: String, origins: [Range<Int>]) {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var origins: [Range<Int>] = []
        var i = 0
        func isWord(_ c: UInt8) -> Bool { c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) }
        while i < b.count {
            var end: Int?, name = ""
            if b[i] == UInt8(ascii: "$"), i + 1 < b.count {
                if b[i + 1] == UInt8(ascii: "{"), let close = b[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                    let inner = b[(i + 2)..<close]
                    name = String(decoding: inner.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self)
                    end = close + 1
                } else {
                    var j = i + 1
                    while j < b.count, isWord(b[j]) { j += 1 }
                    name = String(decoding: b[(i + 1)..<j], as: UTF8.self)
                    end = j
                }
            } else if b[i] == UInt8(ascii: "["), i + 1 < b.count, b[i + 1] == UInt8(ascii: "["),
                      let close = b[(i + 2)...].firstIndex(of: UInt8(ascii: "]")), close + 1 < b.count, b[close + 1] == UInt8(ascii: "]") {
                name = String(decoding: b[(i + 2)..<close].prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self)
                end = close + 2
            }
            if let end, let v = values[name] {
                out += Array(v.utf8)
                origins += repeatElement(i..<end, count: v.utf8.count)
                i = end
            } else {
                out.append(b[i])
                origins.append(i..<(i + 1))
                i += 1
            }
        }
        origins.append(b.count..<b.count)
        return (String(decoding: out, as: UTF8.self), origins)
    }
}
