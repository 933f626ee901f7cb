public struct ScrapeSecrets: LintCheck {
    public static let description = CheckDescription(
        id: "scrape/secrets", severity: .error,
        summary: "An inline secret (password, bearer token, credentials) instead of a file reference.",
        rationale: "prometheus.yml is committed, shown in the UI's configuration page and copied into support bundles; secrets belong in files the server reads (`password_file`, `credentials_file`).",
        triggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    ↓basic_auth:\n      username: u\n      password: hunter2\n    static_configs: [{targets: ['a:1']}]\n")],
        nonTriggering: [Example(.prometheusConfig, "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password_file: /etc/prometheus/secrets/a\n    static_configs: [{targets: ['a:1']}]\n")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for c in context.scrapeConfigs {
            for (i, j) in c.loaded.scrapeJobs.enumerated() {
                let at = c.location(job: i, in: context)
                for key in j.inlineSecretKeys {
                    // `basic_auth.password`: the block that holds the secret.
                    let block = String(key.split(separator: ".").first ?? Substring(key))
                    report.add(c.location(job: i, key: block, value: false, in: context), "job \(j.name) has an inline secret (\(key))",
                               hint: key.hasPrefix("basic_auth") ? "use password_file" : "use credentials_file")
                }
                // A DSL job naming an environment variable: Prometheus reads secrets from files only.
                switch j.auth {
                case .authorization(_, .environment(let v)), .basic(_, .environment(let v)):
                    report.add(at, "job \(j.name): Prometheus reads credentials from files, not from $\(v)", hint: "use .file(\"/etc/prometheus/secrets/…\")")
                default: break
                }
            }
        }
    }
}
