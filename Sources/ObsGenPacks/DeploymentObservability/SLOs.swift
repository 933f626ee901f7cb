import ObsGen

/// Service level objectives of deployments and of the application behind them, over 30 days
/// in production, next to the threshold alerts: these page on how fast the month's error
/// budget burns, the threshold alerts on how bad the last minutes are.
public enum DeploymentSLOs {
    typealias C = DeploymentCatalog

    static let annotations: Labels = [
        "summary": "{{$labels.sloth_service}} {{$labels.sloth_slo}} burns its error budget too fast",
        "description": "The error ratio of SLO {{$labels.sloth_slo}} of {{$labels.sloth_service}} spends the 30-day error budget faster than the objective allows (multiwindow burn-rate alert).",
    ]

    /// 95 % of production deployments succeed (neither failed nor rolled back).
    public static let deploymentSuccess = SLO("deployment-success", service: "deployment", objective: 95,
        description: "Production deployments that neither fail nor are rolled back.",
        sli: .events(errors: "sum(rate(\(C.deployments){environment=\"production\",status!=\"success\"}[{{.window}}]))",
                     total: "sum(rate(\(C.deployments){environment=\"production\"}[{{.window}}]))"),
        labels: ["category": "deployment"],
        alerting: SLOAlerting(name: "DeploymentSuccessBudgetBurn", annotations: annotations,
                              page: .labels(["severity": "warning"]), ticket: .labels(["severity": "info"])))

    /// 99.9 % of production requests are answered without a 5xx (the requests HighErrorRate
    /// and PostDeploymentErrorSpike watch).
    public static let availability = SLO("requests-availability", service: "application", objective: 99.9,
        description: "Production HTTP requests answered without a 5xx.",
        sli: .events(errors: "sum(rate(\(C.httpRequests){environment=\"production\",status=~\"5..\"}[{{.window}}]))",
                     total: "sum(rate(\(C.httpRequests){environment=\"production\"}[{{.window}}]))"),
        labels: ["category": "application"],
        alerting: SLOAlerting(name: "APIAvailabilityBudgetBurn", annotations: annotations,
                              page: .labels(["severity": "critical"]), ticket: .labels(["severity": "warning"])))

    /// 99 % of production requests are answered within HighLatencyP95's threshold (0.5 s, a
    /// bucket boundary of the latency histogram).
    public static let latency = SLO("requests-latency", service: "application", objective: 99,
        description: "Production HTTP requests answered within \(DeploymentAlerts.latencyP95Threshold) s.",
        sli: .events(errors: """
                         sum(rate(\(C.httpDuration.count){environment="production"}[{{.window}}]))
                         - sum(rate(\(C.httpDuration.bucket){environment="production",le="\(DeploymentAlerts.latencyP95Threshold)"}[{{.window}}]))
                         """,
                     total: "sum(rate(\(C.httpDuration.count){environment=\"production\"}[{{.window}}]))"),
        labels: ["category": "application"],
        alerting: SLOAlerting(name: "APILatencyBudgetBurn", annotations: annotations,
                              page: .labels(["severity": "critical"]), ticket: .labels(["severity": "warning"])))

    public static let all = [deploymentSuccess, availability, latency]
}
