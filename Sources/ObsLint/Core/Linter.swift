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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(400)
        for l in lines where !l.hasPrefix(" ") && !l.hasPrefix("#") && !l.hasPrefix("-") {
            if l.hasPrefix("groups:") || l.hasPrefix("kind: PrometheusRule") || l.hasPrefix("apiVersion: monitoring.coreos.com") { return .rules }
            if l.hasPrefix("scrape_configs:") || l.hasPrefix("global:") || l.hasPrefix("rule_files:") || l.hasPrefix("alerting:") { return .prometheusConfig }
        }
        return .unknown
    }

    /// Builds the context from file texts (path, text).
    public static func context(texts: [(path: String, text: String)], catalog: [Metric] = [], config: LintConfig = LintConfig(), features: Features = .none) -> LintContext {
        var ctx = LintContext(catalog: Dictionary(catalog.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }), config: config, features: features)
        for m in catalog where ctx.declarationFiles[m.site.file] == nil {
            if let data = FileManager.default.contents(atPath: m.site.file) {
                ctx.declarationFiles[m.site.file] = LintFile(path: m.site.file, kind: .unknown, source: SourceText(name: m.site.file, text: String(decoding: data, as: UTF8.self)))
            }
        }
        for (path, text) in texts {
            let kind = Self.kind(of: text)
            let file = LintFile(path: path, kind: kind, source: SourceText(name: path, text: text))
            ctx.files.append(file)
            switch kind {
            case .rules:
                let loaded = RuleFileLoader.load(text: text, path: path, features: features)
                for d in loaded.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                let options = ParseOptions(features: features)
                for (gi, g) in loaded.ruleFile.groups.enumerated() {
                    for (ri, r) in g.rules.enumerated() {
                        let locator = loaded.exprLocators[.init(group: gi, rule: ri)] ?? ContentLocator(start: 0, lineStarts: nil)
                        let site = r.site
                        let off = file.source.offset(line: site.line, column: site.column)
                        ctx.rules.append(LintRule(rule: r, group: g, file: file, locator: locator,
                                                  expr: try? PromQL.parse(r.expr, options: options),
                                                  siteRange: PositionRange(start: off, end: off + 1)))
                    }
                }
            case .prometheusConfig:
                let loaded = PrometheusConfigLoader.load(text: text, path: path)
                for d in loaded.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                ctx.scrapeConfigs.append(LintScrapeConfig(loaded: loaded, file: file))
            case .dashboard:
                let loaded = DashboardLoader.load(text: text, path: path)
                for d in loaded.diagnostics { ctx.loadDiagnostics.append((file, d)) }
                if !loaded.hasErrors { ctx.dashboards.append(LintDashboard(loaded: loaded, file: file)) }
            case .unknown:
                ctx.loadDiagnostics.append((file, Diagnostic(id: "yaml/parse", message: "not a Prometheus rule file, prometheus.yml or Grafana dashboard", range: PositionRange(start: 0, end: 1))))
            }
        }
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
        var out: [Finding] = []
        for type in allChecks {
            let d = type.description
            guard ctx.config.isEnabled(d.id) else { continue }
            let severity = ctx.config.checks[d.id]?.severity ?? d.severity
            var f = Findings(id: d.id, severity: severity)
            type.init().run(ctx, report: &f)
            for item in f.items {
                if d.id.hasPrefix("dashboards/"), ctx.config.dashboardExclusions[item.file.path] != nil { continue }
                let loc = item.file.source.location(of: item.range.start)
                let itemSeverity = ctx.config.checks[d.id]?.severity == nil ? (item.severity ?? severity) : severity
                out.append(Finding(check: d.id, severity: itemSeverity, file: item.file.path, range: item.range, line: loc.line, column: loc.column,
                                   message: item.message, hint: item.hint))
            }
        }
        out = out.filter { !isSuppressed($0, ctx) }
        // Dashboard exclusions by uid.
        let excludedFiles = Set(ctx.dashboards.filter { ctx.config.dashboardExclusions[$0.dashboard.uid ?? ""] != nil }.map(\.file.path))
        out = out.filter { !($0.check.hasPrefix("dashboards/") && excludedFiles.contains($0.file)) }
        var seen = Set<String>()
        out = out.filter { seen.insert("\($0.check)|\($0.file)|\($0.range.start)|\($0.message)").inserted }
        return out.sorted { ($0.file, $0.line, $0.column, $0.check) < ($1.file, $1.line, $1.column, $1.check) }
    }

    /// `# obsgen disable-next-line <id>[, <id>]` on the line before (or any line between it and
    /// the finding's rule start), and `# obsgen disable-file <id>` anywhere in the file.
    static func isSuppressed(_ f: Finding, _ ctx: LintContext) -> Bool {
        guard let file = ctx.files.first(where: { $0.path == f.file }), file.kind != .dashboard else { return false }
        func matches(_ line: String, _ directive: String) -> Bool {
            guard let r = line.range(of: "# obsgen \(directive)") else { return false }
            let ids = line[r.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            return ids.isEmpty || ids.contains(f.check) || ids.contains(where: { $0.hasSuffix("/*") && f.check.hasPrefix($0.dropLast()) })
        }
        for n in 1...file.source.lineCount where matches(file.source.line(n), "disable-file") { return true }
        var n = f.line - 1
        // Walk up over the rule's own lines (a finding inside an expression is suppressed by a
        // comment above its rule).
        while n >= 1 {
            let l = file.source.line(n)
            if matches(l, "disable-next-line") { return true }
            let trimmed = l.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- alert:") || trimmed.hasPrefix("- record:") || trimmed.hasPrefix("- name:") || n < f.line - 30 { break }
            n -= 1
        }
        if n >= 2, matches(file.source.line(n - 1), "disable-next-line") { return true }
        return false
    }
}
