import ObsGen

/// Alertmanager routing from the write-ups: deployment alerts by severity to PagerDuty (critical)
/// and Slack (warning), application alerts likewise, info by e-mail. Every secret is a file the
/// Alertmanager reads at run time (mounted from a Kubernetes secret), never a value in the file.
public enum DeploymentRouting {
    static let secrets = "/etc/alertmanager/secrets"

    public static let config = AlertmanagerConfig(
        route: AlertRoute(
            receiver: "deployment-alerts",
            groupBy: ["alertname", "environment", "service"],
            groupWait: .seconds(10), groupInterval: .seconds(10), repeatInterval: .hours(12),
            routes: [
                AlertRoute(receiver: "pagerduty-critical", matchers: [.severity(.critical)], routes: []),
                AlertRoute(receiver: "slack-warnings", matchers: [.severity(.warning), .equal("category", "deployment")]),
                AlertRoute(receiver: "slack-application", matchers: [.severity(.warning), .equal("category", "application")]),
                AlertRoute(receiver: "email-info", matchers: [.severity(.info)]),
            ]),
        receivers: [
            Receiver("deployment-alerts", slack: [SlackReceiver(channel: "#deployments", webhookURLFile: "\(secrets)/slack-webhook-url", title: "Deployment alert")]),
            Receiver("pagerduty-critical", pagerDuty: [PagerDutyReceiver(routingKeyFile: "\(secrets)/pagerduty-routing-key")]),
            Receiver("slack-warnings", slack: [SlackReceiver(channel: "#deployment-warnings", webhookURLFile: "\(secrets)/slack-webhook-url", title: "Deployment warning")]),
            Receiver("slack-application", slack: [SlackReceiver(channel: "#app-alerts", webhookURLFile: "\(secrets)/slack-webhook-url", title: "Application warning")]),
            Receiver("email-info", email: [EmailReceiver(to: "platform-team@example.com", from: "alertmanager@example.com", smarthost: "smtp.example.com:587",
                                                         username: "alertmanager", passwordFile: "\(secrets)/smtp-password")]),
        ],
        inhibitRules: [
            // A critical alert silences the warning of the same alert for the same service.
            InhibitRule(source: [.severity(.critical)], target: [.severity(.warning)], equal: ["alertname", "environment", "service"]),
        ])
}
