import ObsGen

/// Recording rules: everything the alerts and dashboards read, defined once. The seed
/// dashboard read `deployment:success_rate:1h` without ever defining it; it is defined here.
public enum DeploymentRecordingRules {
    typealias C = DeploymentCatalog

    public static let successRate1h = Record("deployment:success_rate:1h", expr: """
        sum by (environment) (increase(\(C.deployments){status="success"}[1h]))
          /
        sum by (environment) (increase(\(C.deployments)[1h]))
        """)

    public static let rollbackRate1h = Record("deployment:rollback_rate:1h", expr: """
        sum by (environment) (increase(\(C.rollbacks)[1h]))
          /
        sum by (environment) (increase(\(C.deployments)[1h]))
        """)

    // DORA: deployment frequency (successful deployments per day, over a week).
    public static let frequencyPerDay = Record("deployment:frequency_per_day:7d", expr: "sum by (environment) (increase(\(C.deployments){status=\"success\"}[7d])) / 7")

    // DORA: change failure rate (failed or rolled-back share of deployments, over a week).
    public static let changeFailureRate = Record("deployment:change_failure_rate:7d", expr: """
        sum by (environment) (increase(\(C.deployments){status=~"failed|rolled_back"}[7d]))
          /
        sum by (environment) (increase(\(C.deployments)[7d]))
        """)

    // DORA: time to restore — how long the last failure stood before the next success.
    public static let timeToRestore = Record("deployment:time_to_restore:seconds", expr: """
        clamp_min(
          max by (environment, service) (\(C.lastSuccess))
            - on (environment, service)
          max by (environment, service) (\(C.lastFailure)),
          0
        )
        """)

    public static let smokeTestPassRate = Record("smoke_test:pass_rate:1h", expr: """
        sum by (environment) (increase(\(C.smokeTests){result="passed"}[1h]))
          /
        sum by (environment) (increase(\(C.smokeTests)[1h]))
        """)

    public static let requestRate = Record("service:http_requests:rate5m", expr: "sum by (environment, service) (rate(\(C.httpRequests)[5m]))")

    public static let errorRatio = Record("service:http_errors:ratio_rate5m", expr: """
        sum by (environment, service) (rate(\(C.httpRequests){status=~"5.."}[5m]))
          /
        sum by (environment, service) (rate(\(C.httpRequests)[5m]))
        """)

    public static let latencyP95 = Record("service:http_request_duration_seconds:p95_5m", expr: "histogram_quantile(0.95, sum by (environment, service, le) (rate(\(C.httpDuration.bucket)[5m])))")

    public static let latencyP99 = Record("service:http_request_duration_seconds:p99_5m", expr: "histogram_quantile(0.99, sum by (environment, service, le) (rate(\(C.httpDuration.bucket)[5m])))")

    public static let canaryErrorRatio = Record("version:http_errors:ratio_rate5m", expr: """
        sum by (environment, service, version) (rate(\(C.httpRequests){status=~"5.."}[5m]))
          /
        sum by (environment, service, version) (rate(\(C.httpRequests)[5m]))
        """)

    public static let deployments = RuleGroup("deployment.recording", interval: .seconds(30)) {
        successRate1h
        rollbackRate1h
        frequencyPerDay
        changeFailureRate
        timeToRestore
        smokeTestPassRate
    }

    public static let application = RuleGroup("application.recording", interval: .seconds(30)) {
        requestRate
        errorRatio
        latencyP95
        latencyP99
        canaryErrorRatio
    }
}
