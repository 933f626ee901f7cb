/// Alertmanager routing: a tree of routes to receivers whose secrets are file references.
public struct AlertRoute: Sendable, Hashable {
    public var receiver: String?
    /// Matchers in Alertmanager's syntax: `.severity(.critical)`, `"category=~\"deploy.*\""`.
    public var matchers: [AlertMatcher]
    public var groupBy: [String]?
    public var groupWait: PromDuration?
    public var groupInterval: PromDuration?
    public var repeatInterval: PromDuration?
    public var `continue`: Bool
    public var routes: [AlertRoute]
    /// Where the route was declared: its problems are reported there.
    public var site: DeclarationSite

    public init(receiver: String? = nil, matchers: [AlertMatcher] = [], groupBy: [String]? = nil, groupWait: PromDuration? = nil,
                groupInterval: PromDuration? = nil, repeatInterval: PromDuration? = nil, continue: Bool = false, routes: [AlertRoute] = [],
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.receiver = receiver
        self.matchers = matchers
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.continue = `continue`
        self.routes = routes
        self.site = DeclarationSite(file: file, line: line, column: column)
    }
}

public struct SlackReceiver: Sendable, Hashable {
    public var channel: String
    /// File holding the webhook URL (`api_url_file`).
    public var webhookURLFile: String
    public var title: String
    public var text: String
    public var sendResolved: Bool
    public init(channel: String, webhookURLFile: String, title: String = "{{ .CommonLabels.alertname }}",
                text: String = "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}", sendResolved: Bool = true) {
        self.channel = channel
        self.webhookURLFile = webhookURLFile
        self.title = title
        self.text = text
        self.sendResolved = sendResolved
    }
}

public struct PagerDutyReceiver: Sendable, Hashable {
    /// File holding the Events API v2 routing key (`routing_key_file`).
    public var routingKeyFile: String
    public var description: String
    public var severity: String
    public init(routingKeyFile: String, description: String = "{{ .CommonAnnotations.summary }}", severity: String = "{{ .CommonLabels.severity }}") {
        self.routingKeyFile = routingKeyFile
        self.description = description
        self.severity = severity
    }
}

public struct EmailReceiver: Sendable, Hashable {
    public var to: String
    public var from: String
    public var smarthost: String
    public var username: String?
    /// File holding the SMTP password (`auth_password_file`).
    public var passwordFile: String?
    public init(to: String, from: String, smarthost: String, username: String? = nil, passwordFile: String? = nil) {
        self.to = to
        self.from = from
        self.smarthost = smarthost
        self.username = username
        self.passwordFile = passwordFile
    }
}

public struct WebhookReceiver: Sendable, Hashable {
    public var url: String
    public var sendResolved: Bool
    public init(url: String, sendResolved: Bool = true) {
        self.url = url
        self.sendResolved = sendResolved
    }
}

public struct Receiver: Sendable, Hashable {
    public var name: String
    public var slack: [SlackReceiver]
    public var pagerDuty: [PagerDutyReceiver]
    public var email: [EmailReceiver]
    public var webhooks: [WebhookReceiver]
    /// Where the receiver was declared.
    public var site: DeclarationSite
    public init(_ name: String, slack: [SlackReceiver] = [], pagerDuty: [PagerDutyReceiver] = [], email: [EmailReceiver] = [], webhooks: [WebhookReceiver] = [],
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.name = name
        self.slack = slack
        self.pagerDuty = pagerDuty
        self.email = email
        self.webhooks = webhooks
        self.site = DeclarationSite(file: file, line: line, column: column)
    }
}

public struct InhibitRule: Sendable, Hashable {
    public var sourceMatchers: [AlertMatcher]
    public var targetMatchers: [AlertMatcher]
    public var equal: [String]
    /// Where the rule was declared: its problems are reported there.
    public var site: DeclarationSite
    public init(source: [AlertMatcher], target: [AlertMatcher], equal: [String], file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.sourceMatchers = source
        self.targetMatchers = target
        self.equal = equal
        self.site = DeclarationSite(file: file, line: line, column: column)
    }
}

public struct AlertmanagerConfig: Sendable, Hashable {
    public var resolveTimeout: PromDuration?
    public var route: AlertRoute
    public var receivers: [Receiver]
    public var inhibitRules: [InhibitRule]
    public var site: DeclarationSite
    public init(resolveTimeout: PromDuration? = .minutes(5), route: AlertRoute, receivers: [Receiver], inhibitRules: [InhibitRule] = [],
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        self.resolveTimeout = resolveTimeout
        self.route = route
        self.receivers = receivers
        self.inhibitRules = inhibitRules
        self.site = DeclarationSite(file: file, line: line, column: column)
    }
}
