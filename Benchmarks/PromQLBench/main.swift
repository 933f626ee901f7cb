// PromQL front-end benchmark: expressions/s and MB/s over Prometheus' parser-test corpus,
// against the Rust `promql-parser` (PyPI binding) on the same expressions in the same run.
//
//   swift run -c release promql-bench [path/to/parse_cases.jsonl] [rounds]
//
// Both sides are timed around their parse loops only (best of N rounds); the peer runs in
// Python, so its figure includes the binding's per-call overhead.
import Foundation
import PromQL

let args = CommandLine.arguments
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let corpus = args.count > 1 ? args[1] : here.deletingLastPathComponent().appendingPathComponent("shared/corpus/promql/parse_cases.jsonl").path
let rounds = args.count > 2 ? Int(args[2]) ?? 20 : 20

guard let data = FileManager.default.contents(atPath: corpus) else {
    FileHandle.standardError.write(Data("cannot read \(corpus)\n".utf8))
    exit(2)
}
var exprs: [String] = []
for line in data.split(separator: UInt8(ascii: "\n")) {
    guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let e = obj["expr"] as? String else { continue }
    exprs.append(e)
}
let totalBytes = exprs.reduce(0) { $0 + $1.utf8.count }
let options = ParseOptions.allFeatures

@MainActor func timeOurs() -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for e in exprs {
            if let x = try? PromQL.parse(e, options: options) { sink &+= x.range.end } else { sink &+= 1 }
        }
        let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, s)
    }
    if sink == 42 { print("") }
    return best
}

let ours = timeOurs()
let mb = Double(totalBytes) / 1_000_000
print("corpus: \(exprs.count) expressions, \(totalBytes) bytes; best of \(rounds) rounds")
print(String(format: "obsgen PromQL:        %8.3f ms  %10.0f expr/s  %7.2f MB/s", ours * 1000, Double(exprs.count) / ours, mb / ours))

// The peer, in the same run.
let jsonl = exprs.map { "{\"expr\": \(String(data: try! JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed]), encoding: .utf8)!)}" }.joined(separator: "\n")
let peer = Process()
peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
peer.arguments = ["python3", here.appendingPathComponent("Benchmarks/promql_parser_peer.py").path, String(min(rounds, 10))]
let inPipe = Pipe(), outPipe = Pipe()
peer.standardInput = inPipe
peer.standardOutput = outPipe
do {
    try peer.run()
    inPipe.fileHandleForWriting.write(Data(jsonl.utf8))
    try inPipe.fileHandleForWriting.close()
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    peer.waitUntilExit()
    if peer.terminationStatus == 0, let obj = try JSONSerialization.jsonObject(with: out) as? [String: Any], let s = obj["seconds"] as? Double {
        print(String(format: "promql-parser (Rust): %8.3f ms  %10.0f expr/s  %7.2f MB/s", s * 1000, Double(exprs.count) / s, mb / s))
        print(String(format: "ratio: obsgen is %.2fx the speed of promql-parser", s / ours))
    } else {
        print("promql-parser peer unavailable (pip install promql-parser)")
    }
} catch {
    print("promql-parser peer unavailable: \(error)")
}
