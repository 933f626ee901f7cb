/// Needless or redundant regular expressions in matchers.
public struct PromQLRegexp: LintCheck {
    public static let description = CheckDescription(
        id: "promql/regexp", severity: .warning,
        summary: "A regex matcher that should be an equality, has redundant anchors, or matches everything.",
        rationale: "Prometheus anchors every regex, so `^` and `$` add nothing; a regex without metacharacters is slower than `=`; `=~\".*\"` matches every series, including those without the label, and is almost always a leftover.",
        triggering: [.alert("up{↓job=~\"api\"} == 0"), .alert("up{↓job=~\"^api$\"} == 0"), .alert("up{job=\"api\", ↓instance=~\".*\"} == 0")],
        nonTriggering: [.alert("up{job=\"api\"} == 0"), .alert("up{job=~\"api|web\"} == 0")])

    public init() {}

    public func run(_ context: LintContext, report: inout Findings) {
        for r in context.rules {
            guard r.expr != nil else { continue }
            for (v, _) in r.selectors {
                for m in v.matchers where m.op.isRegex && !m.value.contains("$__") && !(m.value.contains("$") && !m.value.hasSuffix("$")) {
                    let eq = m.op == .regexMatch ? "=" : "!="
                    if RegexSupport.isPlainLiteral(m.value) && !m.value.isEmpty {
                        report.add(r, exprRange: m.range, "\(m.name)\(m.op.rawValue)\"\(m.value)\" has no regex metacharacters", hint: "use \(m.name)\(eq)\"\(m.value)\"")
                    } else if m.value.hasPrefix("^") || (m.value.hasSuffix("$") && !m.value.hasSuffix("\\$")) {
                        report.add(r, exprRange: m.range, "\(m.name)\(m.op.rawValue)\"\(m.value)\": Prometheus anchors regexes; ^ and $ are redundant")
                    } else if m.op == .regexMatch && (m.value == ".*" || m.value == "(.*)") {
                        report.add(r, exprRange: m.range, "\(m.name)=~\"\(m.value)\" matches every series, with or without \(m.name)", hint: "remove the matcher")
                    }
                }
            }
        }
    }
}
