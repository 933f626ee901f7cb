import Foundation

/// Lint settings, from the `lint:` section of obsgen.yml.
public struct LintConfig: Sendable {
    public struct CheckSettings: Sendable {
        public var enabled: Bool?
        public var severity: Severity?
        public var options: [String: String] = [:]
        public init(enabled: Bool? = nil, severity: Severity? = nil, options: [String: String] = [:]) {
            self.enabled = enabled
            self.severity = severity
            self.options = options
        }
    }

    public var checks: [String: CheckSettings] = [:]
    /// Scrape interval assumed when nothing says otherwise (Prometheus' default is 1m).
    public var defaultScrapeInterval: PromDuration = .minutes(1)
    /// Dashboards excluded from dashboards/* checks: uid or file path → reason.
    public var dashboardExclusions: [String: String] = [:]

    public init() {}

    public func option(_ check: String, _ name: String) -> String? { checks[check]?.options[name] }

    public func isEnabled(_ id: String) -> Bool { checks[id]?.enabled ?? true }
}

/// A Prometheus server the online checks ask (`prometheus:` in obsgen.yml): the files its
/// findings are kept for, and how to reach it. Secrets are never written here: header values
/// and TLS keys are read from the files named.
public struct PrometheusSetting: Sendable, Equatable {
    public var url: String
    /// Linted paths (prefixes, relative to obsgen.yml's folder) the server applies to; empty: all.
    public var paths: [String] = []
    public var timeout: PromDuration?
    /// Header name → file holding its value (`Authorization: secrets/prometheus-token`).
    public var headerFiles: [String: String] = [:]
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var maxConcurrentRequests: Int?
    /// How far back online/series looks for a metric that has no series now.
    public var lookback: PromDuration?
    public var site: DeclarationSite

    public init(url: String, site: DeclarationSite = .unknown) {
        self.url = url
        self.site = site
    }
}

/// Which project the folder holding obsgen.yml is: a built-in pack, or a SwiftPM package whose
/// executable hands its project to `ObsgenCommand.main(project:)`.
public enum ProjectSetting: Sendable, Equatable {
    case pack(String)
    /// The package folder (relative to obsgen.yml's folder) and the executable product.
    case package(path: String, product: String)
}

/// `obsgen.yml`: the project, PromQL features, lint settings, metric declarations.
public struct ObsgenConfigFile: Sendable {
    public var path: String
    public var project: ProjectSetting?
    public var features: Features = .none
    public var lint = LintConfig()
    public var metrics: [Metric] = []
    /// `fmt: max_line_length:` — the columns `obsgen fmt` fits an expression's line in.
    public var fmtMaxLineLength: Int?
    /// `fmt: indent_lists:` — whether `obsgen fmt` indents every list under its key (default
    /// true, as Prometheus' own files write them; false keeps a list written at its key's column
    /// there).
    public var fmtIndentLists: Bool?
    /// `prometheus:` — servers for the online checks.
    public var prometheus: [PrometheusSetting] = []
    public var diagnostics: [Diagnostic] = []
    public var source: SourceText

    static let topKeys: Set<String> = ["project", "promql", "lint", "metrics", "fmt", "prometheus"]

    /// Finds obsgen.yml by walking up from a folder.
    public static func find(from directory: URL) -> URL? {
        var dir = directory.standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent("obsgen.yml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    /// Reads obsgen.yml; a file that cannot be read (missing, a directory, a FIFO, no
    /// permission, over the size bound) is a located error, never an empty configuration.
    public static func load(path: String) -> ObsgenConfigFile {
        switch YAMLSource.readInput(path) {
        case .success(let input):
            var c = parse(text: input.text, path: path)
            c.diagnostics = input.problems + c.diagnostics
            return c
        case .failure(let d):
            var c = ObsgenConfigFile(path: path, source: SourceText(name: path, text: ""))
            c.diagnostics = [d]
            return c
        }
    }

    public static func parse(text: String, path: String) -> ObsgenConfigFile {
        var y = YAMLSource(path: path, text: text)
        var c = ObsgenConfigFile(path: path, source: y.source)
        guard let root = y.root else {
            c.diagnostics = y.diagnostics
            return c
        }
        for p in y.mapping(root, what: "obsgen.yml", known: topKeys) ?? [] {
            switch p.key {
            case "project":
                guard let settings = y.mapping(p.value, what: "project", known: ["pack", "package", "product"]) else { break }
                var values: [String: String] = [:]
                for kv in settings { values[kv.key] = y.string(kv.value, what: kv.key) }
                if let pack = values["pack"] {
                    if values["package"] != nil || values["product"] != nil {
                        y.error(p.value, "project: give either \"pack\" or \"package\" and \"product\", not both")
                    } else {
                        c.project = .pack(pack)
                    }
                } else if let product = values["product"], !product.isEmpty {
                    c.project = .package(path: values["package"] ?? ".", product: product)
                } else {
                    y.error(p.value, "project: needs \"product\" (the package's executable that calls ObsgenCommand.main(project:)) or \"pack\"")
                }
            case "promql":
                for q in y.mapping(p.value, what: "promql", known: ["features"]) ?? [] {
                    for f in y.strings(q.value, what: "features") ?? [] {
                        if let feature = Features(flagName: f) { c.features.formUnion(feature) } else { y.error(q.value, "unknown PromQL feature \"\(f)\"") }
                    }
                }
            case "prometheus":
                for item in y.sequence(p.value, what: "prometheus") ?? [] {
                    guard let fields = y.mapping(item, what: "prometheus server",
                                                 known: ["url", "paths", "timeout", "header_files", "tls", "max_concurrent_requests", "lookback"]) else { continue }
                    var server = PrometheusSetting(url: "", site: y.site(item))
                    for f in fields {
                        switch f.key {
                        case "url":
                            let u = y.string(f.value, what: "url") ?? ""
                            if u.hasPrefix("http://") || u.hasPrefix("https://") { server.url = u } else { y.error(f.value, "url must start with http:// or https://") }
                        case "paths": server.paths = y.strings(f.value, what: "paths") ?? []
                        case "timeout": server.timeout = y.duration(f.value, what: "timeout")
                        case "lookback": server.lookback = y.duration(f.value, what: "lookback")
                        case "max_concurrent_requests":
                            if let n = y.int(f.value, what: "max_concurrent_requests") {
                                if (1...64).contains(n) { server.maxConcurrentRequests = n } else { y.error(f.value, "max_concurrent_requests must be between 1 and 64") }
                            }
                        case "header_files":
                            for h in y.mapping(f.value, what: "header_files", known: []) ?? [] {
                                if let file = y.string(h.value, what: h.key) { server.headerFiles[h.key] = file }
                            }
                        case "tls":
                            for t in y.mapping(f.value, what: "tls", known: ["ca_file", "cert_file", "key_file"]) ?? [] {
                                let v = y.string(t.value, what: t.key)
                                switch t.key {
                                case "ca_file": server.caFile = v
                                case "cert_file": server.certFile = v
                                default: server.keyFile = v
                                }
                            }
                            if (server.certFile == nil) != (server.keyFile == nil) { y.error(f.value, "tls: give both cert_file and key_file, or neither") }
                        default: break
                        }
                    }
                    if server.url.isEmpty {
                        if !fields.contains(where: { $0.key == "url" }) { y.error(item, "a prometheus server needs \"url\"") }
                    } else {
                        c.prometheus.append(server)
                    }
                }
            case "fmt":
                for f in y.mapping(p.value, what: "fmt", known: ["max_line_length", "indent_lists"]) ?? [] {
                    if f.key == "indent_lists" {
                        if let b = y.bool(f.value, what: "indent_lists") { c.fmtIndentLists = b }
                    } else if let n = y.int(f.value, what: "max_line_length") {
                        if n >= 20 { c.fmtMaxLineLength = n } else { y.error(f.value, "max_line_length must be at least 20") }
                    }
                }
            case "lint":
                for l in y.mapping(p.value, what: "lint", known: ["checks", "default_scrape_interval", "exclude_dashboards"]) ?? [] {
                    switch l.key {
                    case "default_scrape_interval":
                        if let d = y.duration(l.value, what: "default_scrape_interval") { c.lint.defaultScrapeInterval = d }
                    case "exclude_dashboards":
                        for e in y.sequence(l.value, what: "exclude_dashboards") ?? [] {
                            guard let ep = y.mapping(e, what: "exclusion", known: ["dashboard", "reason"]) else { continue }
                            let d = ep.first { $0.key == "dashboard" }.flatMap { y.string($0.value, what: "dashboard") }
                            let r = ep.first { $0.key == "reason" }.flatMap { y.string($0.value, what: "reason") }
                            guard let d else { y.error(e, "an exclusion needs \"dashboard\""); continue }
                            guard let r, !r.isEmpty else { y.error(e, "excluding dashboard \"\(d)\" needs a \"reason\""); continue }
                            c.lint.dashboardExclusions[d] = r
                        }
                    case "checks":
                        for ch in y.mapping(l.value, what: "checks", known: Set(Linter.allChecks.map { $0.description.id })) ?? [] {
                            var s = LintConfig.CheckSettings()
                            if ch.value.isScalar, let b = y.bool(ch.value, what: ch.key) {
                                s.enabled = b
                            } else if let settings = y.mapping(ch.value, what: ch.key, known: []) {
                                for kv in settings {
                                    switch kv.key {
                                    case "enabled": s.enabled = y.bool(kv.value, what: "enabled")
                                    case "severity":
                                        if let t = y.string(kv.value, what: "severity") {
                                            if let sev = Severity(rawValue: t) { s.severity = sev } else { y.error(kv.value, "severity must be error, warning or info") }
                                        }
                                    default:
                                        let options = Linter.allChecks.first { $0.description.id == ch.key }?.description.options ?? []
                                        let known = options.map(\.name)
                                        if let option = options.first(where: { $0.name == kv.key }) {
                                            var items: [String]?
                                            if let sc = kv.value.string { items = [sc] }
                                            else if kv.value.isSequence, kv.value.items.allSatisfy({ $0.string != nil }) { items = kv.value.items.compactMap(\.string) }
                                            switch items.map(option.kind.validate) {
                                            case .success(let v)?: s.options[kv.key] = v
                                            case .failure(let e)?: y.error(kv.value, "\(ch.key): \(kv.key): \(e.why)")
                                            case nil: y.error(kv.value, "\(ch.key): \(kv.key) must be a value or a list of values")
                                            }
                                        } else {
                                            y.error(kv.keyNode, "\(ch.key): unknown option \"\(kv.key)\" (known: enabled, severity\(known.isEmpty ? "" : ", " + known.joined(separator: ", ")))")
                                        }
                                    }
                                }
                            }
                            c.lint.checks[ch.key] = s
                        }
                    default: break
                    }
                }
            case "metrics":
                for m in y.sequence(p.value, what: "metrics") ?? [] {
                    guard let mp = y.mapping(m, what: "metric", known: ["name", "type", "help", "unit", "labels", "job"]) else { continue }
                    var metric = Metric(name: "", kind: .gauge, help: "", site: y.site(m))
                    for kv in mp {
                        switch kv.key {
                        case "name": metric.name = y.string(kv.value, what: "name") ?? ""
                        case "type":
                            if let t = y.string(kv.value, what: "type") {
                                if let k = MetricKind(rawValue: t) { metric.kind = k } else { y.error(kv.value, "unknown metric type \"\(t)\"") }
                            }
                        case "help": metric.help = y.string(kv.value, what: "help") ?? ""
                        case "unit": metric.unit = MetricUnit(rawValue: y.string(kv.value, what: "unit") ?? "") ?? .count
                        case "job": metric.job = y.string(kv.value, what: "job")
                        case "labels":
                            for ln in y.sequence(kv.value, what: "labels") ?? [] {
                                if let s = ln.string { metric.labels.append(LabelSpec(s)); continue }
                                guard let lp = y.mapping(ln, what: "label", known: ["name", "values", "bounded", "description"]) else { continue }
                                var spec = LabelSpec("")
                                for q in lp {
                                    switch q.key {
                                    case "name": spec.name = y.string(q.value, what: "name") ?? ""
                                    case "values": spec.values = y.strings(q.value, what: "values")
                                    case "bounded": spec.bounded = y.bool(q.value, what: "bounded") ?? true
                                    case "description": spec.description = y.string(q.value, what: "description") ?? ""
                                    default: break
                                    }
                                }
                                metric.labels.append(spec)
                            }
                        default: break
                        }
                    }
                    if !metric.name.isEmpty { c.metrics.append(metric) }
                }
            default: break
            }
        }
        c.diagnostics = y.diagnostics
        return c
    }
}
