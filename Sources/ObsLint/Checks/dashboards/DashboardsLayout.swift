/// Overlapping panels, panels past the grid or off it.
public struct DashboardsLayout: LintCheck {
    public static let description = CheckDescription(
        id: "dashboards/layout", severity: .warning,
        summary: "A panel is wider than Grafana's 24 columns or its gridPos is negative; two panels' gridPos overlap (info).",
        rationale: "Grafana moves a panel with a negative position or size wherever it fits, and one past the 24 columns back inside them, so the saved layout is not what people see, and the next save rewrites it. Overlapping panels are info: Grafana lays panels out top to bottom in the order of their y and x and pushes an overlapped one down, which keeps the intended order (generated dashboards rely on it); only the saved positions differ from the shown ones.",
        triggering: [
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\", \"gridPos\": {\"x\": ↓-3, \"y\": -1, \"w\": 12, \"h\": 8}}]}"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"row\", \"title\": \"r\", \"collapsed\": true, \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 24, \"h\": 1}, \"panels\": [{\"id\": 2, \"type\": \"stat\", \"title\": \"a\", \"gridPos\": {\"x\": 0, \"y\": 1, \"w\": 12, \"h\": ↓-8}}]}]}"),
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8}}, {\"id\": 2, \"type\": \"stat\", \"title\": \"b\", ↓\"gridPos\": {\"x\": 6, \"y\": 4, \"w\": 12, \"h\": 8}}]}"),
        ],
        nonTriggering: [
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"stat\", \"title\": \"a\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8}}, {\"id\": 2, \"type\": \"stat\", \"title\": \"b\", \"gridPos\": {\"x\": 12, \"y\": 0, \"w\": 12, \"h\": 8}}]}"),
            // grafonnet writes rows 0 wide.
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 42, \"panels\": [{\"id\": 1, \"type\": \"row\", \"title\": \"r\", \"collapsed\": false, \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 0, \"h\": 1}, \"panels\": []}, {\"id\": 2, \"type\": \"stat\", \"title\": \"b\", \"gridPos\": {\"x\": 0, \"y\": 1, \"w\": 24, \"h\": 8}}]}"),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for d in context.dashboards {
            // Every panel, rows' children included, must sit on the grid.
            for p in (d.dashboard.panels ?? []).flatMap({ [$0] + ($0.panels ?? []) }) {
                // (A row's width of 0, as grafonnet writes it, is fine: rows span the page.)
                guard let g = p.gridPos, g.x < 0 || g.y < 0 || g.w < 0 || g.h < 0 else { continue }
                // At the first negative number.
                let negative = [("x", g.x), ("y", g.y), ("w", g.w), ("h", g.h)].first { $0.1 < 0 }!.0
                report.add(d.file, d.range(of: p, key: ["gridPos", .key(negative)]), "panel \"\(p.title ?? "")\" has a negative gridPos (x \(g.x), y \(g.y), w \(g.w), h \(g.h)): Grafana's grid starts at 0")
            }
            // Panels on the page: top level, and those of open rows (collapsed rows keep theirs aside).
            let placed = (d.dashboard.panels ?? []).filter { $0.gridPos != nil }
            let grids = placed.map { $0.gridPos! }
            // The first earlier panel each one overlaps. Panels of ordinary size are found
            // through the grid rows they cover (not by comparing every pair, which a dashboard of
            // thousands of panels makes slow); others (empty, negative, very tall) one by one.
            var byRow: [Int: [Int]] = [:]
            var others: [Int] = []
            func ordinary(_ g: GridPos) -> Bool { g.w >= 1 && g.h >= 1 && g.h <= 64 && g.y >= 0 && g.y < 1 << 40 }
            for (i, p) in placed.enumerated() {
                let g = grids[i]
                if g.x + g.w > 24 { report.add(d.file, d.range(of: p, key: ["gridPos"], value: false), "panel \"\(p.title ?? "")\" spans columns \(g.x)–\(g.x + g.w), past Grafana's 24") }
                var first: Int?
                if ordinary(g) {
                    for row in g.y..<(g.y + g.h) {
                        for q in byRow[row] ?? [] where grids[q].overlaps(g) {
                            if first == nil || q < first! { first = q }
                            break
                        }
                    }
                    for q in others where grids[q].overlaps(g) {
                        if first == nil || q < first! { first = q }
                        break
                    }
                    for row in g.y..<(g.y + g.h) { byRow[row, default: []].append(i) }
                } else {
                    first = (0..<i).first { grids[$0].overlaps(g) }
                    others.append(i)
                }
                if let q = first {
                    report.add(d.file, d.range(of: p, key: ["gridPos"], value: false), "panel \"\(p.title ?? "")\" overlaps panel \"\(placed[q].title ?? "")\"", hint: "Grafana pushes it down on load", severity: .info)
                }
            }
        }
    }
}
