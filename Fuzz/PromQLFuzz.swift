// libFuzzer harness for the PromQL front end. Build and run (see Fuzz/README.md):
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O \
//     $(find Sources/PromQL -name '*.swift') Fuzz/PromQLFuzz.swift -o .build/promql-fuzz
//   .build/promql-fuzz -max_total_time=600 -timeout=5 Fuzz/work Fuzz/corpus
//
// Every input must parse or fail with a diagnostic — no crash, hang or stack overflow — and
// every accepted expression must print to text that parses back to the same tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for options in [ParseOptions.allFeatures, ParseOptions(features: .none, grafana: true)] {
        guard let expr = try? PromQL.parse(utf8: bytes, options: options) else { continue }
        let printed = expr.description
        guard let again = try? PromQL.parse(printed, options: options) else {
            fatalError("printed form does not parse: \(printed)")
        }
        if again.structure != expr.structure {
            fatalError("round trip changed the tree: \(printed)")
        }
        _ = expr.pretty(maxLineLength: 20)
    }
    return 0
}
