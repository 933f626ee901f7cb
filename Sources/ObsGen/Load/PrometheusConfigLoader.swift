import Foundation

/// A `prometheus.yml` read with positions.
public struct LoadedPrometheusConfig: Sendable {
    public var path: String
    public var settings: PrometheusSettings
    public var ruleFiles: [String]
    public var scrapeJobs: [ScrapeJob]
    public var source: SourceText
    public var diagnostics: [Diagnostic]
    /// For each scrape job (by index), where its keys and values are.
    public var jobSpans: [Int: KeySpans] = [:]
    /// Where the top-level keys and `global:`'s keys and values are.
    public var globalSpans = KeySpans()

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public init(path: String, settings: PrometheusSettings, ruleFiles: [String], scrapeJobs: [ScrapeJob], source: SourceText, diagnostics: [Diagnostic]) {
        self.path = path
        self.settings = settings
        self.ruleFiles = ruleFiles
        self.scrapeJobs = scrapeJobs
        self.source = source
        self.diagnostics = diagnostics
    }
}

public enum PrometheusConfigLoader {
    static let topKeys: Set<String> = ["global", "rule_files", "scrape_configs", "scrape_config_files", "alerting", "remote_write",
                                       "remote_read", "storage", "tracing", "runtime", "otlp"]
    static let globalKeys: Set<String> = ["scrape_interval", "scrape_timeout", "evaluation_interval", "rule_query_offset", "external_labels",
                                          "query_log_file", "scrape_failure_log_file", "body_size_limit", "sample_limit", "label_limit",
                                          "label_name_length_limit", "label_value_length_limit", "target_limit", "keep_dropped_targets",
                                          "metric_name_validation_scheme", "metric_name_escaping_scheme", "scrape_protocols",
                                          "scrape_native_histograms", "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb",
                                          "extra_scrape_metrics", "enable_compression"]
    static let discoveryKeys: Set<String> = [
        "static_configs", "file_sd_configs", "kubernetes_sd_configs", "consul_sd_configs", "dns_sd_configs", "ec2_sd_configs",
        "azure_sd_configs", "gce_sd_configs", "openstack_sd_configs", "marathon_sd_configs", "nerve_sd_configs", "serverset_sd_configs",
        "dockerswarm_sd_configs", "docker_sd_configs", "digitalocean_sd_configs", "hetzner_sd_configs", "http_sd_configs",
        "ionos_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs", "eureka_sd_configs", "scaleway_sd_configs",
        "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs", "puppetdb_sd_configs", "ovhcloud_sd_configs", "stackit_sd_configs",
        "aws_sd_configs",
    ]
    static let httpClientKeys: Set<String> = ["basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "tls_config",
                                              "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header", "follow_redirects",
                                              "enable_http2", "http_headers"]
    static let scrapeKeys: Set<String> = Set(["job_name", "honor_labels", "honor_timestamps", "track_timestamps_staleness", "scheme", "metrics_path",
                                              "params", "scrape_interval", "scrape_timeout", "scrape_protocols", "fallback_scrape_protocol",
                                              "scrape_classic_histograms", "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb",
                                              "scrape_native_histograms", "enable_compression", "sample_limit", "label_limit", "label_name_length_limit",
                                              "label_value_length_limit", "target_limit", "keep_dropped_targets", "native_histogram_bucket_limit",
                                              "native_histogram_min_bucket_factor", "metric_name_validation_scheme", "metric_name_escaping_scheme",
                                              "relabel_configs", "metric_relabel_configs", "body_size_limit", "scrape_failure_log_file"])
        .union(discoveryKeys).union(httpClientKeys)
    static let relabelKeys: Set<String> = ["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"]

    public static func load(path: String) -> LoadedPrometheusConfig {
        switch YAMLSource.readInput(path) {
        case .success(let input):
            var l = load(text: input.text, path: path)
            l.diagnostics = input.problems + l.diagnostics
            return l
        case .failure(let d):
            return LoadedPrometheusConfig(path: path, settings: PrometheusSettings(), ruleFiles: [], scrapeJobs: [], source: SourceText(name: path, text: ""),
                                          diagnostics: [d])
        }
    }

    public static func load(text: String, path: String) -> LoadedPrometheusConfig {
        var y = YAMLSource(path: path, text: text)
        var result = LoadedPrometheusConfig(path: path, settings: PrometheusSettings(), ruleFiles: [], scrapeJobs: [], source: y.source, diagnostics: [])
        guard let root = y.root, let top = y.mapping(root, what: "prometheus config", known: topKeys) else {
            if y.diagnostics.isEmpty { y.error(at: .zero, "empty file: expected a Prometheus configuration") }
            result.diagnostics = y.diagnostics
            return result
        }
        for p in top {
            switch p.key {
            case "global":
                result.globalSpans = KeySpans(p.value, y)
                for g in y.mapping(p.value, what: "global", known: globalKeys) ?? [] {
                    switch g.key {
                    case "scrape_interval": if let d = y.duration(g.value, what: "scrape_interval") { result.settings.scrapeInterval = d }
                    case "evaluation_interval": if let d = y.duration(g.value, what: "evaluation_interval") { result.settings.evaluationInterval = d }
                    case "scrape_timeout": result.settings.scrapeTimeout = y.duration(g.value, what: "scrape_timeout")
                    case "external_labels": result.settings.externalLabels = y.stringMap(g.value, what: "external_labels") ?? [:]
                    default: break
                    }
                }
            case "rule_files":
                result.ruleFiles = y.strings(p.value, what: "rule_files") ?? []
            case "alerting":
                if let ams = p.value["alertmanagers"], ams.isSequence {
                    let seq = ams.items
                    for am in seq {
                        if let sc = am["static_configs"], sc.isSequence {
                            let scs = sc.items
                            for s in scs {
                                if let t = s["targets"] {
                                    result.settings.alertmanagers += y.strings(t, what: "targets") ?? []
                                }
                            }
                        }
                    }
                }
            case "scrape_configs":
                var names: [String: YNode] = [:]
                for jobNode in y.sequence(p.value, what: "scrape_configs") ?? [] {
                    guard let job = loadJob(jobNode, &y) else { continue }
                    result.jobSpans[result.scrapeJobs.count] = KeySpans(jobNode, y)
                    if names[job.name] != nil {
                        y.error(jobNode, "found multiple scrape configs with job name \"\(job.name)\"", id: .duplicateJob)
                    }
                    names[job.name] = jobNode
                    result.scrapeJobs.append(job)
                }
            default: break
            }
        }
        result.diagnostics = y.diagnostics
        return result
    }

    private static func loadJob(_ node: YNode, _ y: inout YAMLSource) -> ScrapeJob? {
        guard let pairs = y.mapping(node, what: "scrape config", known: scrapeKeys) else { return nil }
        var job = ScrapeJob(name: "", site: y.site(node))
        for p in pairs {
            switch p.key {
            case "job_name": job.name = y.string(p.value, what: "job_name") ?? ""
            case "honor_labels": job.honorLabels = y.bool(p.value, what: "honor_labels")
            case "scrape_interval": job.scrapeInterval = y.duration(p.value, what: "scrape_interval")
            case "scrape_timeout": job.scrapeTimeout = y.duration(p.value, what: "scrape_timeout")
            case "metrics_path": job.metricsPath = y.string(p.value, what: "metrics_path")
            case "scheme": job.scheme = y.string(p.value, what: "scheme")
            case "static_configs":
                for s in y.sequence(p.value, what: "static_configs") ?? [] {
                    guard let sp = y.mapping(s, what: "static config", known: ["targets", "labels"]) else { continue }
                    var t = StaticTargets([])
                    for q in sp {
                        if q.key == "targets" { t.targets = y.strings(q.value, what: "targets") ?? [] }
                        if q.key == "labels" { t.labels = y.stringMap(q.value, what: "labels") ?? [:] }
                    }
                    job.staticTargets.append(t)
                }
            case "file_sd_configs":
                for s in y.sequence(p.value, what: "file_sd_configs") ?? [] {
                    guard let sp = y.mapping(s, what: "file_sd_config", known: ["files", "refresh_interval"]) else { continue }
                    var f = FileDiscovery(files: [])
                    for q in sp {
                        if q.key == "files" { f.files = y.strings(q.value, what: "files") ?? [] }
                        if q.key == "refresh_interval" { f.refreshInterval = y.duration(q.value, what: "refresh_interval") }
                    }
                    job.fileDiscovery.append(f)
                }
            case "kubernetes_sd_configs":
                for s in y.sequence(p.value, what: "kubernetes_sd_configs") ?? [] {
                    guard s.isMapping else { y.error(s, "kubernetes_sd_config must be a mapping"); continue }
                    let m = s
                    guard let roleText = m["role"]?.string, let role = KubernetesDiscovery.Role(rawValue: roleText) else {
                        y.error(s, "kubernetes_sd_config needs a role (node, pod, service, endpoints, endpointslice, ingress)")
                        continue
                    }
                    var k = KubernetesDiscovery(role: role)
                    if let ns = m["namespaces"], let names = ns["names"] { k.namespaces = y.strings(names, what: "names") ?? [] }
                    job.kubernetesDiscovery.append(k)
                }
            case "relabel_configs": job.relabel = loadRelabel(p.value, &y, what: "relabel_configs")
            case "metric_relabel_configs": job.metricRelabel = loadRelabel(p.value, &y, what: "metric_relabel_configs")
            case "basic_auth":
                guard let bp = y.mapping(p.value, what: "basic_auth", known: ["username", "username_file", "username_ref", "password", "password_file", "password_ref"]) else { break }
                let user = bp.first { $0.key == "username" }.flatMap { y.string($0.value, what: "username") } ?? ""
                if let pf = bp.first(where: { $0.key == "password_file" }), let f = y.string(pf.value, what: "password_file") {
                    job.auth = .basic(username: user, password: .file(f))
                }
                if bp.contains(where: { $0.key == "password" }) { job.inlineSecretKeys.append("basic_auth.password") }
            case "authorization":
                guard let ap = y.mapping(p.value, what: "authorization", known: ["type", "credentials", "credentials_file", "credentials_ref"]) else { break }
                let type = ap.first { $0.key == "type" }.flatMap { y.string($0.value, what: "type") } ?? "Bearer"
                if let cf = ap.first(where: { $0.key == "credentials_file" }), let f = y.string(cf.value, what: "credentials_file") {
                    job.auth = .authorization(type: type, credentials: .file(f))
                }
                if ap.contains(where: { $0.key == "credentials" }) { job.inlineSecretKeys.append("authorization.credentials") }
            case "bearer_token": job.inlineSecretKeys.append("bearer_token")
            case "oauth2":
                if p.value["client_secret"] != nil { job.inlineSecretKeys.append("oauth2.client_secret") }
            default: break
            }
        }
        if job.name.isEmpty {
            y.error(node, "scrape config has no job_name")
            return nil
        }
        return job
    }

    private static func loadRelabel(_ node: YNode, _ y: inout YAMLSource, what: String) -> [RelabelRule] {
        var out: [RelabelRule] = []
        for r in y.sequence(node, what: what) ?? [] {
            guard let rp = y.mapping(r, what: "relabel config", known: relabelKeys) else { continue }
            var rule = RelabelRule()
            for q in rp {
                switch q.key {
                case "source_labels": rule.sourceLabels = y.strings(q.value, what: "source_labels") ?? []
                case "separator": rule.separator = y.string(q.value, what: "separator")
                case "regex": rule.regex = y.string(q.value, what: "regex")
                case "modulus": rule.modulus = y.int(q.value, what: "modulus")
                case "target_label": rule.targetLabel = y.string(q.value, what: "target_label")
                case "replacement": rule.replacement = y.string(q.value, what: "replacement")
                case "action":
                    if let a = y.string(q.value, what: "action") {
                        if let act = RelabelRule.Action(rawValue: a.lowercased()) { rule.action = act } else { y.error(q.value, "unknown relabel action \"\(a)\"") }
                    }
                default: break
                }
            }
            out.append(rule)
        }
        return out
    }
}
