/// Renders `scrape_configs` and a complete minimal `prometheus.yml`.
public enum PrometheusConfigRenderer {
    public struct RenderError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var site: DeclarationSite
        public var description: String { "\(site): error: \(message)" }
    }

    public static func scrapeConfig(_ job: ScrapeJob) throws(RenderError) -> YAMLValue {
        var m: [(String, YAMLValue)] = [("job_name", .string(job.name))]
        if let h = job.honorLabels { m.append(("honor_labels", .bool(h))) }
        if let i = job.scrapeInterval { m.append(("scrape_interval", .string(i.description))) }
        if let t = job.scrapeTimeout { m.append(("scrape_timeout", .string(t.description))) }
        if let p = job.metricsPath { m.append(("metrics_path", .string(p))) }
        if let s = job.scheme { m.append(("scheme", .string(s))) }
        if let auth = job.auth {
            switch auth {
            case .authorization(let type, let secret):
                m.append(("authorization", .map([("type", .string(type)), ("credentials_file", .string(try file(secret, job)))])))
            case .basic(let user, let secret):
                m.append(("basic_auth", .map([("username", .string(user)), ("password_file", .string(try file(secret, job)))])))
            }
        }
        if !job.staticTargets.isEmpty {
            m.append(("static_configs", .list(job.staticTargets.map { t in
                var s: [(String, YAMLValue)] = [("targets", .list(t.targets.map { .string($0) }))]
                if !t.labels.isEmpty { s.append(("labels", .sortedMap(t.labels))) }
                return .map(s)
            })))
        }
        if !job.fileDiscovery.isEmpty {
            m.append(("file_sd_configs", .list(job.fileDiscovery.map { f in
                var s: [(String, YAMLValue)] = [("files", .list(f.files.map { .string($0) }))]
                if let r = f.refreshInterval { s.append(("refresh_interval", .string(r.description))) }
                return .map(s)
            })))
        }
        if !job.kubernetesDiscovery.isEmpty {
            m.append(("kubernetes_sd_configs", .list(job.kubernetesDiscovery.map { k in
                var s: [(String, YAMLValue)] = [("role", .string(k.role.rawValue))]
                if !k.namespaces.isEmpty { s.append(("namespaces", .map([("names", .list(k.namespaces.map { .string($0) }))]))) }
                return .map(s)
            })))
        }
        if !job.relabel.isEmpty { m.append(("relabel_configs", .list(job.relabel.map(relabelValue)))) }
        if !job.metricRelabel.isEmpty { m.append(("metric_relabel_configs", .list(job.metricRelabel.map(relabelValue)))) }
        return .map(m)
    }

    private static func file(_ secret: SecretReference, _ job: ScrapeJob) throws(RenderError) -> String {
        switch secret {
        case .file(let path): return path
        case .environment(let name):
            throw RenderError(message: "scrape job \"\(job.name)\": Prometheus reads credentials from files, not from the environment ($\(name)); use .file(\"/etc/prometheus/secrets/…\")", site: job.site)
        }
    }

    static func relabelValue(_ r: RelabelRule) -> YAMLValue {
        var m: [(String, YAMLValue)] = []
        if !r.sourceLabels.isEmpty { m.append(("source_labels", .list(r.sourceLabels.map { .string($0) }))) }
        if let s = r.separator { m.append(("separator", .string(s))) }
        if let re = r.regex { m.append(("regex", .string(re))) }
        if let mod = r.modulus { m.append(("modulus", .raw(String(mod)))) }
        if let t = r.targetLabel { m.append(("target_label", .string(t))) }
        if let rep = r.replacement { m.append(("replacement", .string(rep))) }
        m.append(("action", .string(r.action.rawValue)))
        return .map(m)
    }

    /// `prometheus.yml`: global settings, rule files (paths relative to the config file),
    /// scrape configs and Alertmanager targets.
    public static func prometheusYAML(_ project: Project, ruleFilePaths: [String], source: String) throws(RenderError) -> String {
        let p = project.prometheus
        var global: [(String, YAMLValue)] = [
            ("scrape_interval", .string(p.scrapeInterval.description)),
            ("evaluation_interval", .string(p.evaluationInterval.description)),
        ]
        if let t = p.scrapeTimeout { global.append(("scrape_timeout", .string(t.description))) }
        if !p.externalLabels.isEmpty { global.append(("external_labels", .sortedMap(p.externalLabels))) }
        var doc: [(String, YAMLValue)] = [("global", .map(global))]
        if !p.alertmanagers.isEmpty {
            doc.append(("alerting", .map([("alertmanagers", .list([.map([("static_configs", .list([.map([("targets", .list(p.alertmanagers.map { .string($0) }))])]))])]))])))
        }
        doc.append(("rule_files", .list(ruleFilePaths.map { .string($0) })))
        var jobs: [YAMLValue] = []
        for j in project.scrapeJobs { jobs.append(try scrapeConfig(j)) }
        doc.append(("scrape_configs", .list(jobs)))
        return YAMLWriter.write(.map(doc), header: RuleFileRenderer.header(source: source))
    }
}

/// Renders the unit tests alerts carry as `promtool test rules` files.
public enum PromtoolTestRenderer {
    /// nil when no alert of the file carries a test.
    public static func render(_ file: RuleFile, ruleFilePaths: [String], evaluationInterval: PromDuration, source: String) -> String? {
        var tests: [YAMLValue] = []
        for g in file.groups {
            for case .alert(let a) in g.rules {
                for t in a.tests {
                    var alerts: [YAMLValue] = []
                    let exp: [YAMLValue] = t.expected.map { e in
                        var m: [(String, YAMLValue)] = [("exp_labels", .sortedMap(e.labels))]
                        var annotations: [String: String]
                        if let given = e.annotations {
                            annotations = given
                            // obsgen adds dashboard_url itself (from the panel that mirrors the alert).
                            if annotations["dashboard_url"] == nil, let url = a.annotations.dashboardURL { annotations["dashboard_url"] = url }
                        } else {
                            // Expanded as Prometheus would (the build refuses a test whose annotations do not expand).
                            annotations = (try? a.expectedAnnotations(for: e)) ?? AlertTemplate.expandAll(a.annotations.all, labels: a.templateLabels(forExpected: e.labels))
                        }
                        if !annotations.isEmpty { m.append(("exp_annotations", RuleFileRenderer.annotationsValue(annotations))) }
                        return .map(m)
                    }
                    alerts.append(.map([
                        ("eval_time", .string(t.evalTime.description)),
                        ("alertname", .string(t.alertName ?? a.name)),
                        ("exp_alerts", .list(exp)),
                    ]))
                    tests.append(.map([
                        ("name", .string("\(a.name): \(t.name)")),
                        ("interval", .string(t.interval.description)),
                        ("input_series", .list(t.series.map { .map([("series", .string($0.series)), ("values", .string($0.values))]) })),
                        ("alert_rule_test", .list(alerts)),
                    ]))
                }
            }
        }
        if tests.isEmpty { return nil }
        let doc: YAMLValue = .map([
            ("rule_files", .list(ruleFilePaths.map { .string($0) })),
            ("evaluation_interval", .string(evaluationInterval.description)),
            ("tests", .list(tests)),
        ])
        return YAMLWriter.write(doc, header: RuleFileRenderer.header(source: source))
    }
}
