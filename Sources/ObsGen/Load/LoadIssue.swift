/// The kinds of problem the loaders report, in one place: a diagnostic's `id` is one of these
/// raw values, and the checks that report load problems match on them, never on messages.
public enum LoadIssue: String, Sendable, CaseIterable {
    /// The file cannot be read (missing, a directory or FIFO, too large).
    case io = "io"
    /// Malformed YAML, a wrong type, an unknown or duplicate key, invalid UTF-8.
    case yamlParse = "yaml/parse"
    /// Malformed dashboard JSON, or JSON that is not a dashboard.
    case dashboardParse = "dashboards/parse"
    /// A rule group name used twice in one file (Prometheus refuses the file).
    case repeatedGroup = "rules/repeated-group"
    /// A recording rule name that is not a valid metric name.
    case invalidRecordName = "rules/name"
    /// Two scrape jobs with one name.
    case duplicateJob = "scrape/duplicate"
    /// An expression that does not parse or type-check.
    case promqlSyntax = "promql/syntax"
    /// An experimental PromQL feature that is not enabled.
    case promqlFeatures = "promql/features"

    /// Problems that mean the file is not what it claims to be (reported by yaml/parse).
    public static let unreadable: Set<String> = [io.rawValue, yamlParse.rawValue, dashboardParse.rawValue, repeatedGroup.rawValue, invalidRecordName.rawValue]
}
