/// A group of static targets with extra labels.
public struct StaticTargets: Sendable, Hashable {
    public var targets: [String]
    public var labels: Labels
    public init(_ targets: [String], labels: Labels = [:]) {
        self.targets = targets
        self.labels = labels
    }
}

/// Kubernetes service discovery (the common fields).
public struct KubernetesDiscovery: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable { case node, pod, service, endpoints, endpointslice, ingress }
    public var role: Role
    public var namespaces: [String]
    public init(role: Role, namespaces: [String] = []) {
        self.role = role
        self.namespaces = namespaces
    }
}

/// File-based service discovery.
public struct FileDiscovery: Sendable, Hashable {
    public var files: [String]
    public var refreshInterval: PromDuration?
    public init(files: [String], refreshInterval: PromDuration? = nil) {
        self.files = files
        self.refreshInterval = refreshInterval
    }
}

/// One relabelling step (`relabel_configs` / `metric_relabel_configs`).
public struct RelabelRule: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        case replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase
    }
    public var sourceLabels: [String]
    public var separator: String?
    public var regex: String?
    public var modulus: Int?
    public var targetLabel: String?
    public var replacement: String?
    public var action: Action

    public init(action: Action = .replace, sourceLabels: [String] = [], separator: String? = nil, regex: String? = nil,
                modulus: Int? = nil, targetLabel: String? = nil, replacement: String? = nil) {
        self.action = action
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.regex = regex
        self.modulus = modulus
        self.targetLabel = targetLabel
        self.replacement = replacement
    }
}

/// Credentials: always references, never the secret.
public enum ScrapeAuth: Sendable, Hashable {
    /// `authorization: {type, credentials_file}`.
    case authorization(type: String, credentials: SecretReference)
    /// `basic_auth: {username, password_file}`.
    case basic(username: String, password: SecretReference)
}

public struct ScrapeJob: Sendable, Hashable {
    public var name: String
    public var staticTargets: [StaticTargets]
    public var fileDiscovery: [FileDiscovery]
    public var kubernetesDiscovery: [KubernetesDiscovery]
    public var metricsPath: String?
    public var scheme: String?
    public var scrapeInterval: PromDuration?
    public var scrapeTimeout: PromDuration?
    public var honorLabels: Bool?
    public var auth: ScrapeAuth?
    public var relabel: [RelabelRule]
    public var metricRelabel: [RelabelRule]
    /// Marks a Pushgateway job (needs `honor_labels: true`).
    public var isPushgateway: Bool
    public var site: DeclarationSite
    /// Keys found in a loaded config that the model does not cover (kept for linting).
    public var inlineSecretKeys: [String]

    public init(name: String, staticTargets: [StaticTargets] = [], fileDiscovery: [FileDiscovery] = [], kubernetesDiscovery: [KubernetesDiscovery] = [],
                metricsPath: String? = nil, scheme: String? = nil, scrapeInterval: PromDuration? = nil, scrapeTimeout: PromDuration? = nil,
                honorLabels: Bool? = nil, auth: ScrapeAuth? = nil, relabel: [RelabelRule] = [], metricRelabel: [RelabelRule] = [],
                isPushgateway: Bool = false, site: DeclarationSite = .unknown, inlineSecretKeys: [String] = []) {
        self.name = name
        self.staticTargets = staticTargets
        self.fileDiscovery = fileDiscovery
        self.kubernetesDiscovery = kubernetesDiscovery
        self.metricsPath = metricsPath
        self.scheme = scheme
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
        self.honorLabels = honorLabels
        self.auth = auth
        self.relabel = relabel
        self.metricRelabel = metricRelabel
        self.isPushgateway = isPushgateway
        self.site = site
        self.inlineSecretKeys = inlineSecretKeys
    }
}

/// Global Prometheus settings of a project.
public struct PrometheusSettings: Sendable, Hashable {
    public var scrapeInterval: PromDuration
    public var evaluationInterval: PromDuration
    public var scrapeTimeout: PromDuration?
    public var externalLabels: Labels
    /// Alertmanager addresses (`host:port`).
    public var alertmanagers: [String]
    /// PromQL features the target Prometheus runs with.
    public var features: Features

    public init(scrapeInterval: PromDuration = .seconds(15), evaluationInterval: PromDuration = .seconds(15), scrapeTimeout: PromDuration? = nil,
                externalLabels: Labels = [:], alertmanagers: [String] = [], features: Features = .none) {
        self.scrapeInterval = scrapeInterval
        self.evaluationInterval = evaluationInterval
        self.scrapeTimeout = scrapeTimeout
        self.externalLabels = externalLabels
        self.alertmanagers = alertmanagers
        self.features = features
    }
}
