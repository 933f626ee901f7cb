import Foundation
import ObsGen
import PromQL
import PrometheusAPI

/// A deployment step's go/no-go: evaluated against a running server, once or several times in
/// a row, with every measured value printed. Proceed (0), stop (1), or could not decide (2).
public struct Gate: Sendable {
    /// What is measured.
    public enum Condition: Sendable, Equatable {
        /// An alert's condition: proceed while it returns nothing; any series stops.
        case alert(name: String, expr: String)
        /// Every series of the expression must lie within the bounds; none is no data.
        case bounds(expr: String, min: Double?, max: Double?)
        /// The canary against the baseline: proceed when canary ≤ baseline × factor + slack.
        case canary(canary: String, baseline: String, factor: Double, slack: Double)
    }

    public enum Verdict: Int32, Sendable {
        case proceed = 0, stop = 1, undecided = 2
        public var word: String {
            switch self {
            case .proceed: "proceed"
            case .stop: "stop"
            case .undecided: "undecided"
            }
        }
    }

    public var condition: Condition
    /// Traffic the decision needs first: this expression's value (one series) at least `minimum`.
    public var volume: (expr: String, minimum: Double)?
    /// Replaces `$window` in every expression.
    public var window: PromDuration
    public var checks: Int
    public var every: PromDuration

    public init(condition: Condition, volume: (expr: String, minimum: Double)? = nil, window: PromDuration = .minutes(5), checks: Int = 1, every: PromDuration = .seconds(30)) {
        self.condition = condition
        self.volume = volume
        self.window = window
        self.checks = max(1, checks)
        self.every = every
    }

    /// `$window` written as the window (`[$window]` → `[5m]`).
    public func expand(_ expr: String) -> String {
        expr.replacingOccurrences(of: "${window}", with: window.description).replacingOccurrences(of: "$window", with: window.description)
    }

    /// One evaluation: the verdict and the line that says why, with the values measured.
    public func evaluate(_ client: PrometheusClient, at time: Date? = nil) throws(PrometheusError) -> (Verdict, String) {
        if let volume {
            let q = expand(volume.expr)
            let samples = try client.query(q, at: time)
            guard samples.count == 1, let n = samples.first?.value, n.isFinite else {
                return (.undecided, samples.isEmpty ? "no data for the traffic: \(q) returns nothing" : "\(q) returns \(samples.count) series; aggregate it to one")
            }
            if n < volume.minimum { return (.undecided, "traffic \(Self.number(n)) < \(Self.number(volume.minimum)) needed to decide (\(q))") }
        }
        switch condition {
        case .alert(let name, let expr):
            let q = expand(expr)
            let samples = try client.query(q, at: time)
            if samples.isEmpty { return (.proceed, "\(name): not firing (\(q) returns nothing)") }
            let shown = samples.prefix(5).map { "\(Self.labels($0.labels)) \(Self.number($0.value))" }.joined(separator: "; ")
            return (.stop, "\(name): firing for \(samples.count) series: \(shown)\(samples.count > 5 ? "; …" : "")")
        case .bounds(let expr, let min, let max):
            let q = expand(expr)
            let samples = try client.query(q, at: time)
            if samples.isEmpty { return (.undecided, "no data: \(q) returns nothing") }
            // 0/0 (no traffic) is no value: nothing to decide on.
            if let nan = samples.first(where: { $0.value.isNaN }) {
                return (.undecided, "\(q) is NaN for \(Self.labels(nan.labels)) (no traffic?)")
            }
            var bad: [Sample] = []
            for s in samples {
                if (min.map { s.value < $0 } ?? false) || (max.map { s.value > $0 } ?? false) { bad.append(s) }
            }
            let bound = [min.map { "≥ \(Self.number($0))" }, max.map { "≤ \(Self.number($0))" }].compactMap { $0 }.joined(separator: " and ")
            let values = samples.prefix(5).map { "\(Self.labels($0.labels)) \(Self.number($0.value))" }.joined(separator: "; ")
            if bad.isEmpty { return (.proceed, "\(q) \(bound): \(values)") }
            return (.stop, "\(q) not \(bound): \(bad.prefix(5).map { "\(Self.labels($0.labels)) \(Self.number($0.value))" }.joined(separator: "; "))")
        case .canary(let canary, let baseline, let factor, let slack):
            let cq = expand(canary), bq = expand(baseline)
            let c = try client.query(cq, at: time), b = try client.query(bq, at: time)
            for (what, q, samples) in [("canary", cq, c), ("baseline", bq, b)] {
                if samples.isEmpty { return (.undecided, "no data for the \(what): \(q) returns nothing") }
                if samples.count > 1 { return (.undecided, "the \(what) query returns \(samples.count) series, not one: aggregate it or add matchers (\(q))") }
            }
            let cv = c[0].value, bv = b[0].value
            // No traffic at all (0/0) on either side: nothing to compare yet.
            if cv.isNaN || bv.isNaN { return (.undecided, "canary \(Self.number(cv)), baseline \(Self.number(bv)): not a number yet (no traffic?)") }
            guard cv.isFinite, bv.isFinite else { return (.undecided, "canary \(Self.number(cv)), baseline \(Self.number(bv)): an infinite value cannot be compared") }
            let limit = bv * factor + slack
            let line = "canary \(Self.number(cv)) \(cv <= limit ? "≤" : ">") limit \(Self.number(limit)) (baseline \(Self.number(bv)) × \(Self.number(factor)) + \(Self.number(slack)))"
            return (cv <= limit ? .proceed : .stop, line)
        }
    }

    /// `checks` evaluations, `every` apart: all must pass. A stop ends it at once; an
    /// undecided evaluation does not count as a pass (the result is undecided if no stop came).
    public func run(_ client: PrometheusClient, sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }, log: (String) -> Void) throws(PrometheusError) -> Verdict {
        var passed = 0
        for i in 1...checks {
            let (verdict, line) = try evaluate(client)
            log("check \(i)/\(checks): \(verdict.word): \(line)")
            switch verdict {
            case .stop: return .stop
            case .proceed: passed += 1
            case .undecided: break
            }
            if i < checks { sleep(every.seconds) }
        }
        return passed == checks ? .proceed : .undecided
    }

    /// As PromQL writes numbers, but a fraction to six significant digits (a ratio's
    /// seventeen digits say nothing a decision needs).
    public static func number(_ v: Double) -> String {
        if !v.isFinite || (v == v.rounded() && abs(v) < 1e15) { return formatNumber(v) }
        return String(format: "%.6g", v)
    }

    static func labels(_ l: [String: String]) -> String {
        "{" + l.sorted { $0.key < $1.key }.map { "\($0.key)=\(goQuote($0.value))" }.joined(separator: ", ") + "}"
    }
}
