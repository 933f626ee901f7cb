import ObsGen

/// The alerts of the pack, from the write-ups, with their thresholds and severities.
public enum DeploymentAlerts {
    typealias C = DeploymentCatalog
    typealias R = DeploymentRecordingRules

    /// Error-ratio threshold (5 %) shared by alerts and the dashboards that mirror them.
    public static let errorRatioThreshold = 0.05
    /// P95 latency threshold in seconds (the seeds said 500 ms).
    public static let latencyP95Threshold = 0.5

    public static let deploymentHighErrorRate = Alert("DeploymentHighErrorRate",
              expr: "1 - \(R.successRate1h)",
              severities: .warning(above: 0.05), .critical(above: 0.10),
              for: .minutes(2),
              labels: ["category": "deployment"],
              summary: "{{ $labels.environment }}: {{ $value | humanizePercentage }} of deployments failed in the last hour",
              description: "More than the tolerated share of deployments to {{ $labels.environment }} failed or were rolled back over the last hour.",
              runbook: Runbook(detection: "The share of unsuccessful deployments over one hour (from `deployment:success_rate:1h`) is above 5 % (warning) or 10 % (critical) for 2 minutes.",
                               diagnosis: ["Open the Deployment Pipeline dashboard and find the failing stage.", "Check `deployment_errors_total` by stage and error_type.", "Read the CI logs of the failed runs."],
                               resolution: ["Fix or revert the change that breaks the pipeline.", "Pause automatic deployments until the pipeline is green."]))

    public static let deployment = RuleGroup("deployment.alerts", interval: .seconds(30)) {
        deploymentHighErrorRate

        Alert("DeploymentFailed",
              expr: "sum by (environment, service) (increase(\(C.deployments){status=\"failed\"}[10m])) > 0",
              severity: .critical,
              labels: ["category": "deployment"],
              summary: "Deployment of {{ $labels.service }} to {{ $labels.environment }} failed",
              description: "{{ $value }} deployment(s) of {{ $labels.service }} to {{ $labels.environment }} failed in the last 10 minutes.",
              runbook: Runbook(detection: "A `deployment_total{status=\"failed\"}` increase in the last 10 minutes.",
                               diagnosis: ["Find the failed stage on the Deployment Pipeline dashboard.", "Read the CI job logs."],
                               resolution: ["Fix the cause and redeploy, or roll back to the last good version."]),
              tests: [AlertTest("fires on a failed deployment", series: [
                  .init("deployment_total{environment=\"production\",service=\"api\",status=\"failed\"}", "0 0 1 1 1 1"),
              ], evalTime: .minutes(4), expect: [.init(labels: ["alertname": "DeploymentFailed", "category": "deployment", "environment": "production", "service": "api", "severity": "critical"],
                                                       value: 1)]),
                      AlertTest("stays quiet on success", series: [
                  .init("deployment_total{environment=\"production\",service=\"api\",status=\"success\"}", "0 1 2 3"),
              ], evalTime: .minutes(3), expect: [])])

        Alert("DeploymentRollbackDetected",
              expr: "sum by (environment, service, reason) (increase(\(C.rollbacks)[10m])) > 0",
              severity: .warning,
              labels: ["category": "deployment"],
              summary: "{{ $labels.service }} was rolled back in {{ $labels.environment }} ({{ $labels.reason }})",
              description: "A rollback of {{ $labels.service }} in {{ $labels.environment }} was recorded in the last 10 minutes, reason: {{ $labels.reason }}.",
              runbook: Runbook(detection: "A `deployment_rollback_total` increase in the last 10 minutes.",
                               diagnosis: ["Check the rollback reason label.", "Compare error rate and latency before and after the deployment on the Post-deployment Health dashboard."],
                               resolution: ["Keep the rolled-back version until the cause is fixed.", "Add a test that catches the regression."]),
              tests: [AlertTest("fires on a rollback", series: [
                  .init("deployment_rollback_total{environment=\"production\",service=\"api\",reason=\"smoke_test_failed\"}", "0 1 1 1"),
              ], evalTime: .minutes(2), expect: [.init(labels: ["alertname": "DeploymentRollbackDetected", "category": "deployment", "environment": "production", "service": "api", "reason": "smoke_test_failed", "severity": "warning"])])])

        Alert("SmokeTestsFailing",
              expr: "sum by (environment) (increase(\(C.smokeTests){result=\"failed\"}[15m])) > 0",
              severity: .critical,
              labels: ["category": "deployment"],
              summary: "Smoke tests are failing in {{ $labels.environment }}",
              description: "{{ $value }} smoke test run(s) failed in {{ $labels.environment }} in the last 15 minutes.",
              runbook: Runbook(detection: "A `smoke_test_total{result=\"failed\"}` increase in the last 15 minutes.",
                               diagnosis: ["Read the smoke test report of the last pipeline run.", "Check the health of the services the tests call."],
                               resolution: ["Roll back if the failure is caused by the new version."]))

        Alert("DeploymentRolloutStuck",
              expr: "max by (environment, service) (\(C.inProgress)) > 0",
              severity: .warning,
              for: .minutes(30),
              labels: ["category": "deployment"],
              summary: "Deployment of {{ $labels.service }} to {{ $labels.environment }} has been running for over 30 minutes",
              description: "deployment_in_progress has stayed at 1 for 30 minutes; the pipeline may be hung.",
              runbook: Runbook(detection: "`deployment_in_progress` stays at 1 for 30 minutes.",
                               diagnosis: ["Check whether the CI job is still running.", "Look for a stage waiting on an approval or a lock."],
                               resolution: ["Cancel the stuck run and redeploy.", "If the job died, push deployment_in_progress=0 for the service."]))

        Alert("DeploymentFrequencyAnomaly",
              expr: "sum by (environment) (increase(\(C.deployments)[1d])) > 3 * \(R.frequencyPerDay)",
              severity: .info,
              for: .minutes(30),
              labels: ["category": "deployment"],
              summary: "Unusually many deployments to {{ $labels.environment }} today",
              description: "More than three times the usual daily number of deployments ran in the last day ({{ $value }}).",
              runbook: Runbook(detection: "Deployments in the last day exceed three times the weekly daily average.",
                               diagnosis: ["Look for a retry loop or a flapping pipeline.", "Check whether an incident caused repeated hotfixes."],
                               resolution: ["Stabilise the pipeline; batch changes if the team deploys in a loop."]))

        Alert("DatabaseMigrationFailed",
              expr: "sum by (environment) (increase(\(C.migrations){status=\"failed\"}[10m])) > 0",
              severity: .critical,
              labels: ["category": "deployment"],
              summary: "A database migration failed in {{ $labels.environment }}",
              description: "{{ $value }} database migration(s) failed in {{ $labels.environment }} in the last 10 minutes.",
              runbook: Runbook(detection: "A `database_migration_total{status=\"failed\"}` increase.",
                               diagnosis: ["Read the migration job log.", "Check the schema version table for a half-applied migration."],
                               resolution: ["Fix the migration and re-run it; restore from backup if data was damaged."]))

        Alert("DatabaseMigrationSlow",
              expr: "histogram_quantile(0.95, sum by (environment, le) (rate(\(C.migrationDuration.bucket)[1h])))",
              severities: .warning(above: 300),
              labels: ["category": "deployment"],
              summary: "Database migrations in {{ $labels.environment }} take {{ $value | humanizeDuration }} (p95)",
              description: "The 95th percentile of migration duration over the last hour is above 5 minutes.",
              runbook: Runbook(detection: "p95 of `database_migration_duration_seconds` over 1h above 300 s.",
                               diagnosis: ["Find the slow migration in the job log.", "Check for table locks and missing indexes."],
                               resolution: ["Split large migrations; run data backfills outside the deployment."]))
    }

    static let errorRateRunbook = Runbook(
        detection: "`service:http_errors:ratio_rate5m` above 5 % for 5 minutes (staging: warning, production: critical).",
        diagnosis: ["Check whether a deployment happened just before (deployment markers on the Post-deployment Health dashboard).", "Break errors down by status code and endpoint."],
        resolution: ["Roll back a bad deployment.", "Scale or fix the failing dependency."])

    static let latencyRunbook = Runbook(
        detection: "`service:http_request_duration_seconds:p95_5m` above 0.5 s for 5 minutes (staging: warning, production: critical).",
        diagnosis: ["Compare latency before and after the last deployment.", "Check database latency and saturation."],
        resolution: ["Roll back a bad deployment; add capacity if the load grew."])

    /// HighErrorRate for one environment (`file`/`line` point the build's errors at the caller).
    static func highErrorRate(_ env: String, _ severity: AlertSeverity, file: String = #filePath, line: Int = #line, column: Int = #column) -> AlertRule {
        Alert("HighErrorRate",
              expr: "\(R.errorRatio){environment=\"\(env)\"} > \(errorRatioThreshold)",
              severity: severity, for: .minutes(5), labels: ["category": "application"],
              summary: "{{ $labels.service }} in \(env) answers {{ $value | humanizePercentage }} of requests with 5xx",
              description: "The 5xx ratio of {{ $labels.service }} in \(env) is above 5 % for 5 minutes.", runbook: errorRateRunbook, file: file, line: line, column: column)
    }

    /// HighLatencyP95 for one environment.
    static func highLatency(_ env: String, _ severity: AlertSeverity, file: String = #filePath, line: Int = #line, column: Int = #column) -> AlertRule {
        Alert("HighLatencyP95",
              expr: "\(R.latencyP95){environment=\"\(env)\"} > \(latencyP95Threshold)",
              severity: severity, for: .minutes(5), labels: ["category": "application"],
              summary: "{{ $labels.service }} in \(env): p95 latency {{ $value | humanizeDuration }}",
              description: "The 95th percentile latency of {{ $labels.service }} in \(env) is above 500 ms for 5 minutes.", runbook: latencyRunbook, file: file, line: line, column: column)
    }

    // Staging warns, production pages.
    public static let highErrorRateStaging = highErrorRate("staging", .warning)
    public static let highErrorRateProduction = highErrorRate("production", .critical)
    public static let highLatencyStaging = highLatency("staging", .warning)
    public static let highLatencyProduction = highLatency("production", .critical)

    public static let healthCheckFailing = Alert("HealthCheckFailing",
              expr: "\(C.healthCheckStatus) == 0",
              severity: .critical,
              for: .minutes(2),
              labels: ["category": "deployment"],
              summary: "Health check of {{ $labels.service }} in {{ $labels.environment }} is failing",
              description: "The post-deployment health check has failed for 2 minutes.",
              runbook: Runbook(detection: "`health_check_status == 0` for 2 minutes.",
                               diagnosis: ["Call the health endpoint by hand.", "Check the service's dependencies (database: `pg_up`)."],
                               resolution: ["Restart or roll back the service."]),
              tests: [AlertTest("fires after two minutes of failed checks", series: [
                  .init("health_check_status{environment=\"production\",service=\"api\"}", "1 0 0 0 0"),
              ], evalTime: .minutes(4), expect: [.init(labels: ["alertname": "HealthCheckFailing", "category": "deployment", "environment": "production", "service": "api", "severity": "critical"])])])

    public static let application = RuleGroup("application.alerts", interval: .seconds(30)) {
        highErrorRateStaging
        highErrorRateProduction
        highLatencyStaging
        highLatencyProduction

        Alert("PostDeploymentErrorSpike",
              expr: """
                \(R.errorRatio) > 2 * (\(R.errorRatio) offset 1h)
                  and \(R.errorRatio) > 0.01
                  and on (environment, service) (time() - \(C.lastSuccess) < 1800)
                """,
              severity: .warning,
              for: .minutes(2),
              labels: ["category": "application"],
              summary: "{{ $labels.service }} errors doubled after a deployment to {{ $labels.environment }}",
              description: "The 5xx ratio is more than twice what it was an hour ago, within 30 minutes of a deployment.",
              runbook: Runbook(detection: "Error ratio above twice its value an hour ago (and above 1 %) within 30 minutes of a successful deployment.",
                               diagnosis: ["Compare the canary and stable versions on the Canary dashboard.", "Diff the deployed release against the previous one."],
                               resolution: ["Roll back."]))

        Alert("PodCrashLooping",
              expr: "increase(\(C.podRestarts)[15m]) > 3",
              severity: .warning,
              for: .minutes(5),
              labels: ["category": "application"],
              summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping",
              description: "Container {{ $labels.container }} restarted more than 3 times in 15 minutes.",
              runbook: Runbook(detection: "More than 3 container restarts in 15 minutes.",
                               diagnosis: ["`kubectl logs --previous` on the container.", "Check for OOM kills and failing probes."],
                               resolution: ["Roll back the deployment if the new version crashes."]))

        Alert("PodsNotReadyAfterDeployment",
              expr: "sum by (namespace) (\(C.podReady){condition=\"false\"}) > 0",
              severity: .warning,
              for: .minutes(10),
              labels: ["category": "application"],
              summary: "{{ $value }} pod(s) in {{ $labels.namespace }} are not ready",
              description: "Pods have been not ready for 10 minutes.",
              runbook: Runbook(detection: "`kube_pod_status_ready{condition=\"false\"}` for 10 minutes.",
                               diagnosis: ["`kubectl describe pod` for failing readiness probes and events."],
                               resolution: ["Fix the probe or the dependency it waits for; roll back if the release is at fault."]))

        healthCheckFailing
    }
}
