/// Renders `alertmanager.yml`. Secrets are always `*_file` references.
public enum AlertmanagerRenderer {
    public static func render(_ c: AlertmanagerConfig, source: String) -> String {
        var doc: [(String, YAMLValue)] = []
        if let r = c.resolveTimeout { doc.append(("global", .map([("resolve_timeout", .string(r.description))]))) }
        doc.append(("route", route(c.route)))
        if !c.inhibitRules.isEmpty {
            doc.append(("inhibit_rules", .list(c.inhibitRules.map { i in
                .map([("source_matchers", .list(i.sourceMatchers.map { .string($0.description) })),
                      ("target_matchers", .list(i.targetMatchers.map { .string($0.description) })),
                      ("equal", .list(i.equal.map { .string($0) }))])
            })))
        }
        doc.append(("receivers", .list(c.receivers.map(receiver))))
        return YAMLWriter.write(.map(doc), header: RuleFileRenderer.header(source: source))
    }

    static func route(_ r: AlertRoute) -> YAMLValue {
        var m: [(String, YAMLValue)] = []
        if let rc = r.receiver { m.append(("receiver", .string(rc))) }
        if !r.matchers.isEmpty { m.append(("matchers", .list(r.matchers.map { .string($0.description) }))) }
        if let g = r.groupBy { m.append(("group_by", .list(g.map { .string($0) }))) }
        if let w = r.groupWait { m.append(("group_wait", .string(w.description))) }
        if let i = r.groupInterval { m.append(("group_interval", .string(i.description))) }
        if let rep = r.repeatInterval { m.append(("repeat_interval", .string(rep.description))) }
        if r.continue { m.append(("continue", .bool(true))) }
        if !r.routes.isEmpty { m.append(("routes", .list(r.routes.map(route)))) }
        return .map(m)
    }

    static func receiver(_ r: Receiver) -> YAMLValue {
        var m: [(String, YAMLValue)] = [("name", .string(r.name))]
        if !r.slack.isEmpty {
            m.append(("slack_configs", .list(r.slack.map { s in
                .map([("api_url_file", .string(s.webhookURLFile)), ("channel", .string(s.channel)), ("send_resolved", .bool(s.sendResolved)),
                      ("title", .string(s.title)), ("text", .string(s.text))])
            })))
        }
        if !r.pagerDuty.isEmpty {
            m.append(("pagerduty_configs", .list(r.pagerDuty.map { p in
                .map([("routing_key_file", .string(p.routingKeyFile)), ("description", .string(p.description)), ("severity", .string(p.severity))])
            })))
        }
        if !r.email.isEmpty {
            m.append(("email_configs", .list(r.email.map { e in
                var em: [(String, YAMLValue)] = [("to", .string(e.to)), ("from", .string(e.from)), ("smarthost", .string(e.smarthost))]
                if let u = e.username { em.append(("auth_username", .string(u))) }
                if let p = e.passwordFile { em.append(("auth_password_file", .string(p))) }
                return .map(em)
            })))
        }
        if !r.webhooks.isEmpty {
            m.append(("webhook_configs", .list(r.webhooks.map { w in .map([("url", .string(w.url)), ("send_resolved", .bool(w.sendResolved))]) })))
        }
        return .map(m)
    }
}
