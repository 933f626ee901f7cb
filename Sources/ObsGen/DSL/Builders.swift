/// Result builders of the DSL. Each context accepts only what belongs there: metrics, rule
/// files and scrape jobs in a project; groups in a rule file; rules in a group. Anything else
/// is a compile-time error.

/// Something a project is made of.
public enum ProjectPart: Sendable {
    case metric(Metric)
    case ruleFile(RuleFile)
    case scrapeJob(ScrapeJob)
    case dashboard(DashboardSpec)
    case alertmanager(AlertmanagerConfig)
    case slo(SLO)
}

@resultBuilder
public enum ProjectBuilder {
    public static func buildExpression(_ m: Metric) -> [ProjectPart] { [.metric(m)] }
    public static func buildExpression(_ ms: [Metric]) -> [ProjectPart] { ms.map { .metric($0) } }
    public static func buildExpression(_ f: RuleFile) -> [ProjectPart] { [.ruleFile(f)] }
    public static func buildExpression(_ j: ScrapeJob) -> [ProjectPart] { [.scrapeJob(j)] }
    public static func buildExpression(_ d: DashboardSpec) -> [ProjectPart] { [.dashboard(d)] }
    public static func buildExpression(_ a: AlertmanagerConfig) -> [ProjectPart] { [.alertmanager(a)] }
    public static func buildExpression(_ s: SLO) -> [ProjectPart] { [.slo(s)] }
    public static func buildExpression(_ ss: [SLO]) -> [ProjectPart] { ss.map { .slo($0) } }
    public static func buildExpression(_ parts: [ProjectPart]) -> [ProjectPart] { parts }
    public static func buildBlock(_ parts: [ProjectPart]...) -> [ProjectPart] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [ProjectPart]?) -> [ProjectPart] { parts ?? [] }
    public static func buildEither(first: [ProjectPart]) -> [ProjectPart] { first }
    public static func buildEither(second: [ProjectPart]) -> [ProjectPart] { second }
    public static func buildArray(_ parts: [[ProjectPart]]) -> [ProjectPart] { parts.flatMap { $0 } }
}

@resultBuilder
public enum RuleFileBuilder {
    public static func buildExpression(_ g: RuleGroup) -> [RuleGroup] { [g] }
    public static func buildExpression(_ gs: [RuleGroup]) -> [RuleGroup] { gs }
    public static func buildBlock(_ parts: [RuleGroup]...) -> [RuleGroup] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [RuleGroup]?) -> [RuleGroup] { parts ?? [] }
    public static func buildEither(first: [RuleGroup]) -> [RuleGroup] { first }
    public static func buildEither(second: [RuleGroup]) -> [RuleGroup] { second }
    public static func buildArray(_ parts: [[RuleGroup]]) -> [RuleGroup] { parts.flatMap { $0 } }
}

@resultBuilder
public enum RuleGroupBuilder {
    public static func buildExpression(_ a: AlertRule) -> [Rule] { [.alert(a)] }
    public static func buildExpression(_ r: RecordingRule) -> [Rule] { [.recording(r)] }
    public static func buildExpression(_ rs: [Rule]) -> [Rule] { rs }
    public static func buildBlock(_ parts: [Rule]...) -> [Rule] { parts.flatMap { $0 } }
    public static func buildOptional(_ parts: [Rule]?) -> [Rule] { parts ?? [] }
    public static func buildEither(first: [Rule]) -> [Rule] { first }
    public static func buildEither(second: [Rule]) -> [Rule] { second }
    public static func buildArray(_ parts: [[Rule]]) -> [Rule] { parts.flatMap { $0 } }
}
