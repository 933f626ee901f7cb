/// Packs panels on Grafana's 24-column grid: each panel goes to the highest free spot
/// (leftmost on ties) under everything already placed, like Grafana's own gravity.
struct GridLayout {
    private var heights = [Int](repeating: 0, count: 24)
    private var placed: [(GridPos, String)] = []

    init(top: Int = 0) {
        heights = [Int](repeating: top, count: 24)
    }

    mutating func place(w: Int, h: Int, title: String) -> GridPos {
        var best = (x: 0, y: Int.max)
        for x in 0...(24 - w) {
            var y = 0
            for c in x..<(x + w) where heights[c] > y { y = heights[c] }
            if y < best.y { best = (x, y) }
        }
        let g = GridPos(x: best.x, y: best.y, w: w, h: h)
        for c in g.x..<(g.x + w) { heights[c] = g.y + h }
        placed.append((g, title))
        return g
    }

    /// Places an explicit position; returns the title of a panel it overlaps, if any.
    mutating func place(explicit g: GridPos, title: String) -> String? {
        if let hit = placed.first(where: { $0.0.overlaps(g) }) { return hit.1 }
        for c in g.x..<(g.x + g.w) { heights[c] = max(heights[c], g.y + g.h) }
        placed.append((g, title))
        return nil
    }

    /// A row header across the full width, under everything.
    mutating func placeRow() -> GridPos {
        let y = heights.max()!
        let g = GridPos(x: 0, y: y, w: 24, h: 1)
        heights = [Int](repeating: y + 1, count: 24)
        placed.append((g, "row"))
        return g
    }
}

