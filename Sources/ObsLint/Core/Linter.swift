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
    ]

    public static func description(of id: String) -> CheckDescription? {
        allChecks.first { $0.description.id == id }?.description
    }

    // MARK: - Inputs

    /// Recognises a file's kind by its content, not its name.
    public static func kind(of text: String) -> LintFile.Kind {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("{") { return .dashboard }
        // Top-level keys decide: collect them (a bounded number of lines), then classify.
        var keys: Set<Substring> = []
        var seen = 0
        var rest = Substring(text)
        while !rest.isEmpty, seen < 5000 {
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let l = rest[rest.startIndex..<end]
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
            seen += 1
            guard let f = l.first, f != " ", f != "#", f != "-", f != "\t" else { continue }
            // No other kind has a top-level `groups:`: decide at once.
            if l.hasPrefix("groups:") || l.hasPrefix("kind: PrometheusRule") || l.hasPrefix("apiVersion: monitoring.coreos.com") { return .rules }
            if let colon = l.firstIndex(of: ":") { keys.insert(l[l.startIndex..<colon]) }
        }
        // promtool's unit test files name rule files too, so `tests` decides before `rule_files`.
        if keys.contains("tests") { return .ruleTests }
        // Alertmanager configuration also has `global:`; its routing tree tells it apart.
        if keys.contains("route") || keys.contains("receivers") || keys.contains("inhibit_rules") { return .alertmanagerConfig }
        if keys.contains("apiVersion") && (keys.contains("providers") || keys.contains("datasources") || keys.contains("deleteDatasources")) {
            return .grafanaProvisioning
        }
        if keys.contains("scrape_configs") || keys.contains("global") || keys.contains("rule_files") || keys.contains("alerting") { return .prometheusConfig }
        return .unknown
    }

    /// Builds the context from file texts (path, text). `readErrors`: diagnostics from reading a
    /// file (it is not UTF-8: `YAMLSource.Input.encodingError`), reported by yaml/parse.
    public static func context(texts: [(path: String, text: String)], catalog: [Metric] = [], config: LintConfig = LintConfig(), features: Features = .none,
                               readErrors: [String: Diagnostic] = [:]) -> LintContext {
        var ctx = LintContext(catalog: Dictionary(catalog.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }), config: config, features: features)
        for m in catalog where ctx.declarationFiles[m.site.file] == nil {
            if let data = FileManager.default.contents(atPath: m.site.file) {
                ctx.declarationFiles[m.site.file] = LintFile(path: m.site.file, kind: .unknown, source: SourceText(name: m.site.file, text: String(decoding: data, as: UTF8.self)))
            }
        }
        // Reading and parsing is per file: in parallel.
        enum Loaded: Sendable {
            case rules(LintFile, LoadedRuleFile, [Expr?], [Diagnostic])
            case config(LintFile, LoadedPrometheusConfig)
            case dashboard(LintFile, LoadedDashboard)
            case unknown(LintFile)
            case skipped(LintFile)
        }
        let loaded: [Loaded] = parallelMap(texts.map { ($0.path, $0.text) }) { (input: (String, String)) -> Loaded in
            let (path, text) = input
            let kind = Self.kind(of: text)
            let file = LintFile(path: path, kind: kind, source: SourceText(name: path, text: text))
            switch kind {
            case .rules:
                let l = RuleFileLoader.load(text: text, path: path, features: features, checkPromQL: false)
                var exprs: [Expr?] = []
                var diags: [Diagnostic] = []
                let options = ParseOptions(features: features)
                for (gi, g) in l.ruleFile.groups.enumerated() {
                    for (ri, r) in g.rules.enumerated() {
                        let locator = l.exprLocators[.init(group: gi, rule: ri)] ?? ContentLocator(start: 0, lineStarts: nil)
                        let (expr, problems) = PromQL.check(r.expr, options: options)
                        exprs.append(expr)
                        if expr == nil {
                            for d in problems {
                                var fd = d
                                fd.range = locator.fileRange(d.range, in: r.expr)
                                diags.append(fd)
                            }
                        }
                    }
                }
                return .rules(file, l, exprs, diags)
            case .prometheusConfig: return .config(file, PrometheusConfigLoader.load(text: text, path: path))
            case .dashboard: return .dashboard(file, DashboardLoader.load(text: text, path: path))
            case .unknown: return .unknown(file)
            case .ruleTests, .alertmanagerConfig, .grafanaProvisioning: return .skipped(file)
            }
        }
        for item in loaded {
            switch item {
            case .rules(let file, let l, let exprs, let parseDiags):
                ctx.files.append(file)
                for d in l.diagnostics + parseDiags { ctx.loadDiagnostics.append((file, d)) }
                var k = 0
                for (gi, g) in l.ruleFile.groups.enumerated() {
                    for (ri, r) in g.rules.enumerated() {
                        let locator = l.exprLocators[.init(group: gi, rule: ri)] ?? ContentLocator(start: 0, lineStarts: nil)
                        let off = file.source.offset(line: r.site.line, column: r.site.column)
                        ctx.rules.append(LintRule(rule: r, group: g, file: file, locator: locator, expr: exprs[k], siteRange: PositionRange(start: off, end: off + 1)))
                        k += 1
                    }
                }
            case .config(let file, let l):
                ctx.files.append(file)
                for d in l.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                ctx.scrapeConfigs.append(LintScrapeConfig(loaded: l, file: file))
            case .dashboard(let file, let l):
                ctx.files.append(file)
                for d in l.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                if !l.hasErrors { ctx.dashboards.append(LintDashboard(loaded: l, file: file)) }
            case .skipped(let file):
                ctx.skippedFiles.append(file)
            case .unknown(let file):
                ctx.files.append(file)
                ctx.loadDiagnostics.append((file, Diagnostic(id: "yaml/parse", message: "not a Prometheus rule file, prometheus.yml or Grafana dashboard", range: PositionRange(start: 0, end: 1))))
            }
        }
        for file in ctx.files { if let d = readErrors[file.path] { ctx.loadDiagnostics.append((file, d)) } }
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

    public static func run(_ ctx: LintContext) -> [Finding] {
        let enabled = allChecks.filter { ctx.config.isEnabled($0.description.id) }.map { CheckType(type: $0) }
        let perCheck: [[Finding]] = parallelMap(enabled) { (c: CheckType) -> [Finding] in
            let type = c.type
            let d = type.description
            let severity = ctx.config.checks[d.id]?.severity ?? d.severity
            var f = Findings(id: d.id, severity: severity)
            type.init().run(ctx, report: &f)
            var out: [Finding] = []
            for item in f.items {
                if d.id.hasPrefix("dashboards/"), ctx.config.dashboardExclusions[item.file.path] != nil { continue }
                let loc = item.file.source.location(of: item.range.start)
                let itemSeverity = ctx.config.checks[d.id]?.severity == nil ? (item.severity ?? severity) : severity
                out.append(Finding(check: d.id, severity: itemSeverity, file: item.file.path, range: item.range, line: loc.line, column: loc.column,
                                   message: item.message, hint: item.hint))
            }
            return out
        }
        var out = perCheck.flatMap { $0 }
        var suppressions: [String: Suppressions] = [:]
        for file in ctx.files where file.kind != .dashboard && file.source.text.contains("# obsgen ") { suppressions[file.path] = Suppressions(file.source) }
        out = out.filter { f in !(suppressions[f.file]?.suppresses(f) ?? false) }
        // Dashboard exclusions by uid.
        let excludedFiles = Set(ctx.dashboards.filter { ctx.config.dashboardExclusions[$0.dashboard.uid ?? ""] != nil }.map(\.file.path))
        out = out.filter { !($0.check.hasPrefix("dashboards/") && excludedFiles.contains($0.file)) }
        var seen = Set<String>()
        out = out.filter { seen.insert("\($0.check)|\($0.file)|\($0.range.start)|\($0.message)").inserted }
        return out.sorted { ($0.file, $0.line, $0.column, $0.check) < ($1.file, $1.line, $1.column, $1.check) }
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
