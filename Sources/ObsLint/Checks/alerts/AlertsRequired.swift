/// Required labels and annotations on alerts.
public struct AlertsRequired: LintCheck {
    public static let description = CheckDescription(
        id: "alerts/required", severity: .warning,
        summary: "An alert lacks a required label (severity from an allowed set) or annotation (summary, description); a missing runbook_url is reported as info unless obsgen.yml requires it.",
        rationale: "Routing reads the severity label; the people paged read the summary and the description. An alert without them arrives unrouted or unexplained. A runbook helps too, but many teams (and most published rule collections) keep none, so by default its absence is info; list runbook_url under `annotations` to require it (`obsgen init` does).",
        triggering: [
            .alert("up == 0", labels: "", annotations: "summary: s\n          description: d\n          runbook_url: https://example.org/r"),
            .alert("up == 0", labels: "severity: ↓urgent"),
            .alert("up == 0", annotations: "summary: s"),
            // Recommended, not required: reported as info.
            .alert("up == 0", annotations: "summary: s\n          description: d"),
        ],
        nonTriggering: [.alert("up == 0")],
        options: [CheckOption("labels", .labelNames, default: "severity", "labels every alert must carry (a list, or comma-separated)"),
                  CheckOption("severities", .values, default: "critical,warning,info", "the values severity may take"),
                  CheckOption("annotations", .labelNames, default: "summary,description", "annotations every alert must carry (a list, or comma-separated)"),
                  CheckOption("recommended_annotations", .labelNames, default: "runbook_url", "annotations whose absence is reported as info (those also under `annotations` are required)")])

    public init() {}

    func list(_ context: LintContext, _ name: String, _ def: String) -> [String] {
        (context.config.option(Self.description.id, name) ?? def).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func run(_ context: LintContext, report: inout Findings) {
        let labels = list(context, "labels", "severity")
        let severities = list(context, "severities", "critical,warning,info")
        let annotations = list(context, "annotations", "summary,description")
        let recommended = list(context, "recommended_annotations", "runbook_url").filter { !annotations.contains($0) }
        for r in context.rules {
            guard let a = r.alert else { continue }
            for l in labels where a.labels[l] == nil && !(l == "severity" && !a.severities.isEmpty) {
                report.add(r, "alert \(a.name) has no \(l) label")
            }
            if let s = a.labels["severity"], !severities.contains(s), !s.contains("{{") {
                let range = r.range(ofLabel: "severity", value: true)
                report.add(r.file, range, "severity \"\(s)\" is not one of \(severities.joined(separator: ", "))")
            }
            let present = a.annotations.all
            for an in annotations where (present[an] ?? "").isEmpty {
                report.add(r, "alert \(a.name) has no \(an) annotation")
            }
            for an in recommended where (present[an] ?? "").isEmpty {
                report.add(r.file, r.siteRange, "alert \(a.name) has no \(an) annotation", hint: "recommended; list it under annotations to require it", severity: .info)
            }
        }
    }
}
