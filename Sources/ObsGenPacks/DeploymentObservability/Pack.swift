import ObsGen

/// The built-in deployment-observability pack: what `obsgen render` renders with no project.
public enum DeploymentPack {
    /// Where the rendered runbooks are published (the repository's docs/runbooks folder).
    public static let runbookBaseURL = "https://github.com/obsgen/obsgen/blob/main/docs/runbooks"

    public static let scrapeJobs: [ScrapeJob] = [
        ScrapeJob(DeploymentCatalog.pipelineJob, targets: ["pushgateway:9091"], interval: .seconds(15), honorLabels: true, pushgateway: true),
        ScrapeJob(DeploymentCatalog.applicationJob, targets: ["api:8000", "web:3000"], interval: .seconds(15)),
        ScrapeJob("postgres-exporter", targets: ["postgres-exporter:9187"], interval: .seconds(30)),
        ScrapeJob("kube-state-metrics", targets: ["kube-state-metrics:8080"], interval: .seconds(30)),
    ]

    public static var project: Project {
        Project("deployment-observability",
                prometheus: PrometheusSettings(scrapeInterval: .seconds(15), evaluationInterval: .seconds(30), alertmanagers: ["alertmanager:9093"]),
                runbookBaseURL: runbookBaseURL,
                grafana: GrafanaSettings(url: "http://grafana:3000", folder: "Deployments",
                                         datasources: [GrafanaDatasource(name: "Prometheus", type: "prometheus", uid: "prometheus", url: "http://prometheus:9090", isDefault: true)])) {
            DeploymentCatalog.all
            RuleFile("deployment") {
                DeploymentRecordingRules.deployments
                DeploymentAlerts.deployment
            }
            RuleFile("application") {
                DeploymentRecordingRules.application
                DeploymentAlerts.application
            }
            DeploymentSLOs.all
            for job in scrapeJobs { job }
            for dashboard in DeploymentDashboards.all { dashboard }
            DeploymentRouting.config
        }
    }
}
