import PromQL

/// `obsgen fmt` on a prometheus.yml: only its rule-related parts, every other byte as it is.
///
/// - `global.evaluation_interval` and `global.rule_query_offset` take Prometheus' canonical
///   spelling (`1m`, not `60s`), unquoted when YAML allows;
/// - the `rule_files` list is indented under its key like rule files' lists (`indentLists`;
///   off, a list written at the key's column stays there), one space after each dash, the
///   comment lines among its items moved with them, each file name unquoted when YAML reads it
///   the same without quotes (`"rules/*.yml"` keeps them: `*` starts an alias).
///
/// A `rule_files` list the formatter does not read line by line — an anchor, tag or alias, an
/// item that is not a one-line string, an item whose dash does not start its line — leaves the
/// file as it is, reported skipped with the reason. The result is read back: its YAML must hold
/// the same as the original's but for the durations' spelling, and formatting it again must
/// change nothing, else nothing is written (`fmt/meaning`, `fmt/unstable`).
public enum PrometheusConfigFormatter {
    static let durationKeys = ["evaluation_interval", "rule_query_offset"]

    public static func format(text: String, path: String, options: RuleFileFormatter.Options = RuleFileFormatter.Options()) -> RuleFileFormatter.Result {
        var result = formatOnce(text: text, path: path, options: options)
        guard let out = result.formatted, out != text else { return result }
        if let problem = YAMLMeaning.compare(original: YAMLSource(path: path, text: text), formatted: out, features: options.features, allowance: allowance) {
            result.formatted = nil
            result.diagnostics = [problem]
        } else if formatOnce(text: out, path: path, options: options).formatted != out {
            result.formatted = nil
            result.diagnostics = [Diagnostic(id: RuleFileFormatter.Issue.unstable.rawValue, message: "formatting the result again would change it; the file is left as it is", range: .zero)]
        }
        return result
    }

    static func allowance(_ path: [String]) -> YAMLMeaning.Allowance? {
        path.count == 2 && path[0] == "global" && durationKeys.contains(path[1]) ? .duration : nil
    }

    static func formatOnce(text: String, path: String, options: RuleFileFormatter.Options) -> RuleFileFormatter.Result {
        let source = SourceText(name: path, text: text)
        var result = RuleFileFormatter.Result(source: source, formatted: nil, diagnostics: [])
        let yaml = YAMLSource(source: source)
        if !yaml.diagnostics.isEmpty {
            result.diagnostics = yaml.diagnostics
            return result
        }
        guard let root = yaml.root, root.isMapping, !root.isFlowCollection else {
            result.skipped = "a prometheus.yml whose top level is not a block mapping"
            return result
        }
        // Durations and quoting, edited where they stand.
        var edits = TextEdits(source: source, options: options)
        if let global = root.pairs.first(where: { $0.key.equals("global") })?.value, global.isMapping, global.offset > root.offset {
            for (k, v) in global.pairs where durationKeys.contains(k.string ?? "") { edits.duration(key: k, value: v, yaml: yaml) }
        }
        let list = root.pairs.first { $0.key.equals("rule_files") }
        if let (key, files) = list, files.isSequence, !files.isFlowCollection {
            if let why = RuleFilesList(yaml: yaml, key: key, list: files).problem {
                result.skipped = why
                return result
            }
            for item in files.items { edits.quoting(item, yaml: yaml) }
        }
        let edited = edits.apply()
        result.formatted = RuleFilesList.indent(edited, path: path, indentLists: options.indentLists) ?? edited
        return result
    }
}

/// A prometheus.yml's `rule_files:` list in block style, read line by line.
struct RuleFilesList {
    let lines: Lines
    let keyLine: Int
    let keyColumn: Int
    /// The line of each item's dash, and the offsets of its dash and its content.
    var items: [(line: Int, dash: Int, content: Int)] = []
    /// Why the list is not read, or nil.
    var problem: String?

    init(yaml: YAMLSource, key: YNode, list: YNode) {
        lines = Lines(yaml.source.text)
        let b = lines.bytes
        keyLine = lines.line(of: key.offset)
        keyColumn = key.offset - lines.starts[keyLine]
        guard keyColumn == lines.indent(keyLine), list.tag == nil, list.offset < b.count, b[list.offset] == UInt8(ascii: "-") else {
            problem = "rule_files is not a plain list under its key (an anchor, a tag, or a key after something else)"
            return
        }
        var previous = list.offset - 1
        for (n, item) in list.items.enumerated() {
            let r = yaml.range(item)
            guard item.isScalar, item.offset > previous, item.tag == nil, [.plain, .singleQuoted, .doubleQuoted].contains(item.style),
                  !"&!*".utf8.contains(b[item.offset]), r.end <= b.count, !b[r.start..<r.end].contains(0x0A) else {
                problem = "rule_files item \(n + 1) is not a one-line file name (an alias, anchor, tag, block or multi-line string)"
                return
            }
            previous = r.end
            let l = lines.line(of: item.offset)
            var d = item.offset - 1
            while d > lines.starts[l], b[d] == 0x20 { d -= 1 }
            guard b[d] == UInt8(ascii: "-"), d - lines.starts[l] == lines.indent(l) else {
                problem = "rule_files item \(n + 1) does not start its own line with its dash"
                return
            }
            items.append((l, d, item.offset))
        }
        // Between the key and the last item, only the items, comments and blank lines.
        guard let last = items.last?.line else { return }
        let itemLines = Set(items.map(\.line))
        for l in (keyLine + 1)...last where !itemLines.contains(l) && !Whitespace.isBlank(b, lines.starts[l]) {
            let i = lines.starts[l] + lines.indent(l)
            if i >= b.count || b[i] != UInt8(ascii: "#") {
                problem = "rule_files has a line that is not an item or a comment (line \(l + 1))"
                return
            }
        }
    }

    /// The text with the `rule_files:` list indented as the options say; nil when there is
    /// nothing to change or no list to read.
    static func indent(_ text: String, path: String, indentLists: Bool) -> String? {
        let yaml = YAMLSource(path: path, text: text)
        guard yaml.diagnostics.isEmpty, let root = yaml.root, let (key, files) = root.pairs.first(where: { $0.key.equals("rule_files") }),
              files.isSequence, !files.isFlowCollection else { return nil }
        let list = RuleFilesList(yaml: yaml, key: key, list: files)
        guard list.problem == nil, let first = list.items.first else { return nil }
        let lines = list.lines, b = lines.bytes
        let old = first.dash - lines.starts[first.line]
        let target = old == list.keyColumn && !indentLists ? list.keyColumn : list.keyColumn + 2
        let gapsToClose = list.items.contains { $0.content != $0.dash + 2 }
        guard old != target || gapsToClose else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 64)
        let dashes = Dictionary(uniqueKeysWithValues: list.items.map { ($0.line, $0) })
        for l in 0..<lines.count {
            let s = lines.starts[l], e = l + 1 < lines.count ? lines.starts[l + 1] : b.count
            let indent = lines.indent(l)
            if let item = dashes[l] {
                out += [UInt8](repeating: 0x20, count: target) + Array("- ".utf8)
                out += b[item.content..<e]
            } else if l > list.keyLine, l < list.items.last!.line, !Whitespace.isBlank(b, s), indent >= old {
                // A comment among the items (all other lines there are): moved with them.
                out += [UInt8](repeating: 0x20, count: indent - old + target)
                out += b[(s + indent)..<e]
            } else {
                out += b[s..<e]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
