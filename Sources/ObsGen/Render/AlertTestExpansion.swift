extension AlertRule {
    /// The labels Prometheus' templates see as `$labels` when the alert fires with these
    /// labels in a test: the series' own labels, so the expected labels without `alertname`
    /// and without the labels the rule sets itself (its `labels`, and `severity` of a ladder).
    public func templateLabels(forExpected labels: Labels) -> Labels {
        var l = labels
        l.removeValue(forKey: "alertname")
        for k in self.labels.keys { l.removeValue(forKey: k) }
        if !severities.isEmpty { l.removeValue(forKey: "severity") }
        return l
    }

    /// The annotations an expected alert of a test carries: the alert's own, expanded as
    /// Prometheus expands them for its labels and value.
    public func expectedAnnotations(for expected: AlertTest.ExpectedAlert, externalLabels: Labels = [:],
                                    externalURL: String = "") throws(AlertTemplate.Error) -> [String: String] {
        let labels = templateLabels(forExpected: expected.labels)
        var out: [String: String] = [:]
        for (k, v) in annotations.all {
            out[k] = try AlertTemplate.render(v, labels: labels, value: expected.value, externalLabels: externalLabels, externalURL: externalURL)
        }
        return out
    }
}
