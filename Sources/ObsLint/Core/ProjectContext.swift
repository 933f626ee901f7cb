import Foundation

extension Linter {
    /// The lint context of a DSL project, built from its model — not from rendered text — so
    /// that every finding is located at the Swift line that declared the rule, panel, variable,
    /// scrape job or metric it is about. A severity ladder is linted as the rules Prometheus
    /// sees (one per level), all located at the one declaration; a finding they share is
    /// reported once.
    public static func context(project: Project, config: LintConfig = LintConfig(), features: Features? = nil) -> LintContext {
        let features = features ?? project.prometheus.features
        var config = config
        // The project says which Prometheus it runs on: its scrape interval is the one assumed.
        config.defaultScrapeInterval = project.prometheus.scrapeInterval
        var ctx = LintContext(catalog: Dictionary(project.metrics.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }),
                              config: config, features: features)
        var sources = SwiftSources()
        for m in project.metrics { _ = sources.file(m.site.file) }

        ctx.isWholeProject = true
        ctx.buildIssues = project.validate()
        var resolved = project
        var dashboards: [Dashboard] = []
        do {
            (resolved, dashboards) = try project.resolvingDashboards()
        } catch {
            ctx.buildIssues += error.issues
        }

        let options = ParseOptions(features: features)
        for file in resolved.ruleFiles {
            for group in file.groups {
                for rule in group.rules {
                    let lintFile = sources.file(rule.site.file)
                    let at = sources.range(rule.site, in: lintFile)
                    let pinned = ContentLocator(pinnedAt: at.start)
                    switch rule {
                    case .recording(let r):
                        ctx.rules.append(LintRule(rule: rule, group: group, file: lintFile, locator: pinned,
                                                  expr: PromQL.check(r.expr, options: options).expr, siteRange: at))
                    case .alert(let a):
                        for level in a.expanded() {
                            var concrete = a
                            concrete.expr = level.expr
                            concrete.labels = level.labels
                            concrete.forDuration = level.forDuration
                            concrete.severities = []
                            ctx.rules.append(LintRule(rule: .alert(concrete), group: group, file: lintFile, locator: pinned,
                                                      expr: PromQL.check(level.expr, options: options).expr, siteRange: at,
                                                      ladder: a.severities.isEmpty ? nil : a))
                        }
                    }
                }
            }
        }

        for d in dashboards {
            let lintFile = sources.file(d.site.file)
            var located = d
            located.panels = d.panels?.map { sources.locate($0, dashboard: d.site, in: lintFile) }
            located.variables = d.variables?.map { v in
                var v = v
                let site = v.site.flatMap { $0.file == lintFile.path ? $0 : nil } ?? d.site
                if v.offset == nil { v.offset = sources.range(site, in: lintFile).start }
                return v
            }
            let loaded = LoadedDashboard(path: lintFile.path, dashboard: located, original: .null, wasEnvelope: false,
                                         source: lintFile.source, diagnostics: [], opaqueFields: [])
            ctx.dashboards.append(LintDashboard(loaded: loaded, file: lintFile))
        }

        if !project.scrapeJobs.isEmpty {
            let first = project.scrapeJobs[0].site
            let lintFile = sources.file(first.file)
            let loaded = LoadedPrometheusConfig(path: lintFile.path, settings: project.prometheus, ruleFiles: [],
                                                scrapeJobs: project.scrapeJobs, source: lintFile.source, diagnostics: [])
            ctx.scrapeConfigs.append(LintScrapeConfig(loaded: loaded, file: lintFile))
        }

        for slo in project.slos {
            let lintFile = sources.file(slo.site.file)
            ctx.slos.append(LintSLO(slo: slo, file: lintFile, siteRange: sources.range(slo.site, in: lintFile)))
        }

        ctx.files = sources.ordered
        for f in sources.ordered { ctx.declarationFiles[f.path] = f }
        ctx.finish()
        return ctx
    }
}

/// The Swift files a project's declarations point into, read once each.
struct SwiftSources {
    private var files: [String: LintFile] = [:]
    private(set) var ordered: [LintFile] = []

    mutating func file(_ path: String) -> LintFile {
        if let f = files[path] { return f }
        let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let f = LintFile(path: path, kind: .swift, source: SourceText(name: path, text: text))
        files[path] = f
        ordered.append(f)
        return f
    }

    /// The declaration's line and column in its file (the file's start when unreadable).
    func range(_ site: DeclarationSite, in file: LintFile) -> PositionRange {
        guard site.line > 0, !file.source.text.isEmpty else { return PositionRange(start: 0, end: 0) }
        let off = file.source.offset(line: site.line, column: max(1, site.column))
        return PositionRange(start: off, end: off + 1)
    }

    /// A panel located at its declaration when it is in the dashboard's file, else at the
    /// dashboard's; rows' panels too.
    mutating func locate(_ panel: Panel, dashboard: DeclarationSite, in file: LintFile) -> Panel {
        var p = panel
        if p.offset == nil {
            let site = p.site.flatMap { $0.file == file.path ? $0 : nil } ?? dashboard
            p.offset = range(site, in: file).start
        }
        p.panels = p.panels?.map { locate($0, dashboard: dashboard, in: file) }
        return p
    }
}
