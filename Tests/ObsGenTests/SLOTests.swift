import Foundation
import Testing
@testable import ObsGen

/// Compares generated rules with Sloth's expected output: groups in order, each rule's name,
/// labels and annotations, and its expression once printed by obsgen's PromQL printer (numbers
/// within 1e-9). Returns the differences, empty when they agree.
func slothDifferences(_ generated: [RuleGroup], expectedFile name: String, version: String = "obsgen") throws -> [String] {
    let text = try String(contentsOf: Env.fixture("sloth/\(name)"), encoding: .utf8)
        .replacingOccurrences(of: "{{ .version }}", with: version)
        // The .tpl files are Go templates: `{{"{{$labels.x}}"}}` prints `{{$labels.x}}`.
        .replacingOccurrences(of: "{{\"{{", with: "{{").replacingOccurrences(of: "}}\"}}", with: "}}")
    let expected = RuleFileLoader.load(text: text, path: name)
    guard !expected.hasErrors else { return expected.diagnostics.map { "\(name): \($0.message)" } }
    return slothDifferences(generated, expected.ruleFile.groups)
}

func slothDifferences(_ generated: [RuleGroup], _ expected: [RuleGroup]) -> [String] {
    var out: [String] = []
    if generated.map(\.name) != expected.map(\.name) {
        return ["groups \(generated.map(\.name)) != \(expected.map(\.name))"]
    }
    for (g, e) in zip(generated, expected) {
        let gr = g.rules.flatMap(concrete), er = e.rules.flatMap(concrete)
        if gr.map(\.name) != er.map(\.name) {
            out.append("\(g.name): rules \(gr.map(\.name)) != \(er.map(\.name))")
            continue
        }
        for (k, (a, b)) in zip(gr, er).enumerated() {
            let at = "\(g.name) #\(k) \(a.name)"
            if a.labels != b.labels { out.append("\(at): labels \(a.labels.sorted { $0.key < $1.key }) != \(b.labels.sorted { $0.key < $1.key })") }
            if a.annotations != b.annotations { out.append("\(at): annotations \(a.annotations) != \(b.annotations)") }
            if let d = expressionDifference(a.expr, b.expr) { out.append("\(at): \(d)") }
        }
    }
    return out
}

private func concrete(_ r: Rule) -> [(name: String, expr: String, labels: Labels, annotations: Labels)] {
    switch r {
    case .recording(let rr): [(rr.record, rr.expr, rr.labels, [:])]
    case .alert(let a): a.expanded().map { ($0.name, $0.expr, $0.labels, $0.annotations) }
    }
}

/// nil when both expressions print alike (numbers within 1e-9).
func expressionDifference(_ a: String, _ b: String) -> String? {
    guard let pa = try? PromQL.parse(a, options: .allFeatures) else { return "does not parse: \(a)" }
    guard let pb = try? PromQL.parse(b, options: .allFeatures) else { return "expected does not parse: \(b)" }
    let ta = numberSplit(pa.description), tb = numberSplit(pb.description)
    if ta.text == tb.text, ta.numbers.count == tb.numbers.count,
       zip(ta.numbers, tb.numbers).allSatisfy({ abs($0 - $1) <= 1e-9 }) {
        return nil
    }
    return "expr\n  \(pa.description)\n!=\n  \(pb.description)"
}

/// The text with every number replaced by `#`, and the numbers.
private func numberSplit(_ s: String) -> (text: String, numbers: [Double]) {
    let b = Array(s.utf8)
    var text: [UInt8] = [], numbers: [Double] = []
    var i = 0
    func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    func word(_ c: UInt8) -> Bool { digit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 58 }
    while i < b.count {
        if digit(b[i]), i == 0 || !word(b[i - 1]) {
            var j = i
            while j < b.count, digit(b[j]) || b[j] == 46 { j += 1 }
            if j < b.count, b[j] == 101 || b[j] == 69, j + 1 < b.count, digit(b[j + 1]) || ((b[j + 1] == 45 || b[j + 1] == 43) && j + 2 < b.count && digit(b[j + 2])) {
                j += 2
                while j < b.count, digit(b[j]) { j += 1 }
            }
            if let v = Double(String(decoding: b[i..<j], as: UTF8.self)) {
                numbers.append(v)
                text.append(35)
                i = j
                continue
            }
        }
        text.append(b[i])
        i += 1
    }
    return (String(decoding: text, as: UTF8.self), numbers)
}

@Suite struct SLOTests {
    static let eventsQuery = (error: "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))",
                              total: "sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))")

    /// Sloth's `in-base.yaml`, declared in Swift.
    static func base(period: PromDuration = .days(30)) -> [SLO] {
        [
            SLO(service: "svc01", name: "slo1", description: "This is SLO 01.", objective: 99.9, period: period,
                sli: .events(errorQuery: eventsQuery.error, totalQuery: eventsQuery.total),
                labels: ["global01k1": "global01v1", "global02k1": "global02v1"],
                pageAlert: SLOAlert(name: "myServiceAlert", labels: ["alert01k1": "alert01v1", "alert03k1": "alert03v1"], annotations: ["alert02k1": "alert02k2"]),
                ticketAlert: SLOAlert(name: "myServiceAlert", labels: ["alert01k1": "alert01v1", "alert04k1": "alert04v1"], annotations: ["alert02k1": "alert02k2"]),
                source: .prometheusV1),
            SLO(service: "svc01", name: "slo02", description: "This is SLO 02.", objective: 95, period: period,
                sli: .raw(errorRatioQuery: "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))\n/\nsum(rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))\n"),
                labels: ["global01k1": "global01v1", "global03k1": "global03v1"], source: .prometheusV1),
        ]
    }

    @Test(arguments: [(PromDuration.days(30), "out-base.yaml.tpl"), (.days(28), "out-base-28d.yaml.tpl"), (.days(7), "out-base-custom-windows-7d.yaml.tpl")])
    func generatesSlothsRules(period: PromDuration, expected: String) throws {
        let groups = SLORules.ruleFile(named: "base", slos: Self.base(period: period)).groups
        let differences = try slothDifferences(groups, expectedFile: expected)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test func extraLabelsJoinEveryRule() throws {
        let groups = SLORules.ruleFile(named: "base", slos: Self.base(), extraLabels: ["exk1": "exv1", "exk2": "exv2"]).groups
        let differences = try slothDifferences(groups, expectedFile: "out-base-extra-labels.yaml.tpl")
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// The text of Sloth's numbers, not only their values: Go's shortest `%g`.
    @Test func numbersPrintAsSlothPrintsThem() throws {
        let groups = SLORules.groups(for: Self.base()[0])
        func expr(_ name: String) -> String {
            groups.flatMap(\.rules).first { $0.name == name }!.expr
        }
        #expect(expr("slo:objective:ratio") == "vector(0.9990000000000001)")
        #expect(expr("slo:error_budget:ratio") == "vector(1-0.9990000000000001)")
        #expect(expr("slo:time_period:days") == "vector(30)")
        let page = groups[2].rules[0].expr
        #expect(page.contains("> (14.4 * 0.0009999999999999432)) without (sloth_window)"))
        #expect(page.contains("> (6 * 0.0009999999999999432)) without (sloth_window)"))
        let ticket = groups[2].rules[1].expr
        #expect(ticket.contains("(3 * 0.0009999999999999432)") && ticket.contains("(1 * 0.0009999999999999432)"))
        let w28 = SLOAlertWindows.days28
        #expect([w28.pageQuick, w28.pageSlow, w28.ticketQuick, w28.ticketSlow].map { SLORules.goFloat(w28.burnRateFactor($0)) }
                == ["13.44", "5.6000000000000005", "2.8000000000000003", "0.9333333333333333"])   // as Sloth prints them
        #expect(SLORules.sliErrorRecord(.days(28)) == "slo:sli_error:ratio_rate4w")
    }

    @Test func problemsAreFound() {
        var s = Self.base()[0]
        #expect(s.problems.isEmpty)
        s.objective = 100.5
        s.period = .days(14)
        s.sli = .events(errorQuery: "sum(rate(errors[5m]))", totalQuery: "sum(rate(total[{{ .window }}]))")
        s.name = "-bad"
        #expect(s.problems.map(\.field) == [.name, .objective, .period, .errorQuery])
    }
}
