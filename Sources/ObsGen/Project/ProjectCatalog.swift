/// The project's metric catalog: the metrics it lists, the ones its declarations interpolate,
/// and which of them anything reads.
extension Project {
    /// Metrics interpolated into the project's rules, panel queries, variables and annotations,
    /// in first-use order (rules, then dashboards), each once.
    public var interpolatedMetrics: [Metric] {
        var out: [Metric] = []
        func add(_ ms: [Metric]) { for m in ms where !out.contains(m) { out.append(m) } }
        for f in ruleFiles {
            for g in f.groups {
                for r in g.rules {
                    switch r {
                    case .alert(let a): add(a.referencedMetrics)
                    case .recording(let rr): add(rr.referencedMetrics)
                    }
                }
            }
        }
        for d in dashboards { add(d.referencedMetrics) }
        return out
    }

    /// The project with every interpolated metric in `metrics` (after the listed ones). A
    /// different declaration under a listed name is added too, so that the build reports the
    /// name as declared twice at both places. `Project { … }` does this itself.
    public func includingInterpolatedMetrics() -> Project {
        var p = self
        for m in interpolatedMetrics where !p.metrics.contains(m) { p.metrics.append(m) }
        return p
    }

    /// Names of the series the project's rules, panel queries, variables and annotations read
    /// (interpolated or written out), as PromQL selects them (`latency_seconds_bucket`).
    public var usedSeriesNames: Set<String> {
        var names = Set<String>()
        func read(_ expr: String, grafana: Bool) {
            guard let e = try? PromQL.parse(expr, options: ParseOptions(features: .all, grafana: grafana)) else { return }
            e.walk { node in
                switch node {
                case .vectorSelector(let v): if let n = v.metricName { names.insert(n) }
                case .matrixSelector(let m): if let n = m.selector.metricName { names.insert(n) }
                default: break
                }
            }
        }
        for f in ruleFiles { for g in f.groups { for r in g.rules { read(r.expr, grafana: false) } } }
        for d in dashboards {
            for p in d.allPanelSpecs { for q in p.queries where q.language == .promQL { read(q.expr, grafana: true) } }
            for item in d.items {
                switch item {
                case .variable(let v):
                    if let q = v.query?.stringValue ?? v.definition, v.type == "query" {
                        for e in Self.variableExpressions(q) { read(e, grafana: true) }
                    }
                case .annotation(let a):
                    if let e = a.expr { read(e, grafana: true) }
                default: break
                }
            }
        }
        for m in interpolatedMetrics { names.insert(m.name) }
        return names
    }

    /// Names of the catalog's metrics that something reads (any of their series).
    public var usedMetricNames: Set<String> {
        let series = usedSeriesNames
        return Set(metrics.filter { m in series.contains(m.name) || m.seriesNames.contains(where: series.contains) }.map(\.name))
    }

    /// Metrics the project declares that no rule, panel, variable or annotation reads: at
    /// most worth a lint warning (a pushed metric may be read elsewhere).
    public var unusedMetrics: [Metric] {
        let used = usedMetricNames
        return metrics.filter { !used.contains($0.name) }
    }

    /// The PromQL inside a Grafana variable query: `label_values(<selector>, label)`,
    /// `query_result(<expr>)`, or the query itself.
    static func variableExpressions(_ query: String) -> [String] {
        let q = query.trimmingCharacters(in: .whitespacesAndNewlines)
        func inner(_ prefix: String) -> Substring? {
            guard q.hasPrefix(prefix + "("), q.hasSuffix(")") else { return nil }
            return q.dropFirst(prefix.count + 1).dropLast()
        }
        if let args = inner("label_values") {
            // The selector is everything before the last top-level comma (if any).
            var depth = 0, quoted = false, lastComma: Substring.Index?
            var i = args.startIndex
            while i < args.endIndex {
                let c = args[i]
                if quoted {
                    if c == "\\" { i = args.index(after: i) } else if c == "\"" { quoted = false }
                } else if c == "\"" {
                    quoted = true
                } else if c == "(" || c == "{" || c == "[" {
                    depth += 1
                } else if c == ")" || c == "}" || c == "]" {
                    depth -= 1
                } else if c == ",", depth == 0 {
                    lastComma = i
                }
                if i < args.endIndex { i = args.index(after: i) }
            }
            guard let comma = lastComma else { return [] }   // label_values(label): no series
            return [String(args[..<comma])]
        }
        if let e = inner("query_result") { return [String(e)] }
        if q.hasPrefix("label_names(") || q.hasPrefix("metrics(") { return [] }
        return [q]
    }
}

import Foundation
