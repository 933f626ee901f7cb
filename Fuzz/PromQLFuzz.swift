// libFuzzer harness for the PromQL front end. Build and run with `Fuzz/run.sh promql SECONDS`
// (see Fuzz/README.md); by hand:
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O \
//     $(find Sources/PromQL -name '*.swift') Fuzz/PromQLFuzz.swift -o .build/fuzz/promql-fuzz
//   .build/fuzz/promql-fuzz -timeout=5 Fuzz/work/promql Fuzz/seeds/promql Fuzz/regressions/promql
//
// Every input must parse or fail with a diagnostic — no crash, hang or stack overflow — in
// both modes (all experimental features; Grafana queries). Every accepted expression must print
// to text that parses back to the same tree: the one-line form, and the pretty form at several
// line lengths (0 splits everything that can be split, 100 is the default).

/// Line lengths the pretty form is checked at.
let prettyWidths = [0, 20, 50, 100]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for options in [ParseOptions.allFeatures, ParseOptions(features: .none, grafana: true)] {
        guard let expr = try? PromQL.parse(utf8: bytes, options: options) else { continue }
        let mode = options.grafana ? "grafana" : "all features"
        let structure = expr.structure
        let printed = expr.description
        guard let again = try? PromQL.parse(printed, options: options) else {
            fatalError("[\(mode)] printed form does not parse: \(printed)")
        }
        if again.structure != structure {
            fatalError("[\(mode)] round trip changed the tree: \(printed)\n  was: \(structure)\n  now: \(again.structure)")
        }
        for width in prettyWidths {
            let pretty = expr.pretty(maxLineLength: width)
            guard let back = try? PromQL.parse(pretty, options: options) else {
                fatalError("[\(mode)] pretty form (max line length \(width)) does not parse:\n\(pretty)")
            }
            if back.structure != structure {
                fatalError("[\(mode)] pretty form (max line length \(width)) changed the tree:\n\(pretty)\n  was: \(structure)\n  now: \(back.structure)")
            }
        }
    }
    return 0
}
