/// A file a render produces: a path relative to the output folder, and its bytes.
public struct GeneratedFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Where each kind of output goes, relative to the output folder.
public enum OutputPaths {
    public static let rules = "rules"
    public static let ruleTests = "rules/tests"
    public static let config = "config"
    public static let operatorRules = "config/prometheus-operator"
    public static let dashboards = "dashboards"
    /// Every folder a render may write into (and remove stale generated files from).
    public static let managedFolders = [rules, ruleTests, config, operatorRules, dashboards, "dashboards/import", "docs/runbooks", "scripts", "config/grafana"]

    /// A name safe to use as a file name: letters, digits, `.`, `_`, `-`; never `..` or hidden.
    public static func sanitizedFileName(_ name: String) -> String {
        var out = ""
        for u in name.unicodeScalars {
            if ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || u == "_" || u == "-" || u == "." {
                out.unicodeScalars.append(u)
            } else {
                out += "-"
            }
        }
        while out.hasPrefix(".") || out.hasPrefix("-") { out.removeFirst() }
        while out.contains("..") { out = out.replacingOccurrences(of: "..", with: ".") }
        if out.isEmpty { out = "unnamed" }
        return String(out.prefix(120))
    }
}

extension Project {
    /// Everything `obsgen render` writes for this project, in a stable order. Pure: the same
    /// project always gives the same bytes.
    /// `runbookTemplate`: the text of `templates/runbook.md` (nil: the built-in template).
    public func renderedFiles(source: String, importEnvelopes: Bool = false, runbookTemplate: String? = nil) throws(BuildFailure) -> [GeneratedFile] {
        _ = try build()
        let (project, dashboards) = try resolvingDashboards()
        return try project.renderedFiles(source: source, dashboards: dashboards, importEnvelopes: importEnvelopes, runbookTemplate: runbookTemplate)
    }

    private func renderedFiles(source: String, dashboards: [Dashboard], importEnvelopes: Bool, runbookTemplate: String?) throws(BuildFailure) -> [GeneratedFile] {
        var files: [GeneratedFile] = []
        for (name, text) in RunbookRenderer.render(self, template: runbookTemplate) {
            files.append(GeneratedFile(path: "docs/runbooks/\(OutputPaths.sanitizedFileName(name)).md",
                                       contents: "<!-- \(RuleFileRenderer.generatedMarker) Source: \(source). Regenerate with: obsgen render -->\n" + text))
        }
        for d in dashboards {
            let name = OutputPaths.sanitizedFileName(d.uid ?? d.title)
            files.append(GeneratedFile(path: "\(OutputPaths.dashboards)/\(name).json", contents: DashboardRenderer.render(d)))
            if importEnvelopes {
                files.append(GeneratedFile(path: "\(OutputPaths.dashboards)/import/\(name).json", contents: DashboardRenderer.importEnvelope(d)))
            }
        }
        // The push helper, for metrics that arrive through a Pushgateway job.
        for job in scrapeJobs where job.isPushgateway {
            let pushed = metrics.filter { $0.job == job.name }
            if !pushed.isEmpty {
                let name = scrapeJobs.filter(\.isPushgateway).count == 1 ? "deploy-metrics" : "push-\(OutputPaths.sanitizedFileName(job.name))"
                files.append(GeneratedFile(path: "scripts/\(name).sh", contents: PushScriptRenderer.render(metrics: pushed, job: job.name, source: source)))
            }
        }
        if let am = alertmanager {
            files.append(GeneratedFile(path: "\(OutputPaths.config)/alertmanager.yml", contents: AlertmanagerRenderer.render(am, source: source)))
        }
        if !dashboards.isEmpty {
            files.append(GeneratedFile(path: "config/grafana/provisioning/dashboards/\(OutputPaths.sanitizedFileName(name)).yml",
                                       contents: GrafanaProvisioningRenderer.dashboardsProvider(self, source: source)))
            files.append(GeneratedFile(path: "config/grafana/provisioning/datasources/\(OutputPaths.sanitizedFileName(name)).yml",
                                       contents: GrafanaProvisioningRenderer.datasources(self, source: source)))
        }
        var ruleRefs: [String] = []
        let testRefs = ruleFiles.map { "../\(OutputPaths.sanitizedFileName($0.name)).yml" }
        for f in ruleFiles {
            let base = OutputPaths.sanitizedFileName(f.name)
            let rulePath = "\(OutputPaths.rules)/\(base).yml"
            files.append(GeneratedFile(path: rulePath, contents: RuleFileRenderer.render(f, source: source)))
            ruleRefs.append("../\(rulePath)")
            files.append(GeneratedFile(path: "\(OutputPaths.operatorRules)/\(base).yaml",
                                       contents: RuleFileRenderer.renderPrometheusRule(f, source: source, labels: ["app.kubernetes.io/part-of": RuleFileRenderer.kubernetesName(name)])))
            if let test = PromtoolTestRenderer.render(f, ruleFilePaths: testRefs, evaluationInterval: prometheus.evaluationInterval, source: source) {
                files.append(GeneratedFile(path: "\(OutputPaths.ruleTests)/\(base).test.yml", contents: test))
            }
        }
        do {
            files.append(GeneratedFile(path: "\(OutputPaths.config)/prometheus.yml",
                                       contents: try PrometheusConfigRenderer.prometheusYAML(self, ruleFilePaths: ruleRefs, source: source)))
        } catch {
            throw BuildFailure(issues: [BuildIssue(id: "render", message: error.message, site: error.site)])
        }
        return files.sorted { $0.path < $1.path }
    }
}
