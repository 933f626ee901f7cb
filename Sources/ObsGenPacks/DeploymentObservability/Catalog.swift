import ObsGen

/// The metrics catalog of the deployment-observability pack.
///
/// Corrections to the source write-ups:
/// - Health-check latency is in seconds (`health_check_duration_seconds`), not `_ms`.
/// - The canary share is a ratio (0–1), not a percentage.
/// - No deployment id, run id or commit SHA on any series: each value would start new series
///   for every deployment (unbounded cardinality). They belong in alert annotations or in the
///   `deployment_info` info metric, whose one series per service is replaced at each deploy
///   because it is pushed under a fixed grouping key.
public enum DeploymentCatalog {
    public static let environment = LabelSpec.oneOf("environment", ["staging", "production"], "Where the deployment runs.")
    public static let service = LabelSpec.oneOf("service", ["api", "web", "database"], "The deployed component.")
    public static let stage = LabelSpec.oneOf("stage", ["build", "install", "deploy", "health_check", "migration", "smoke_tests", "verify"], "Pipeline stage.")

    /// The Pushgateway job deployment metrics arrive through.
    public static let pipelineJob = "deployment-pipeline"

    public static let deployments = Counter("deployment_total", help: "Deployments by outcome.",
        labels: [environment, service, .oneOf("status", ["success", "failed", "rolled_back"], "Outcome of the deployment.")], job: pipelineJob)

    public static let deploymentDuration = Histogram("deployment_duration_seconds", help: "Wall time of whole deployments.",
        labels: [environment, service], buckets: [60, 120, 300, 600, 900, 1200, 1800, 2700, 3600], job: pipelineJob)

    public static let stageDuration = Histogram("deployment_stage_duration_seconds", help: "Wall time of each pipeline stage.",
        labels: [environment, service, stage, .oneOf("status", ["success", "failed"])], buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800], job: pipelineJob)

    public static let inProgress = Gauge("deployment_in_progress", help: "1 while a deployment of the service is running, else 0.",
        labels: [environment, service], job: pipelineJob)

    public static let rollbacks = Counter("deployment_rollback_total", help: "Rollbacks by reason.",
        labels: [environment, service, .oneOf("reason", ["smoke_test_failed", "high_error_rate", "health_check_failed", "manual"])], job: pipelineJob)

    public static let errors = Counter("deployment_errors_total", help: "Deployment errors by stage and type.",
        labels: [environment, service, stage, .oneOf("error_type", ["timeout", "build_failure", "config_error", "health_check", "migration", "unknown"])], job: pipelineJob)

    public static let canaryTraffic = Gauge("canary_traffic_ratio", help: "Share of traffic (0–1) routed to each version during a canary rollout.",
        unit: .ratio, labels: [environment, service, .oneOf("version", ["stable", "canary"])], job: pipelineJob)

    public static let smokeTests = Counter("smoke_test_total", help: "Smoke tests by result.",
        labels: [environment, .oneOf("result", ["passed", "failed"])], job: pipelineJob)

    public static let smokeTestDuration = Histogram("smoke_test_duration_seconds", help: "Duration of smoke test runs.",
        labels: [environment], buckets: [10, 30, 60, 120, 180, 300], job: pipelineJob)

    public static let migrations = Counter("database_migration_total", help: "Database migrations by outcome.",
        labels: [environment, .oneOf("status", ["success", "failed"])], job: pipelineJob)

    public static let migrationDuration = Histogram("database_migration_duration_seconds", help: "Duration of database migrations.",
        labels: [environment], buckets: [1, 5, 15, 30, 60, 120, 300, 600], job: pipelineJob)

    public static let healthCheckStatus = Gauge("health_check_status", help: "1 when the last post-deployment health check passed, 0 when it failed.",
        labels: [environment, service], job: pipelineJob)

    public static let healthCheckDuration = Gauge("health_check_duration_seconds", help: "Latency of the last post-deployment health check (seconds, not milliseconds).",
        unit: .seconds, labels: [environment, service], job: pipelineJob)

    public static let lastSuccess = Gauge("deployment_last_success_timestamp_seconds", help: "Unix time of the last successful deployment.",
        unit: .seconds, labels: [environment, service], job: pipelineJob)

    public static let lastFailure = Gauge("deployment_last_failure_timestamp_seconds", help: "Unix time of the last failed deployment.",
        unit: .seconds, labels: [environment, service], job: pipelineJob)

    public static let deploymentInfo = Info("deployment_info", help: "The version deployed now; the commit SHA lives here, not on counters.",
        labels: [environment, service, LabelSpec("version", description: "Release version of the running deployment (one series per service: replaced at each push)."),
                 LabelSpec("commit", description: "Git commit SHA of the running deployment (one series per service: replaced at each push).")], job: pipelineJob)

    // The application's own metrics, scraped from the application job.
    public static let applicationJob = "application"

    public static let httpRequests = Counter("http_requests_total", help: "HTTP requests served.",
        labels: [environment, service, .oneOf("version", ["stable", "canary"]), LabelSpec("method", description: "HTTP method."),
                 LabelSpec("status", description: "HTTP status code.")], job: applicationJob)

    public static let httpDuration = Histogram("http_request_duration_seconds", help: "HTTP request latency.",
        labels: [environment, service, .oneOf("version", ["stable", "canary"])], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], job: applicationJob)

    // From kube-state-metrics and postgres-exporter.
    public static let podRestarts = Counter("kube_pod_container_status_restarts_total", help: "Container restarts (kube-state-metrics).",
        labels: ["namespace", "pod", "container"], job: "kube-state-metrics")

    public static let podReady = Gauge("kube_pod_status_ready", help: "Pod readiness by condition (kube-state-metrics).",
        labels: ["namespace", "pod", .oneOf("condition", ["true", "false", "unknown"])], job: "kube-state-metrics")

    public static let postgresUp = Gauge("pg_up", help: "1 when postgres-exporter reaches the database.", job: "postgres-exporter")

    public static let all: [Metric] = [
        deployments, deploymentDuration, stageDuration, inProgress, rollbacks, errors, canaryTraffic, smokeTests, smokeTestDuration,
        migrations, migrationDuration, healthCheckStatus, healthCheckDuration, lastSuccess, lastFailure, deploymentInfo,
        httpRequests, httpDuration, podRestarts, podReady, postgresUp,
    ]
}
