/// Malformed YAML or JSON, wrong types, duplicate and unknown keys.
public struct YAMLParse: LintCheck {
    public static let description = CheckDescription(
        id: "yaml/parse", severity: .error,
        summary: "The file cannot be read as what it claims to be.",
        rationale: "Prometheus refuses to load a rule file or configuration with a syntax error, a value of the wrong type, a duplicate key or a field it does not know; Grafana drops what it cannot read. obsgen reports each with its location instead of the first one only.",
        triggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        ↓sevrity: page\n"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: ↓[5m]\n"),
            Example(.rules, "groups:\n  - name: g\n    rules: [\n↓"),
            Example(.prometheusConfig, "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    ↓scrape_intervall: 1m\n"),
            // Grafana drops panels that are not a list.
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"D\", \"panels\": ↓{\"id\": 1, \"type\": \"timeseries\"}}"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - <<: ↓[a]\n        alert: A\n        expr: up == 0\n"),
        ],
        nonTriggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5m\n"),
            // Forms Prometheus reads: quoted keys (jsonnet's YAML), a byte order mark, JSON, merge keys.
            Example(.rules, "\"groups\":\n- \"name\": \"g\"\n  \"rules\":\n  - \"alert\": \"A\"\n    \"expr\": \"up == 0\"\n"),
            Example(.rules, "\u{FEFF}groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"),
            Example(.rules, "{\"groups\": [{\"name\": \"g\", \"rules\": [{\"alert\": \"A\", \"expr\": \"up == 0\"}]}]}"),
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - <<: &defaults\n          for: 5m\n        alert: A\n        expr: up == 0\n"),
            // A dashboard with no panels yet.
            Example(.dashboard, "{\"uid\": \"d\", \"title\": \"New dashboard\"}"),
        ])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for (file, d) in context.loadDiagnostics where LoadIssue.unreadable.contains(d.id) {
            report.add(file, d.range, d.message)
        }
    }
}
