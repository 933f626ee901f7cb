extension Project {
    /// Builds every dashboard and links the alerts panels mirror to those panels: an alert a
    /// panel shows gets a `dashboard_url` annotation (`<grafana>/d/<uid>?viewPanel=<id>`).
    public func resolvingDashboards() throws(BuildFailure) -> (project: Project, dashboards: [Dashboard]) {
        var byName: [String: AlertRule] = [:]
        for (_, _, a) in alerts where byName[a.name] == nil { byName[a.name] = a }
        var built: [Dashboard] = []
        var issues: [BuildIssue] = []
        var uids: [String: DeclarationSite] = [:]
        var links: [String: String] = [:]
        for spec in dashboards {
            if let first = uids[spec.effectiveUID] {
                issues.append(BuildIssue(id: "dashboards/uid", message: "dashboard uid \"\(spec.effectiveUID)\" is used twice (first at \(first))", site: spec.site))
            }
            uids[spec.effectiveUID] = spec.site
            for p in spec.allPanelSpecs {
                if let a = p.mirrorsAlert, byName[a] == nil {
                    issues.append(BuildIssue(id: "dashboards/alert", message: "panel \"\(p.title)\" mirrors alert \"\(a)\", which the project does not declare", site: p.site))
                }
                for q in p.queries where q.language == .promQL {
                    let (_, diags) = PromQL.check(q.expr, options: ParseOptions(features: prometheus.features, grafana: true))
                    for d in diags {
                        issues.append(BuildIssue(id: d.id, message: "panel \"\(p.title)\": \(d.message)", site: p.site, expression: q.expr, range: d.range))
                    }
                }
            }
            do {
                let d = try spec.build(alerts: byName)
                for panel in d.allPanels {
                    if let a = panel.mirrorsAlert, let id = panel.id, links[a] == nil {
                        links[a] = "\(grafana.url)/d/\(spec.effectiveUID)?viewPanel=\(id)"
                    }
                }
                built.append(d)
            } catch {
                issues.append(BuildIssue(id: "dashboards/layout", message: error.message, site: error.site))
            }
        }
        if !issues.isEmpty { throw BuildFailure(issues: issues) }
        var p = self
        for fi in p.ruleFiles.indices {
            for gi in p.ruleFiles[fi].groups.indices {
                for ri in p.ruleFiles[fi].groups[gi].rules.indices {
                    if case .alert(var a) = p.ruleFiles[fi].groups[gi].rules[ri], a.annotations.dashboardURL == nil, let url = links[a.name] {
                        a.annotations.dashboardURL = url
                        p.ruleFiles[fi].groups[gi].rules[ri] = .alert(a)
                    }
                }
            }
        }
        return (p, built)
    }
}

/// Grafana provisioning files.
public enum GrafanaProvisioningRenderer {
    public static func dashboardsProvider(_ project: Project, source: String) -> String {
        let doc: YAMLValue = .map([
            ("apiVersion", .raw("1")),
            ("providers", .list([.map([
                ("name", .string(project.name)),
                ("orgId", .raw("1")),
                ("folder", .string(project.grafana.folder)),
                ("type", .string("file")),
                ("disableDeletion", .bool(false)),
                ("updateIntervalSeconds", .raw("30")),
                ("allowUiUpdates", .bool(false)),
                ("options", .map([("path", .string(project.grafana.dashboardsPath)), ("foldersFromFilesStructure", .bool(false))])),
            ])])),
        ])
        return YAMLWriter.write(doc, header: RuleFileRenderer.header(source: source))
    }

    public static func datasources(_ project: Project, source: String) -> String {
        let doc: YAMLValue = .map([
            ("apiVersion", .raw("1")),
            ("datasources", .list(project.grafana.datasources.map { d in
                .map([("name", .string(d.name)), ("type", .string(d.type)), ("uid", .string(d.uid)), ("access", .string("proxy")),
                      ("url", .string(d.url)), ("isDefault", .bool(d.isDefault)), ("editable", .bool(false))])
            })),
        ])
        return YAMLWriter.write(doc, header: RuleFileRenderer.header(source: source))
    }
}
