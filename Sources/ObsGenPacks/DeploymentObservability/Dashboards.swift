import ObsGen

/// The pack's dashboards. Every query reads through the `$datasource` variable and is filtered
/// by the `$environment` (and `$service`) variables; latency is in seconds throughout.
public enum DeploymentDashboards {
    typealias C = DeploymentCatalog
    typealias R = DeploymentRecordingRules

    static let environment = QueryVariable("environment", query: "label_values(\(C.deployments), environment)", multi: true, includeAll: true, allValue: ".*")
    static let service = QueryVariable("service", query: "label_values(\(C.deployments){environment=~\"$environment\"}, service)", multi: true, includeAll: true, allValue: ".*")
    static let markers = Markers("Deployments", expr: "sum by (environment, service) (changes(\(C.lastSuccess){environment=~\"$environment\"}[2m])) > 0",
                                 color: "#73BF69", title: "Deployed {{service}} to {{environment}}", tags: "environment,service")

    public static let pipeline = DashboardSpec("Deployment Pipeline", uid: "deployment-pipeline",
                                               description: "Status, stage durations, errors and health checks of the deployment pipeline.",
                                               tags: ["deployments", "obsgen"]) {
        environment
        service
        markers
        Row("Status") {
            Stat("Deployments in progress", Query("sum(\(C.inProgress){environment=~\"$environment\", service=~\"$service\"})", instant: true), graph: false)
                .unit(.number).thresholds(Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(1, "blue")]))
            Stat("Failed deployments (24h)", Query("sum(increase(\(C.deployments){environment=~\"$environment\", service=~\"$service\", status=\"failed\"}[24h]))", instant: true), graph: false)
                .unit(.number).thresholds(Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(1, "red")]))
            Stat("Rollbacks (24h)", Query("sum(increase(\(C.rollbacks){environment=~\"$environment\", service=~\"$service\"}[24h]))", instant: true), graph: false)
                .unit(.number).thresholds(Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(1, "orange")]))
            Stat("Health check", Query("min(\(C.healthCheckStatus){environment=~\"$environment\", service=~\"$service\"})", instant: true), graph: false)
                .mappings([.value([("0", "Failing", "red"), ("1", "Healthy", "green")])])
                .thresholds(Thresholds(steps: [ThresholdStep(nil, "red"), ThresholdStep(1, "green")]))
                .runbookLink(DeploymentAlerts.healthCheckFailing)
        }
        Row("Stages") {
            TimeSeries("Stage duration (p95)",
                       Query("histogram_quantile(0.95, sum by (stage, le) (rate(\(C.stageDuration.bucket){environment=~\"$environment\", service=~\"$service\"}[$__rate_interval])))", legend: "{{stage}}"))
                .unit(.seconds).description("95th percentile of each pipeline stage's duration.")
            TimeSeries("Deployment duration (p50, p95)",
                       Query("histogram_quantile(0.5, sum by (le) (rate(\(C.deploymentDuration.bucket){environment=~\"$environment\", service=~\"$service\"}[$__rate_interval])))", legend: "p50"),
                       Query("histogram_quantile(0.95, sum by (le) (rate(\(C.deploymentDuration.bucket){environment=~\"$environment\", service=~\"$service\"}[$__rate_interval])))", legend: "p95"))
                .unit(.seconds)
            StateTimeline("Deployment status", Query("max by (service) (\(C.inProgress){environment=~\"$environment\", service=~\"$service\"})", legend: "{{service}}"))
                .mappings([.value([("0", "Idle", "transparent"), ("1", "Deploying", "blue")])])
        }
        Row("Errors and health") {
            BarGauge("Errors by stage and type (24h)",
                     Query("sum by (stage, error_type) (increase(\(C.errors){environment=~\"$environment\", service=~\"$service\"}[24h]))", legend: "{{stage}} / {{error_type}}", instant: true))
                .unit(.number)
            TimeSeries("Health check latency", Query("max by (service) (\(C.healthCheckDuration){environment=~\"$environment\", service=~\"$service\"})", legend: "{{service}}"))
                .unit(.seconds)
        }
    }

    public static let overview = DashboardSpec("Deployment Overview", uid: "deployment-overview",
                                               description: "Success rate, rollback rate, smoke tests and DORA figures.",
                                               tags: ["deployments", "dora", "obsgen"], from: "now-7d") {
        environment
        markers
        Stat("Success rate (1h)", Query("\(R.successRate1h){environment=~\"$environment\"}", legend: "{{environment}}"))
            .unit(.percentunit).decimals(1).range(min: 0, max: 1)
            .thresholds(Thresholds(steps: [ThresholdStep(nil, "red"), ThresholdStep(0.9, "orange"), ThresholdStep(0.95, "green")]))
        Stat("Rollback rate (1h)", Query("\(R.rollbackRate1h){environment=~\"$environment\"}", legend: "{{environment}}"))
            .unit(.percentunit).decimals(1).range(min: 0, max: 1)
        Stat("Smoke test pass rate (1h)", Query("\(R.smokeTestPassRate){environment=~\"$environment\"}", legend: "{{environment}}"))
            .unit(.percentunit).decimals(1).range(min: 0, max: 1)
            .thresholds(Thresholds(steps: [ThresholdStep(nil, "red"), ThresholdStep(1, "green")]))
        Stat("Deployments per day (7d)", Query("\(R.frequencyPerDay){environment=~\"$environment\"}", legend: "{{environment}}"))
            .unit(.number).decimals(1)
        TimeSeries("Deployment error ratio (1h)", Query("1 - \(R.successRate1h){environment=~\"$environment\"}", legend: "{{environment}}"))
            .unit(.percentunit).range(min: 0, max: 1)
            .thresholds(from: DeploymentAlerts.deploymentHighErrorRate)
        TimeSeries("Deployments by outcome", Query("sum by (status) (increase(\(C.deployments){environment=~\"$environment\"}[1h]))", legend: "{{status}}"))
            .unit(.number)
        Stat("Change failure rate (7d)", Query("\(R.changeFailureRate){environment=~\"$environment\"}", legend: "{{environment}}"))
            .unit(.percentunit).decimals(1).range(min: 0, max: 1)
        Stat("Time to restore", Query("max(\(R.timeToRestore){environment=~\"$environment\"})"))
            .unit(.seconds)
    }

    public static let health = DashboardSpec("Post-deployment Health", uid: "post-deployment-health",
                                             description: "Error rate and latency against the alert thresholds, with deployment markers.",
                                             tags: ["deployments", "obsgen"]) {
        environment
        service
        markers
        TimeSeries("5xx error ratio", Query("\(R.errorRatio){environment=~\"$environment\", service=~\"$service\"}", legend: "{{environment}} {{service}}"))
            .unit(.percentunit).range(min: 0)
            .thresholds(from: DeploymentAlerts.highErrorRateProduction)
            .runbookLink(DeploymentAlerts.highErrorRateProduction)
        TimeSeries("Latency p95", Query("\(R.latencyP95){environment=~\"$environment\", service=~\"$service\"}", legend: "{{environment}} {{service}}"))
            .unit(.seconds).range(min: 0)
            .thresholds(from: DeploymentAlerts.highLatencyProduction)
            .runbookLink(DeploymentAlerts.highLatencyProduction)
        TimeSeries("Latency p99", Query("\(R.latencyP99){environment=~\"$environment\", service=~\"$service\"}", legend: "{{environment}} {{service}}"))
            .unit(.seconds).range(min: 0)
        TimeSeries("Request rate", Query("\(R.requestRate){environment=~\"$environment\", service=~\"$service\"}", legend: "{{environment}} {{service}}"))
            .unit(.reqps)
        TimeSeries("Pod restarts (15m)", Query("sum by (namespace, pod) (increase(\(C.podRestarts)[15m]))", legend: "{{namespace}}/{{pod}}"))
            .unit(.number)
        Stat("Database reachable", Query("min(\(C.postgresUp))", instant: true), graph: false)
            .mappings([.value([("0", "Down", "red"), ("1", "Up", "green")])])
            .thresholds(Thresholds(steps: [ThresholdStep(nil, "red"), ThresholdStep(1, "green")]))
        AlertList("Firing alerts").size(w: 12, h: 8)
    }

    public static let canary = DashboardSpec("Canary", uid: "deployment-canary",
                                             description: "Traffic share and error rate of the canary against the stable version.",
                                             tags: ["deployments", "canary", "obsgen"], from: "now-3h") {
        environment
        service
        markers
        TimeSeries("Traffic share by version", Query("max by (version) (\(C.canaryTraffic){environment=~\"$environment\", service=~\"$service\"})", legend: "{{version}}"))
            .unit(.percentunit).range(min: 0, max: 1)
        TimeSeries("Error ratio by version", Query("\(R.canaryErrorRatio){environment=~\"$environment\", service=~\"$service\"}", legend: "{{version}}"))
            .unit(.percentunit).range(min: 0)
            .thresholds(Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(DeploymentAlerts.errorRatioThreshold, "red")]))
        TimeSeries("Latency p95 by version",
                   Query("histogram_quantile(0.95, sum by (version, le) (rate(\(C.httpDuration.bucket){environment=~\"$environment\", service=~\"$service\"}[$__rate_interval])))", legend: "{{version}}"))
            .unit(.seconds)
        Table("Canary against stable",
              Query("sum by (version) (rate(\(C.httpRequests){environment=~\"$environment\", service=~\"$service\"}[$__rate_interval]))", legend: "{{version}}", instant: true))
            .unit(.reqps)
    }

    public static let all = [pipeline, overview, health, canary]
}
