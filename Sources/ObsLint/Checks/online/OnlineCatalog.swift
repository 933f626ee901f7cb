public struct OnlineCatalog: LintCheck {
    static let config = """
        metrics:
          - name: deployment_total
            type: counter
            help: Deployments by outcome.
            labels: [environment, {name: status, values: [success, failed]}]
          - name: deploy_duration_seconds
            type: histogram
            help: Deployment duration.
            unit: seconds
            labels: [environment]
        """

    public static let description = CheckDescription(
        id: "online/catalog", severity: .warning,
        summary: "The project's metric catalog and the Prometheus server disagree: a declared metric without series, another kind or unit, labels one side has and the other does not.",
        rationale: "The catalog (the DSL's metrics, or obsgen.yml's `metrics:`) is what every check reasons with; it is only as good as its match with what exporters really expose. With `--prometheus URL`, each declared metric is compared with the server: no series at all (never seen in the look-back, or disappeared), a kind or unit that differs from the server's metadata, a label its series carry that the catalog does not declare (the reverse too), and a value outside a label's declared values. The target labels `job` and `instance` are not expected in the catalog (option `ignore_labels`).",
        triggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: deployments:rate5m\n        expr: sum(rate(deployment_total[5m]))\n",
                    obsgenConfig: config,
                    server: ServerFixture(series: ["deployment_total{environment=\"production\", status=\"success\", team=\"web\", job=\"ci\"}",
                                                   "deploy_duration_seconds_bucket{environment=\"production\", le=\"1\"}",
                                                   "deploy_duration_seconds_count{environment=\"production\"}",
                                                   "deploy_duration_seconds_sum{environment=\"production\"}"],
                                          metadata: ["deployment_total": "gauge", "deploy_duration_seconds": "histogram"])),
        ],
        nonTriggering: [
            Example(.rules, "groups:\n  - name: g\n    rules:\n      - record: deployments:rate5m\n        expr: sum(rate(deployment_total[5m]))\n",
                    obsgenConfig: config,
                    server: ServerFixture(series: ["deployment_total{environment=\"production\", status=\"success\", job=\"ci\", instance=\"pg:9091\"}",
                                                   "deploy_duration_seconds_bucket{environment=\"production\", le=\"1\"}",
                                                   "deploy_duration_seconds_count{environment=\"production\"}",
                                                   "deploy_duration_seconds_sum{environment=\"production\"}"],
                                          metadata: ["deployment_total": "counter", "deploy_duration_seconds": "histogram"])),
        ],
        options: [CheckOption("ignore_labels", .labelNames, default: "job,instance", "labels of the series that the catalog need not declare")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        guard let facts = context.server else { return }
        let ignored = Set((context.config.option(Self.description.id, "ignore_labels") ?? "job,instance").split(separator: ",").map(String.init))
            .union(["__name__", "le", "quantile"])
        for name in context.catalog.keys.sorted() {
            guard let m = context.catalog[name], let at = context.location(of: m.site) else { continue }
            let server = facts.server
            let present = m.seriesNames.filter { facts.hasSeries($0) == true }
            let meta = facts.metadata?[m.name]
            if present.isEmpty {
                let first = m.seriesNames[0]
                if let seen = facts.lastSeen[first] {
                    report.add(at, "declared metric \(m.name) has no series on \(server) now; it last had some \(facts.describe(seen))",
                               hint: "was it renamed, or is its target no longer scraped?")
                } else if meta != nil {
                    report.add(at, "declared metric \(m.name) has no series on \(server), though a target declares it in its metadata",
                               hint: "a metric without samples yet (a counter that never counted), or labels never set")
                } else {
                    report.add(at, "declared metric \(m.name) has no series on \(server) and no metadata, nor had any series in the last \(ServerFacts.human(facts.lookback))",
                               hint: "is it exposed and scraped, under this name?")
                }
            }
            if let meta, let kind = meta.kind, kind != m.kind, !(m.kind == .info && kind == .gauge) {
                report.add(at, "declared metric \(m.name) is a \(m.kind.rawValue); \(server)'s metadata gives \(meta.type)")
            }
            if let meta, !meta.unit.isEmpty, meta.unit != m.unit.rawValue {
                report.add(at, "declared metric \(m.name) is in \(m.unit == .count ? "no unit" : m.unit.rawValue); \(server)'s metadata gives \(meta.unit)")
            }
            guard let series = present.first, let names = facts.labelNames[series] else { continue }
            let carried = Set(names).subtracting(ignored)
            let declared = Set(m.labels.map(\.name))
            for l in carried.subtracting(declared).sorted() {
                report.add(at, "series of \(m.name) on \(server) carry the label \(l), which the catalog does not declare", hint: "declare it, or drop it where it is set")
            }
            for l in declared.subtracting(carried).subtracting(ignored).sorted() {
                report.add(at, "declared label \(l) of \(m.name) is on no series of it on \(server)")
            }
            for l in m.labels {
                guard let allowed = l.values, let seen = facts.labelValues[SeriesQuestions.key(metric: series, label: l.name)] else { continue }
                let extra = seen.values.filter { !allowed.contains($0) }
                if !extra.isEmpty {
                    report.add(at, "\(m.name) has \(l.name)=\(extra.prefix(5).map { goQuote($0) }.joined(separator: ", ")) on \(server), not among its declared values (\(allowed.joined(separator: ", ")))")
                }
            }
        }
    }
}
