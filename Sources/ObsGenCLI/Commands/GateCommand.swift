import ArgumentParser
import Foundation
import ObsGen
import ObsGenLive
import PromQL
import PrometheusAPI

/// `obsgen gate`: a deployment step's go/no-go, asked of a running Prometheus.
public struct GateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Decide whether a deployment step may proceed, from a running Prometheus.",
        discussion: """
        One condition: an expression with bounds (--expr with --min/--max), an expression that must \
        return nothing (--expr alone, as an alert's condition), an alert or recording rule of the \
        project (--rule; --rules FILE… reads plain rule files instead), or a canary against its \
        baseline (--canary and --baseline expressions, or --rule with --canary-match and \
        --baseline-match): proceed while canary ≤ baseline × --max-ratio + --slack. --requests with \
        --min-requests holds the decision until there is enough traffic. `$window` in an expression \
        is replaced by --window. With --checks N the condition must hold N times in a row, --every apart.
        Every measured value is printed.
        Exit status: 0 proceed, 1 stop, 2 could not decide (no data, too little traffic, server down, usage).
        """
    )

    @OptionGroup(title: "Server") var server: PrometheusOptions

    @Option(name: .long, help: ArgumentHelp("An expression: with --min/--max every series must lie within; alone, it must return nothing.", valueName: "promql"))
    var expr: String?

    @Option(name: .long, help: ArgumentHelp("An alert (its condition must return nothing) or a recording rule (its series, with --min/--max or a canary comparison).", valueName: "name"))
    var rule: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Rule files to find --rule in (default: the project's rules).", valueName: "file"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("Matchers added to the recording rule's series (service=\"api\", environment=\"production\").", valueName: "matchers"))
    var match: String?

    @Option(name: .long, help: ArgumentHelp("Lowest value allowed.", valueName: "number"))
    var min: Double?

    @Option(name: .long, help: ArgumentHelp("Highest value allowed.", valueName: "number"))
    var max: Double?

    @Option(name: .long, help: ArgumentHelp("The canary's value (one series).", valueName: "promql"))
    var canary: String?

    @Option(name: .long, help: ArgumentHelp("The baseline's value (one series).", valueName: "promql"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("With --rule: matchers that select the canary (version=\"canary\").", valueName: "matchers"))
    var canaryMatch: String?

    @Option(name: .long, help: ArgumentHelp("With --rule: matchers that select the baseline (version=\"stable\").", valueName: "matchers"))
    var baselineMatch: String?

    @Option(name: .long, help: ArgumentHelp("The canary may be this many times the baseline.", valueName: "factor"))
    var maxRatio: Double = 1.5

    @Option(name: .long, help: ArgumentHelp("…plus this much (so that a baseline of 0 allows some errors).", valueName: "number"))
    var slack: Double = 0

    @Option(name: .long, help: ArgumentHelp("Traffic seen (one series): the decision waits for --min-requests of it.", valueName: "promql"))
    var requests: String?

    @Option(name: .long, help: ArgumentHelp("Traffic needed before deciding.", valueName: "number"))
    var minRequests: Double = 0

    @Option(name: .long, help: ArgumentHelp("Replaces $window in the expressions.", valueName: "duration"))
    var window: String = "5m"

    @Option(name: .long, help: ArgumentHelp("Evaluations in a row that must pass.", valueName: "n"))
    var checks: Int = 1

    @Option(name: .long, help: ArgumentHelp("Time between evaluations.", valueName: "duration"))
    var every: String = "30s"

    @OptionGroup var projectOptions: ProjectOptions

    public init() {}

    public func run() throws {
        let prom = try server.single(command: "gate")
        guard let windowDuration = PromDuration.parse(window) else { throw ValidationError("--window: \"\(SafeText.escape(window))\" is not a duration") }
        guard windowDuration.milliseconds > 0 else { throw ValidationError("--window must be longer than 0s") }
        guard let everyDuration = PromDuration.parse(every) else { throw ValidationError("--every: \"\(SafeText.escape(every))\" is not a duration") }
        guard everyDuration.milliseconds > 0 else { throw ValidationError("--every must be longer than 0s") }
        for (name, v) in [("--min", min), ("--max", max), ("--max-ratio", Optional(maxRatio)), ("--slack", Optional(slack)), ("--min-requests", Optional(minRequests))] {
            if let v, !v.isFinite { throw ValidationError("\(name) must be a finite number") }
        }
        if let min, let max, min > max { throw ValidationError("--min \(Gate.number(min)) is above --max \(Gate.number(max)): nothing could pass") }
        guard maxRatio > 0 else { throw ValidationError("--max-ratio must be above 0") }
        guard (1...1000).contains(checks) else { throw ValidationError("--checks must be between 1 and 1000") }
        let condition = try resolveCondition()
        var gate = Gate(condition: condition, window: windowDuration, checks: checks, every: everyDuration)
        if let requests { gate.volume = (requests, minRequests) } else if minRequests > 0 { throw ValidationError("--min-requests needs --requests") }
        // Every expression parses before anything is asked.
        var exprs: [String] = []
        switch condition {
        case .alert(_, let e), .bounds(let e, _, _): exprs = [e]
        case .canary(let c, let b, _, _): exprs = [c, b]
        }
        if let v = gate.volume { exprs.append(v.expr) }
        for e in exprs {
            let text = gate.expand(e)
            do {
                let parsed = try PromQL.parse(text, options: ParseOptions(features: .all))
                if parsed.type == .matrix || parsed.type == .string {
                    Output.err("obsgen: gate: \(SafeText.escape(text)) is a \(parsed.type == .matrix ? "range vector" : "string"); the gate needs an instant vector or a scalar\n")
                    throw ExitCode(2)
                }
            } catch let error as ParseError {
                Output.err(SourceText(name: "<gate expression>", text: text).render(error.first, color: Output.stderrIsColorTerminal))
                throw ExitCode(2)
            }
        }
        let client = PrometheusClient(server: prom)
        let verdict: Gate.Verdict
        do {
            verdict = try gate.run(client) { Output.out(SafeText.escape($0) + "\n") }
        } catch {
            Output.out("could not decide: \(SafeText.escape(error.description))\ngate: undecided\n")
            throw ExitCode(2)
        }
        Output.out("gate: \(verdict.word)\n")
        if verdict != .proceed { throw ExitCode(verdict.rawValue) }
    }

    func resolveCondition() throws -> Gate.Condition {
        let forms = [expr != nil, canary != nil || baseline != nil, rule != nil].filter { $0 }.count
        guard forms == 1 else { throw ValidationError("give one condition: --expr, --canary with --baseline, or --rule") }
        if let expr {
            if min == nil && max == nil { return .alert(name: "condition", expr: expr) }
            return .bounds(expr: expr, min: min, max: max)
        }
        if canary != nil || baseline != nil {
            guard let canary, let baseline else { throw ValidationError("--canary and --baseline go together") }
            return .canary(canary: canary, baseline: baseline, factor: maxRatio, slack: slack)
        }
        let name = rule!
        guard let found = try findRule(name) else { throw ValidationError("no alert or recording rule named \"\(SafeText.escape(name))\"\(rules.isEmpty ? " in the project" : " in \(rules.joined(separator: ", "))")") }
        switch found {
        case .alert(let a):
            guard canaryMatch == nil, baselineMatch == nil, min == nil, max == nil else { throw ValidationError("\(name) is an alert: its condition must return nothing; --min, --max and canary matchers are for recording rules") }
            // A severity ladder's levels: any of them firing stops.
            let levels = a.expanded().map(\.expr)
            return .alert(name: a.name, expr: levels.count == 1 ? levels[0] : levels.map { "(\($0))" }.joined(separator: " or "))
        case .recording(let r):
            func series(_ extra: String?) -> String {
                let m = [extra, match].compactMap { $0 }.filter { !$0.isEmpty }
                return m.isEmpty ? r.record : "\(r.record){\(m.joined(separator: ", "))}"
            }
            if canaryMatch != nil || baselineMatch != nil {
                guard let c = canaryMatch, let b = baselineMatch else { throw ValidationError("--canary-match and --baseline-match go together") }
                return .canary(canary: series(c), baseline: series(b), factor: maxRatio, slack: slack)
            }
            guard min != nil || max != nil else { throw ValidationError("\(name) is a recording rule: give --min or --max, or --canary-match with --baseline-match") }
            return .bounds(expr: series(nil), min: min, max: max)
        }
    }

    func findRule(_ name: String) throws -> Rule? {
        var files: [RuleFile] = []
        if rules.isEmpty {
            files = try ProjectLocator.locate(projectOptions, command: "gate").project.ruleFiles
        } else {
            for path in rules {
                let loaded = RuleFileLoader.load(path: path)
                if let d = loaded.diagnostics.first(where: { $0.severity == .error }) {
                    Output.err(loaded.source.render(d, color: Output.stderrIsColorTerminal))
                    throw ExitCode(2)
                }
                files.append(loaded.ruleFile)
            }
        }
        for f in files { for g in f.groups { for r in g.rules where r.name == name { return r } } }
        return nil
    }
}
