import Foundation

/// A unified diff of two texts (as `diff -u`), from Swift's Myers difference.
public enum UnifiedDiff {
    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        // Lines as `diff` counts them: a final line break ends the last line, it does not
        // start an empty one.
        func lines(_ s: String) -> [String] {
            guard !s.isEmpty else { return [] }
            var l = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if s.hasSuffix("\n") { l.removeLast() }
            return l
        }
        let a = lines(old), b = lines(new)
        var removed = Set<Int>(), inserted = Set<Int>()
        if a.isEmpty || b.isEmpty {
            // A created or removed file: no search needed (Myers would be quadratic here).
            removed = Set(a.indices)
            inserted = Set(b.indices)
        } else {
            // Skip the common head and tail, and diff only what lies between.
            var head = 0
            while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
            var tail = 0
            while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
            let midA = Array(a[head..<(a.count - tail)]), midB = Array(b[head..<(b.count - tail)])
            if midA.isEmpty || midB.isEmpty || midA.count * midB.count > 50_000_000 {
                // Nothing in common in the middle (or too big to search): replace it whole.
                removed = Set(head..<(a.count - tail))
                inserted = Set(head..<(b.count - tail))
            } else {
                for c in midB.difference(from: midA) {
                    switch c {
                    case .remove(let o, _, _): removed.insert(o + head)
                    case .insert(let o, _, _): inserted.insert(o + head)
                    }
                }
            }
        }
        // Walk both sequences, producing (op, text, aIndex, bIndex).
        var ops: [(Character, String)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                ops.append(("-", a[i])); i += 1
            } else if j < b.count, inserted.contains(j) {
                ops.append(("+", b[j])); j += 1
            } else {
                ops.append((" ", i < a.count ? a[i] : "")); i += 1; j += 1
            }
        }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var k = 0
        var aLine = 1, bLine = 1
        while k < ops.count {
            if ops[k].0 == " " { aLine += 1; bLine += 1; k += 1; continue }
            // Start a hunk with leading context.
            let start = max(0, k - context)
            var end = k
            var lastChange = k
            while end < ops.count {
                if ops[end].0 != " " { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            end = min(ops.count, lastChange + context + 1)
            let lead = k - start
            let hunk = ops[start..<end]
            let aCount = hunk.filter { $0.0 != "+" }.count
            let bCount = hunk.filter { $0.0 != "-" }.count
            out += "@@ -\(aLine - lead),\(aCount) +\(bLine - lead),\(bCount) @@\n"
            for (op, text) in hunk { out += "\(op)\(text)\n" }
            for (op, _) in ops[k..<end] {
                if op != "+" { aLine += 1 }
                if op != "-" { bLine += 1 }
            }
            k = end
        }
        return out
    }
}
