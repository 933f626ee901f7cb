extension Project {
    /// Checks everything that must hold before anything is rendered: every expression parses
    /// and type-checks (with the project's Prometheus features), names are unique, secrets are
    /// references. Returns every problem found, located at its declaration.
    public func validate() -> [BuildIssue] {
        var issues: [BuildIssue] = []
        let options = ParseOptions(features: prometheus.features)

        func checkExpr(_ expr: String, site: DeclarationSite, what: String) {
            let (_, diags) = PromQL.check(expr, options: options)
            for d in diags {
                issues.append(BuildIssue(id: d.id.isEmpty ? "promql/syntax" : d.id, message: "\(what): \(d.message)",
                                         site: site, expression: expr, range: d.range))
            }
        }

        /// A test's expected annotations must expand; problems point at the test's line.
        func checkTest(_ t: AlertTest, of a: AlertRule) {
            if let name = t.alertName, name != a.name, alertNames[name] == nil {
                issues.append(BuildIssue(id: "rules/test", message: "test \"\(t.name)\" of alert \(a.name) evaluates alert \(name), which the project does not declare", site: t.site))
            }
            for e in t.expected where e.annotations == nil {
                for (k, v) in a.annotations.all.sorted(by: { $0.key < $1.key }) {
                    do {
                        _ = try AlertTemplate.render(v, labels: a.templateLabels(forExpected: e.labels), value: e.value)
                    } catch {
                        let what = "test \"\(t.name)\" of alert \(a.name): annotation \(k)"
                        let message = switch error.kind {
                        case .needsValue: "\(what) reads $value; give the alert's value at \(t.evalTime) (`value:`) or the expected annotations"
                        case .needsPrometheus: "\(what): \(error.message)"
                        case .syntax, .execution: "\(what) does not expand (\(error.message)); fix the template or give the expected annotations"
                        }
                        issues.append(BuildIssue(id: "rules/test", message: message, site: t.site))
                    }
                }
            }
            let evaluated = t.alertName ?? a.name
            for e in t.expected {
                if let n = e.labels["alertname"], n != evaluated {
                    issues.append(BuildIssue(id: "rules/test", message: "test \"\(t.name)\" of alert \(a.name) expects alertname \"\(n)\", but evaluates \(evaluated)", site: t.site))
                }
                if evaluated == a.name, !a.severities.isEmpty, let sev = e.labels["severity"], !a.severities.contains(where: { $0.severity.rawValue == sev }) {
                    issues.append(BuildIssue(id: "rules/test", message: "test \"\(t.name)\" of alert \(a.name) expects severity \"\(sev)\", which its ladder does not have (\(a.severities.map(\.severity.rawValue).joined(separator: ", ")))", site: t.site))
                }
            }
        }
        var alertNames: [String: DeclarationSite] = [:]
        for (_, _, a) in alerts where alertNames[a.name] == nil { alertNames[a.name] = a.site }

        var metricSites: [String: DeclarationSite] = [:]
        for m in metrics {
            if let first = metricSites[m.name] {
                issues.append(BuildIssue(id: "catalog/duplicate", message: "metric \"\(m.name)\" is declared twice (first at \(first))", site: m.site))
            } else {
                metricSites[m.name] = m.site
            }
            if !isLegacyMetricName(m.name) {
                issues.append(BuildIssue(id: "catalog/name", message: "metric name \"\(m.name)\" is not a valid Prometheus metric name", site: m.site))
            }
            for l in m.labels where !isLegacyLabelName(l.name) || l.name.hasPrefix("__") {
                issues.append(BuildIssue(id: "catalog/label", message: "label name \"\(l.name)\" of \"\(m.name)\" is not valid", site: m.site))
            }
        }

        var fileNames: [String: DeclarationSite] = [:]
        for f in ruleFiles {
            let key = OutputPaths.sanitizedFileName(f.name)
            if let first = fileNames[key] {
                issues.append(BuildIssue(id: "rules/duplicate", message: "rule file \"\(f.name)\" would overwrite another one (first at \(first))", site: f.site))
            }
            fileNames[key] = f.site
            var groupNames: Set<String> = []
            for g in f.groups {
                if !groupNames.insert(g.name).inserted {
                    issues.append(BuildIssue(id: "rules/duplicate", message: "group \"\(g.name)\" appears twice in rule file \"\(f.name)\"", site: g.site))
                }
                if g.rules.isEmpty {
                    issues.append(BuildIssue(id: "rules/empty", severity: .warning, message: "group \"\(g.name)\" has no rules", site: g.site))
                }
                var seen: Set<String> = []
                for r in g.rules {
                    switch r {
                    case .alert(let a):
                        checkExpr(a.expr, site: a.site, what: "alert \(a.name)")
                        if !isLegacyLabelName(a.name) && a.name.isEmpty {
                            issues.append(BuildIssue(id: "rules/name", message: "alert name must not be empty", site: a.site))
                        }
                        for c in a.expanded() {
                            let key = "alert:\(c.name):\(c.labels.sorted { $0.key < $1.key })"
                            if !seen.insert(key).inserted {
                                issues.append(BuildIssue(id: "rules/duplicate", message: "alert \"\(c.name)\" is declared twice in group \"\(g.name)\" with the same labels", site: a.site))
                            }
                        }
                        for t in a.tests { checkTest(t, of: a) }
                        let severities = a.severities.map(\.severity)
                        if Set(severities).count != severities.count {
                            issues.append(BuildIssue(id: "rules/duplicate", message: "alert \"\(a.name)\" lists a severity twice", site: a.site))
                        }
                        if !a.severities.isEmpty, a.labels["severity"] != nil {
                            issues.append(BuildIssue(id: "rules/duplicate", message: "alert \"\(a.name)\" sets a severity label and a severity ladder", site: a.site))
                        }
                    case .recording(let rr):
                        checkExpr(rr.expr, site: rr.site, what: "recording rule \(rr.record)")
                        if !isLegacyMetricName(rr.record) {
                            issues.append(BuildIssue(id: "rules/name", message: "recording rule name \"\(rr.record)\" is not a valid metric name", site: rr.site))
                        }
                        let key = "record:\(rr.record):\(rr.labels.sorted { $0.key < $1.key })"
                        if !seen.insert(key).inserted {
                            issues.append(BuildIssue(id: "rules/duplicate", message: "recording rule \"\(rr.record)\" is declared twice in group \"\(g.name)\" with the same labels", site: rr.site))
                        }
                    }
                }
            }
        }

        var jobNames: Set<String> = []
        for j in scrapeJobs {
            if !jobNames.insert(j.name).inserted {
                issues.append(BuildIssue(id: "scrape/duplicate", message: "scrape job \"\(j.name)\" is declared twice", site: j.site))
            }
            // Secrets and timeouts are lint checks (scrape/secrets, scrape/timeout), run on this model too.
        }
        if let am = alertmanager {
            var names: Set<String> = []
            for r in am.receivers where !names.insert(r.name).inserted {
                issues.append(BuildIssue(id: "alertmanager/receiver", message: "receiver \"\(r.name)\" is declared twice", site: r.site))
            }
            func checkMatchers(_ ms: [AlertMatcher], _ what: String, site: DeclarationSite) {
                for m in ms {
                    if let err = m.error {
                        issues.append(BuildIssue(id: "alertmanager/matcher", message: "\(what) matcher \(m.source.map { "\"\($0)\"" } ?? m.description): \(err)", site: site))
                    }
                }
            }
            func walk(_ r: AlertRoute, top: Bool) {
                if top && r.receiver == nil {
                    issues.append(BuildIssue(id: "alertmanager/route", message: "the top route needs a receiver", site: r.site))
                }
                if top && !r.matchers.isEmpty {
                    issues.append(BuildIssue(id: "alertmanager/route", message: "the top route must not have matchers (it receives every alert)", site: r.site))
                }
                if let rc = r.receiver, !names.contains(rc) {
                    issues.append(BuildIssue(id: "alertmanager/route", message: "route sends to undeclared receiver \"\(rc)\"", site: r.site))
                }
                checkMatchers(r.matchers, "route", site: r.site)
                for c in r.routes { walk(c, top: false) }
            }
            walk(am.route, top: true)
            for i in am.inhibitRules {
                checkMatchers(i.sourceMatchers, "inhibit rule source", site: i.site)
                checkMatchers(i.targetMatchers, "inhibit rule target", site: i.site)
                for l in i.equal where !isLegacyLabelName(l) {
                    issues.append(BuildIssue(id: "alertmanager/matcher", message: "inhibit rule: \"\(l)\" in equal is not a label name", site: i.site))
                }
            }
        }
        for d in dashboards {
            for p in d.allPanelSpecs {
                if let u = p.unit, !u.isKnown {
                    issues.append(BuildIssue(id: "dashboards/unit", severity: .warning,
                                             message: "panel \"\(p.title)\": unit \"\(u.rawValue)\" is not in Grafana's unit catalogue (it shows as a suffix); use a GrafanaUnit, or .suffix(\"\(u.rawValue)\") to mean it",
                                             site: p.site))
                }
            }
        }
        var sloIDs: [String: DeclarationSite] = [:]
        for slo in slos {
            for p in slo.problems {
                issues.append(BuildIssue(id: "slo/spec", message: "SLO \"\(slo.name)\": \(p.message)", site: slo.site))
            }
            if let first = sloIDs[slo.id] {
                issues.append(BuildIssue(id: "slo/spec", message: "SLO \"\(slo.name)\" of service \"\(slo.service)\" is declared twice (first at \(first))", site: slo.site))
            } else {
                sloIDs[slo.id] = slo.site
            }
        }
        return issues
    }

    /// The project when it has no errors; throws every problem otherwise.
    public func build() throws(BuildFailure) -> Project {
        let errors = validate().filter { $0.severity == .error }
        if !errors.isEmpty { throw BuildFailure(issues: errors) }
        return self
    }
}
