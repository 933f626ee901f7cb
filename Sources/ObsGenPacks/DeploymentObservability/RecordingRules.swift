import ObsGen

/// Recording rules: everything the alerts and dashboards read, defined once. The seed
/// dashboard read `deployment:success_rate:1h` without ever defining it; it is defined here.
public enum DeploymentRecordingRules {
    typealias C = DeploymentCatalog

    public static let successRate1h = "deployment:success_rate:1h"
    public static let rollbackRate1h = "deployment:rollback_rate:1h"
    public static let frequencyPerDay = "deployment:frequency_per_day:7d"
    public static let changeFailureRate = "deployment:change_failure_rate:7d"
    public static let timeToRestore = "deployment:time_to_restore:seconds"
    public static let smokeTestPassRate = "smoke_test:pass_rate:1h"
    public static let requestRate = "service:http_requests:rate5m"
    public static let errorRatio = "service:http_errors:ratio_rate5m"
    public static let latencyP95 = "service:http_request_duration_seconds:p95_5m"
    public static let latencyP99 = "service:http_request_duration_seconds:p99_5m"
    public static let canaryErrorRatio = "version:http_errors:ratio_rate5m"

    public static let deployments = RuleGroup("deployment.recording", interval: .seconds(30)) {
        Record(successRate1h, expr: """
            sum by (environment) (increase(\(C.deployments){status="success"}[1h]))
              /
            sum by (environment) (increase(\(C.deployments)[1h]))
            """)
        Record(rollbackRate1h, expr: """
            sum by (environment) (increase(\(C.rollbacks)[1h]))
              /
            sum by (environment) (increase(\(C.deployments)[1h]))
            """)
        // DORA: deployment frequency (successful deployments per day, over a week).
        Record(frequencyPerDay, expr: "sum by (environment) (increase(\(C.deployments){status=\"success\"}[7d])) / 7")
        // DORA: change failure rate (failed or rolled-back share of deployments, over a week).
        Record(changeFailureRate, expr: """
            sum by (environment) (increase(\(C.deployments){status=~"failed|rolled_back"}[7d]))
              /
            sum by (environment) (increase(\(C.deployments)[7d]))
            """)
        // DORA: time to restore — how long the last failure stood before the next success.
        Record(timeToRestore, expr: """
            clamp_min(
              max by (environment, service) (\(C.lastSuccess))
                - on (environment, service)
              max by (environment, service) (\(C.lastFailure)),
              0
            )
            """)
        Record(smokeTestPassRate, expr: """
            sum by (environment) (increase(\(C.smokeTests){result="passed"}[1h]))
              /
            sum by (environment) (increase(\(C.smokeTests)[1h]))
            """)
    }

    public static let application = RuleGroup("application.recording", interval: .seconds(30)) {
        Record(requestRate, expr: "sum by (environment, service) (rate(\(C.httpRequests)[5m]))")
        Record(errorRatio, expr: """
            sum by (environment, service) (rate(\(C.httpRequests){status=~"5.."}[5m]))
              /
            sum by (environment, service) (rate(\(C.httpRequests)[5m]))
            """)
        Record(latencyP95, expr: "histogram_quantile(0.95, sum by (environment, service, le) (rate(\(C.httpDuration.bucket)[5m])))")
        Record(latencyP99, expr: "histogram_quantile(0.99, sum by (environment, service, le) (rate(\(C.httpDuration.bucket)[5m])))")
        Record(canaryErrorRatio, expr: """
            sum by (environment, service, version) (rate(\(C.httpRequests){status=~"5.."}[5m]))
              /
            sum by (environment, service, version) (rate(\(C.httpRequests)[5m]))
            """)
    }
}
