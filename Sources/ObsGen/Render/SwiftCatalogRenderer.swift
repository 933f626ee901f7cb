/// Metrics as Swift DSL declarations (`obsgen catalog import`): one `static let` per metric
/// in an enum, and `all`. Deterministic: the metrics' order, nothing of the time.
public enum SwiftCatalogRenderer {
    /// `guessed`: names whose kind is a guess, marked by a comment for the user to settle.
    public static func render(_ metrics: [Metric], enumName: String = "ImportedMetrics", header: [String] = [], guessed: Set<String> = []) -> String {
        var out = ""
        for h in header { out += "// \(h)\n" }
        out += "import ObsGen\n\npublic enum \(identifier(enumName, upper: true)) {\n"
        var used: Set<String> = ["all"]
        var names: [String] = []
        for m in metrics {
            var id = identifier(m.name, upper: false)
            if used.contains(id) {
                var n = 2
                while used.contains("\(id)\(n)") { n += 1 }
                id = "\(id)\(n)"
            }
            used.insert(id)
            names.append(id)
            if guessed.contains(m.name) { out += "    // Kind guessed from the name: the server does not type this metric.\n" }
            if !m.help.isEmpty { out += "    /// \(m.help.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " "))\n" }
            out += "    public static let \(keywordSafe(id)) = \(declaration(m))\n"
        }
        out += "\n    public static let all: [Metric] = [\n"
        for id in names { out += "        \(keywordSafe(id)),\n" }
        out += "    ]\n}\n"
        return out
    }

    static func declaration(_ m: Metric) -> String {
        var args = [string(m.name), "help: \(string(m.help))"]
        let function: String
        switch m.kind {
        case .counter: function = "Counter"
        case .histogram: function = "Histogram"
        case .summary: function = "Summary"
        case .info: function = "Info"
        case .gauge, .stateset: function = "Gauge"
        }
        if m.kind != .info && (m.unit != .count || m.kind == .histogram || m.kind == .summary) { args.append("unit: .\(m.unit == .count ? "count" : m.unit.rawValue)") }
        if !m.labels.isEmpty { args.append("labels: [" + m.labels.map(label).joined(separator: ", ") + "]") }
        if m.kind == .histogram { args.append("buckets: [" + (m.buckets ?? []).map(formatNumber).joined(separator: ", ") + "]") }
        if let job = m.job { args.append("job: \(string(job))") }
        return "\(function)(\(args.joined(separator: ", ")))"
    }

    static func label(_ l: LabelSpec) -> String {
        if let values = l.values { return ".oneOf(\(string(l.name)), [\(values.map(string).joined(separator: ", "))])" }
        if !l.bounded { return ".unbounded(\(string(l.name)))" }
        return string(l.name)
    }

    /// A Swift string literal: quotes, backslashes and control characters escaped.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 {
                    out += "\\u{\(String(u.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// `deployment_total` → `deploymentTotal`.
    static func identifier(_ name: String, upper: Bool) -> String {
        // Already an identifier (`ImportedMetrics`): kept as written.
        if let f = name.unicodeScalars.first, f.properties.isAlphabetic, f.isASCII, !name.contains("_"),
           name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) {
            return upper ? name.prefix(1).uppercased() + name.dropFirst() : name.prefix(1).lowercased() + name.dropFirst()
        }
        let parts = name.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
        var out = ""
        for (i, p) in parts.enumerated() {
            let lower = p.lowercased()
            out += i == 0 && !upper ? lower : lower.prefix(1).uppercased() + lower.dropFirst()
        }
        if out.isEmpty { out = "metric" }
        if out.first!.isNumber { out = (upper ? "M" : "m") + out }
        return out
    }

    static let keywords: Set<String> = ["associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout", "internal", "let",
                                        "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
                                        "break", "case", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
                                        "return", "switch", "where", "while", "as", "catch", "false", "is", "nil", "super", "self", "throw", "throws", "true",
                                        "try", "any", "some", "await", "async", "consume", "copy", "discard", "each", "package"]

    static func keywordSafe(_ id: String) -> String { keywords.contains(id) ? "`\(id)`" : id }
}
