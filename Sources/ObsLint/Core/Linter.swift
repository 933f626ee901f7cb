import Foundation

/// Reads inputs, runs every enabled check, applies suppressions and configured severities.
public enum Linter {
    /// Every check. A test verifies this list against the files under Checks/ and the docs.
    public static let allChecks: [any LintCheck.Type] = [
        YAMLParse.self,
        PromQLSyntax.self, PromQLFeatures.self, PromQLRate.self, PromQLCounter.self, PromQLHistogram.self,
        PromQLAggregate.self, PromQLVectorMatching.self, PromQLRegexp.self, PromQLImpossible.self,
        AlertsComparison.self, AlertsFor.self, AlertsTemplate.self, AlertsRequired.self, AlertsLinks.self,
        RulesDuplicate.self, RulesName.self, RulesUndefined.self, RulesUnused.self, GroupInterval.self,
        LabelsUndefined.self, LabelsValues.self, LabelsCardinality.self,
        ThresholdsUnits.self, ThresholdsLadder.self, ThresholdsDashboard.self,
        NamingMetric.self,
        DashboardsDatasource.self, DashboardsDeprecatedPanel.self, DashboardsUnit.self, DashboardsRateInterval.self,
        DashboardsUndefinedVariable.self, DashboardsPanelID.self, DashboardsLayout.self, DashboardsQuery.self,
        DashboardsJobInstance.self, DashboardsTitle.self,
        ScrapeDuplicate.self, ScrapeTimeout.self, ScrapePushgateway.self, ScrapeSecrets.self,
        SLOObjective.self, SLOSLI.self,
        OnlineSeries.self, OnlineMetadata.self, OnlineConfig.self, OnlineCatalog.self,
    ]

    public static func description(of id: String) -> CheckDescription? {
        allChecks.first { $0.description.id == id }?.description
    }

    // MARK: - Inputs

    /// Recognises a file's kind by its content, not its name: by its top-level keys, quoted or
    /// not (jsonnet's YAML output quotes them), after a byte order mark. A JSON object is a
    /// dashboard unless its keys say otherwise (`{"groups": […]}` is a rule file: JSON is YAML).
    public static func kind(of text: String) -> LintFile.Kind {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let trimmed = body.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        var keys: Set<Substring> = []
        var values: [Substring: Substring] = [:]
        if trimmed.hasPrefix("{") {
            (keys, values) = jsonTopLevelKeys(trimmed)
            if !keys.isDisjoint(with: ["panels", "rows", "dashboard", "schemaVersion", "templating", "title", "uid"]) { return .dashboard }
            if values["kind"] == "PrometheusRule" || values["apiVersion"]?.hasPrefix("monitoring.coreos.com") == true { return .rules }
            let k = kind(keys: keys)
            return k == .unknown ? .dashboard : k
        }
        // Top-level keys decide: collect them (a bounded number of lines), then classify.
        var seen = 0
        var rest = body
        while !rest.isEmpty, seen < 5000 {
            // The next line break, found by bytes. A "\r\n" is one character (a search by
            // characters does not find "\n" in it): the line ends at its "\r", and the next one
            // starts after the whole character.
            let u = rest.utf8
            // memchr: a file of one long line (`groups: [{…}, …]`) is scanned once, quickly.
            let k = u.withContiguousStorageIfAvailable { $0.firstIndex(of: 0x0A, from: 0) ?? $0.count }
                ?? u.distance(from: u.startIndex, to: u.firstIndex(of: 0x0A) ?? u.endIndex)
            let endU = u.index(u.startIndex, offsetBy: k)
            var end = endU
            if endU < u.endIndex, endU > u.startIndex, u[u.index(before: endU)] == 0x0D { end = u.index(before: endU) }
            let l = rest[rest.startIndex..<end]
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
            seen += 1
            guard let f = l.first, f != " ", f != "#", f != "-", f != "\t" else { continue }
            guard let (key, valueOf) = topLevelKey(l) else { continue }
            // The value matters for two keys only: a long line's value is not read otherwise.
            let value: Substring = key == "kind" || key == "apiVersion" || key == "version" ? valueOf() : ""
            // Sloth's SLO specs: `version: "prometheus/v1"`, or its Kubernetes resource.
            if (key == "version" && value == "prometheus/v1") || (key == "apiVersion" && (value.hasPrefix("sloth.slok.dev/") || value == "openslo/v1alpha")) { return .sloSpec }
            // A top-level `groups:` is a rule file's, unless after Grafana's `apiVersion: 1`
            // (alerting provisioning): decide at once.
            if (key == "groups" && !keys.contains("apiVersion")) || (key == "kind" && value == "PrometheusRule") || (key == "apiVersion" && value.hasPrefix("monitoring.coreos.com")) { return .rules }
            keys.insert(key)
        }
        return kind(keys: keys)
    }

    /// Top-level keys of Grafana's provisioning files (with `apiVersion`): dashboards and
    /// datasources, and alerting (rule groups, contact points, notification policies, …).
    static let grafanaProvisioningKeys: Set<Substring> = [
        "providers", "datasources", "deleteDatasources", "prune",
        "groups", "deleteRules", "contactPoints", "deleteContactPoints", "policies", "resetPolicies",
        "templates", "deleteTemplates", "muteTimes", "deleteMuteTimes",
    ]

    private static func kind(keys: Set<Substring>) -> LintFile.Kind {
        // promtool's unit test files name rule files too, so `tests` decides before `rule_files`.
        if keys.contains("tests") { return .ruleTests }
        // Alertmanager configuration also has `global:`; its routing tree tells it apart.
        if keys.contains("route") || keys.contains("receivers") || keys.contains("inhibit_rules") { return .alertmanagerConfig }
        if keys.contains("apiVersion") && !keys.isDisjoint(with: grafanaProvisioningKeys) { return .grafanaProvisioning }
        if keys.contains("groups") { return .rules }
        if keys.contains("scrape_configs") || keys.contains("global") || keys.contains("rule_files") || keys.contains("alerting") { return .prometheusConfig }
        return .unknown
    }

    /// `key: value` of a top-level YAML line, the key and a scalar value unquoted.
    private static func topLevelKey(_ line: Substring) -> (Substring, () -> Substring)? {
        func unquote(_ s: Substring) -> Substring {
            if s.count >= 2, let q = s.first, q == "\"" || q == "'", s.last == q { return s.dropFirst().dropLast() }
            return s
        }
        var keyEnd: Substring.Index
        if let q = line.first, q == "\"" || q == "'" {
            guard let close = line.dropFirst().firstIndex(of: q) else { return nil }
            keyEnd = line.index(after: close)
            while keyEnd < line.endIndex, line[keyEnd] == " " { keyEnd = line.index(after: keyEnd) }
            guard keyEnd < line.endIndex, line[keyEnd] == ":" else { return nil }
        } else {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            keyEnd = colon
        }
        let key = unquote(line[line.startIndex..<keyEnd].trimmingTrailingSpaces)
        return (key, {
            var value = line[line.index(after: keyEnd)...].drop { $0 == " " }
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            return unquote(value.trimmingTrailingSpaces)
        })
    }

    /// The keys of a JSON object's top level, and their string values; a quick scan, not a
    /// parse (a malformed file is reported by its loader).
    private static func jsonTopLevelKeys(_ text: Substring) -> (Set<Substring>, [Substring: Substring]) {
        var bytes = text
        return bytes.withUTF8 { u in jsonTopLevelKeys(u, text) }
    }

    private static func jsonTopLevelKeys(_ u: UnsafeBufferPointer<UInt8>, _ text: Substring) -> (Set<Substring>, [Substring: Substring]) {
        var keys: Set<Substring> = []
        var values: [Substring: Substring] = [:]
        var depth = 0
        var i = 0
        let n = u.count
        var lastKey: Substring?
        var expectKey = false
        // A string of the top level, as a slice of the text (offsets are UTF-8 offsets into it).
        func slice(_ from: Int, _ to: Int) -> Substring {
            let base = text.utf8.startIndex
            return Substring(text.utf8[text.utf8.index(base, offsetBy: from)..<text.utf8.index(base, offsetBy: to)])
        }
        while i < n {
            let c = u[i]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectKey = depth == 1 && c == UInt8(ascii: "{")
                lastKey = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 { return (keys, values) }
            case UInt8(ascii: ","):
                if depth == 1 { expectKey = true; lastKey = nil }
            case UInt8(ascii: "\""):
                // A string: skip to its closing quote.
                var j = i + 1
                while j < n, u[j] != UInt8(ascii: "\"") {
                    if u[j] == UInt8(ascii: "\\") { j += 1 }
                    j += 1
                }
                guard j < n else { return (keys, values) }
                if depth == 1 {
                    let s = slice(i + 1, j)
                    if expectKey {
                        keys.insert(s)
                        lastKey = s
                        expectKey = false
                    } else if let k = lastKey {
                        values[k] = s
                        lastKey = nil
                    }
                }
                i = j
            default: break
            }
            i += 1
        }
        return (keys, values)
    }

    /// `YAMLSource.readInput` of every path, in parallel (validating UTF-8 is most of it), in
    /// the paths' order.
    public static func readInputs(_ paths: [String]) -> [Result<YAMLSource.Input, Diagnostic>] {
        parallelMap(paths) { (path: String) in YAMLSource.readInput(path) }
    }

    /// Builds the context from file texts (path, text). `inputProblems` are what was wrong with
    /// a file as text (invalid UTF-8, from `YAMLSource.readInput`), reported as `yaml/parse`.
    public static func context(texts: [(path: String, text: String)], catalog: [Metric] = [], config: LintConfig = LintConfig(), features: Features = .none,
                               inputProblems: [String: [Diagnostic]] = [:]) -> LintContext {
        var ctx = LintContext(catalog: Dictionary(catalog.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }), config: config, features: features)
        for m in catalog where ctx.declarationFiles[m.site.file] == nil {
            if let data = FileManager.default.contents(atPath: m.site.file) {
                ctx.declarationFiles[m.site.file] = LintFile(path: m.site.file, kind: .unknown, source: SourceText(name: m.site.file, text: String(decoding: data, as: UTF8.self)))
            }
        }
        // Reading and parsing is per file: in parallel.
        enum Loaded: Sendable {
            case rules(LintFile, LoadedRuleFile)
            case config(LintFile, LoadedPrometheusConfig)
            case dashboard(LintFile, LoadedDashboard)
            case sloSpec(LintFile, LoadedSLOSpec)
            case unknown(LintFile)
            case skipped(LintFile)
        }
        let loaded: [Loaded] = parallelMap(texts.map { ($0.path, $0.text) }) { (input: (String, String)) -> Loaded in
            let (path, text) = input
            let kind = Self.kind(of: text)
            let file = LintFile(path: path, kind: kind, source: SourceText(name: path, text: text))
            switch kind {
            case .rules: return .rules(file, RuleFileLoader.load(source: file.source, features: features, checkPromQL: false))
            case .prometheusConfig: return .config(file, PrometheusConfigLoader.load(text: text, path: path))
            case .dashboard: return .dashboard(file, DashboardLoader.load(source: file.source))
            case .sloSpec: return .sloSpec(file, SLOSpecLoader.load(text: text, path: path))
            case .unknown, .swift: return .unknown(file)
            case .ruleTests, .alertmanagerConfig, .grafanaProvisioning: return .skipped(file)
            }
        }
        // An SLO declared in two spec files is reported at the second.
        var specs = loaded.compactMap { item -> LoadedSLOSpec? in if case .sloSpec(_, let l) = item { l } else { nil } }
        if specs.count > 1 { SLOSpecLoader.checkDuplicates(&specs) }
        var specIndex = 0
        // Every rule of every file made in parallel, in slices of the whole list (its expression
        // parsed, its selectors found, its spans looked up): both cores work whether the rules
        // come in many files or in one large one. Only indices go into the list.
        final class RuleSource: Sendable {
            let file: LintFile
            let loaded: LoadedRuleFile
            let groups: [LintRule.GroupBox]
            init(file: LintFile, loaded: LoadedRuleFile) {
                self.file = file
                self.loaded = loaded
                self.groups = loaded.ruleFile.groups.map(LintRule.GroupBox.init)
            }
        }
        struct RuleIndex: Sendable {
            var source: Int32, group: Int32, rule: Int32
        }
        var sources: [RuleSource] = []
        var indices: [RuleIndex] = []
        for item in loaded {
            guard case .rules(let file, let l) = item else { continue }
            let n = Int32(sources.count)
            sources.append(RuleSource(file: file, loaded: l))
            for (gi, g) in l.ruleFile.groups.enumerated() {
                for ri in g.rules.indices { indices.append(RuleIndex(source: n, group: Int32(gi), rule: Int32(ri))) }
            }
        }
        let options = ParseOptions(features: features)
        let made: [(LintRule, [Diagnostic])] = parallelChunks(indices, chunk: 64) { [sources] (i: RuleIndex) -> (LintRule, [Diagnostic]) in
            let src = sources[Int(i.source)]
            let (gi, ri) = (Int(i.group), Int(i.rule))
            let key = LoadedRuleFile.RuleKey(group: gi, rule: ri)
            let rule = src.loaded.ruleFile.groups[gi].rules[ri]
            let locator = src.loaded.exprLocators[key] ?? ContentLocator(start: 0, lineStarts: nil)
            let spans = src.loaded.ruleSpans[key]
            let (expr, problems) = PromQL.check(rule.expr, options: options)
            let off = spans?.start ?? src.file.source.offset(line: rule.site.line, column: rule.site.column)
            let lintRule = LintRule(rule: rule, groupBox: src.groups[gi], file: src.file, locator: locator, expr: expr,
                                    siteRange: PositionRange(start: off, end: off + 1), spans: spans ?? RuleSpans(),
                                    groupSpans: src.loaded.groupSpans[gi] ?? KeySpans())
            guard expr == nil else { return (lintRule, []) }
            return (lintRule, problems.map { d in
                var fd = d
                fd.range = locator.fileRange(d.range, in: rule.expr)
                return fd
            })
        }
        var madeIndex = 0
        for item in loaded {
            switch item {
            case .rules(let file, let l):
                ctx.files.append(file)
                if l.format == .prometheusRule { ctx.prometheusRuleFiles.insert(file.path) }
                let count = l.ruleFile.groups.reduce(0) { $0 + $1.rules.count }
                let rules = made[madeIndex..<(madeIndex + count)]
                madeIndex += count
                for d in l.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                for (_, problems) in rules { for d in problems { ctx.loadDiagnostics.append((file, d)) } }
                ctx.rules.reserveCapacity(ctx.rules.count + count)
                for (r, _) in rules { ctx.rules.append(r) }
            case .config(let file, let l):
                ctx.files.append(file)
                for d in l.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                ctx.scrapeConfigs.append(LintScrapeConfig(loaded: l, file: file))
            case .dashboard(let file, let l):
                ctx.files.append(file)
                for d in l.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                if !l.hasErrors { ctx.dashboards.append(LintDashboard(loaded: l, file: file)) }
            case .sloSpec(let file, _):
                let l = specs[specIndex]
                specIndex += 1
                ctx.files.append(file)
                for d in l.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                for slo in l.slos {
                    let located = LintSLO(slo: slo, specFile: file)
                    ctx.slos.append(located)
                    // The rules Sloth generates from it, each located at the SLO's line.
                    let pinned = ContentLocator(pinnedAt: located.siteRange.start)
                    for group in SLORules.groups(for: slo) {
                        let groupBox = LintRule.GroupBox(group)
                        for rule in group.rules {
                            ctx.rules.append(LintRule(rule: rule, groupBox: groupBox, file: file, locator: pinned,
                                                      expr: PromQL.check(rule.expr, options: options).expr, siteRange: located.siteRange))
                        }
                    }
                }
            case .skipped(let file):
                ctx.skippedFiles.append(file)
            case .unknown(let file):
                ctx.files.append(file)
                ctx.loadDiagnostics.append((file, Diagnostic(id: "yaml/parse", message: "not a Prometheus rule file, prometheus.yml, Grafana dashboard or SLO spec", range: PositionRange(start: 0, end: 1))))
            }
        }
        if !inputProblems.isEmpty {
            for file in ctx.files + ctx.skippedFiles {
                for d in inputProblems[file.path] ?? [] { ctx.loadDiagnostics.append((file, d)) }
            }
        }
        ctx.finish()
        return ctx
    }

    /// Files under the given paths (folders are walked for .yml, .yaml, .json).
    public static func files(under paths: [String]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { out.append(p); continue }
            if !isDir.boolValue { out.append(p); continue }
            let e = fm.enumerator(atPath: p)
            var found: [String] = []
            while let f = e?.nextObject() as? String {
                if (f.hasSuffix(".yml") || f.hasSuffix(".yaml") || f.hasSuffix(".json")) && !f.hasSuffix("obsgen.yml") {
                    if f.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                    found.append((p as NSString).appendingPathComponent(f))
                }
            }
            out += found.sorted()
        }
        return out
    }

    // MARK: - Running

    /// The checks that read a running server's facts (`LintContext.server`).
    public static var onlineChecks: [any LintCheck.Type] { allChecks.filter { $0.description.id.hasPrefix("online/") } }

    /// Offline checks: every check but the online ones.
    public static var offlineChecks: [any LintCheck.Type] { allChecks.filter { !$0.description.id.hasPrefix("online/") } }

    /// Runs `checks` (every one by default); the DSL build's problems are reported with them
    /// unless `buildIssues` is false.
    public static func run(_ ctx: LintContext, checks: [any LintCheck.Type] = allChecks, buildIssues includeBuildIssues: Bool = true) -> [Finding] {
        let enabled = checks.filter { ctx.config.isEnabled($0.description.id) }.map { CheckType(type: $0) }
        var perCheck: [[Finding]] = parallelMap(enabled) { (c: CheckType) -> [Finding] in
            let type = c.type
            let d = type.description
            let severity = ctx.config.checks[d.id]?.severity ?? d.severity
            var f = Findings(id: d.id, severity: severity)
            type.init().run(ctx, report: &f)
            var out: [Finding] = []
            out.reserveCapacity(f.items.count)
            for item in f.items {
                if d.id.hasPrefix("dashboards/"), ctx.config.dashboardExclusions[item.file.path] != nil { continue }
                let loc = item.file.source.location(of: item.range.start)
                let itemSeverity = ctx.config.checks[d.id]?.severity == nil ? (item.severity ?? severity) : severity
                out.append(Finding(check: d.id, severity: itemSeverity, file: item.file.path, range: item.range, line: loc.line, column: loc.column,
                                   message: item.message, hint: item.hint))
            }
            return out
        }
        // One array of every finding, each check's freed as it is copied (a large input has
        // hundreds of thousands of findings: copies of the whole list are what memory peaks on).
        var out: [Finding] = []
        out.reserveCapacity(perCheck.reduce(0) { $0 + $1.count })
        for k in perCheck.indices {
            out += perCheck[k]
            perCheck[k] = []
        }
        // Problems the DSL project's build found, at their Swift lines, as the checks' own
        // findings; one that a check also found at the same line is reported once.
        let checked = ctx.buildIssues.isEmpty ? [] : Set(out.map { "\($0.check)|\($0.file)|\($0.line)" })
        let buildIssues = includeBuildIssues ? ctx.buildIssues : []
        for issue in buildIssues where ctx.config.isEnabled(issue.id) && !checked.contains("\(issue.id)|\(issue.site.file)|\(issue.site.line)") {
            let (file, range) = ctx.location(of: issue.site)
                ?? (LintFile(path: issue.site.file, kind: .swift, source: SourceText(name: issue.site.file, text: "")), PositionRange(start: 0, end: 0))
            let readable = range.end > range.start
            let loc = file.source.location(of: range.start)
            out.append(Finding(check: issue.id, severity: ctx.config.checks[issue.id]?.severity ?? issue.severity, file: file.path, range: range,
                               line: readable ? loc.line : issue.site.line, column: readable ? loc.column : issue.site.column,
                               message: issue.message, hint: nil))
        }
        var suppressions: [String: Suppressions] = [:]
        for file in ctx.files where file.kind != .dashboard && file.source.text.contains("# obsgen ") { suppressions[file.path] = Suppressions(file.source) }
        // Filtered in place (a copy of every finding per filter is what memory would peak on).
        if !suppressions.isEmpty { out.removeAll { f in suppressions[f.file]?.suppresses(f) ?? false } }
        // Dashboard exclusions by uid.
        let excludedFiles = Set(ctx.dashboards.filter { ctx.config.dashboardExclusions[$0.dashboard.uid ?? ""] != nil }.map(\.file.path))
        if !excludedFiles.isEmpty { out.removeAll { $0.check.hasPrefix("dashboards/") && excludedFiles.contains($0.file) } }
        out.sort(by: Finding.reportOrder)
        // One finding per problem: the rules of one severity ladder share a declaration, and
        // what is wrong with it differs between levels at most in the numbers. Sorted, the
        // findings of one check at one place are neighbours: each run is deduplicated on its
        // own (a set of every finding would be the largest thing a large run holds at its end).
        let swiftFiles = Set(ctx.files.filter { $0.kind == .swift }.map(\.path))
        struct Key: Hashable {
            var start: Int, message: String
        }
        func key(_ f: Finding) -> Key {
            Key(start: f.range.start, message: !swiftFiles.isEmpty && swiftFiles.contains(f.file) ? Self.withoutNumbers(f.message) : f.message)
        }
        var kept = 0
        var head = 0
        var runKeys = Set<Key>()
        for i in out.indices {
            let f = out[i]
            let h = out[head]
            if i == 0 || !(h.line == f.line && h.column == f.column && h.check == f.check && h.file == f.file) {
                // A new run: its first finding is kept (the set is made only for runs of two or more).
                head = kept
                if !runKeys.isEmpty { runKeys = [] }
            } else {
                if runKeys.isEmpty { runKeys.insert(key(h)) }
                guard runKeys.insert(key(f)).inserted else { continue }
            }
            out[kept] = f
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    /// A message with its numbers taken out (`fires at 0.05` and `fires at 0.1` are one problem).
    static func withoutNumbers(_ message: String) -> String {
        String(String.UnicodeScalarView(message.unicodeScalars.filter { !("0"..."9").contains($0) && $0 != "." }))
    }

    /// Suppression comments of one file: `# obsgen disable-file <id>…` anywhere, and
    /// `# obsgen disable-next-line <id>…` by the line they stand on.
    struct Suppressions {
        var fileWide: [[String]] = []
        var nextLine: [Int: [String]] = [:]
        var ruleStarts: [Int] = []

        init(_ source: SourceText) {
            for n in 1...max(1, source.lineCount) {
                let line = source.line(n)
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("- alert:") || trimmed.hasPrefix("- record:") || trimmed.hasPrefix("- name:") || trimmed.hasPrefix("- expr:") { ruleStarts.append(n) }
                guard line.contains("# obsgen ") else { continue }
                for (directive, store) in [("# obsgen disable-file", 0), ("# obsgen disable-next-line", 1)] {
                    guard let r = line.range(of: directive) else { continue }
                    let ids = line[r.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                    if store == 0 { fileWide.append(ids) } else { nextLine[n, default: []] += ids.isEmpty ? ["*"] : ids }
                }
            }
        }

        static func matches(_ ids: [String], _ check: String) -> Bool {
            ids.isEmpty || ids.contains("*") || ids.contains(check) || ids.contains { $0.hasSuffix("/*") && check.hasPrefix($0.dropLast()) }
        }

        /// A finding is suppressed by a comment on the line above it, or above its rule.
        func suppresses(_ f: Finding) -> Bool {
            if fileWide.contains(where: { Self.matches($0, f.check) }) { return true }
            if let ids = nextLine[f.line - 1], Self.matches(ids, f.check) { return true }
            // The rule the finding is in starts at the last rule start at or before its line.
            var lo = 0, hi = ruleStarts.count - 1, start = 0
            while lo <= hi {
                let mid = (lo + hi) / 2
                if ruleStarts[mid] <= f.line { start = ruleStarts[mid]; lo = mid + 1 } else { hi = mid - 1 }
            }
            if start > 0, let ids = nextLine[start - 1], Self.matches(ids, f.check) { return true }
            return false
        }
    }

    struct CheckType: @unchecked Sendable { let type: any LintCheck.Type }
}

private extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
