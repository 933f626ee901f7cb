// Dashboard builder benchmark: build and serialise 1,000 dashboards of 20 panels each with
// obsgen's DSL, and the same dashboards with grafana-foundation-sdk (PyPI) in the same run.
//
//   swift run -c release dashboard-bench [dashboards] [panels]
import Foundation
import ObsGen

let args = CommandLine.arguments
let count = args.count > 1 ? Int(args[1]) ?? 1000 : 1000
let panelsPer = args.count > 2 ? Int(args[2]) ?? 20 : 20
/// `OBSGEN_BENCH_PHASE=build|tree` stops after building the model or the JSON tree (profiling).
let phase = ProcessInfo.processInfo.environment["OBSGEN_BENCH_PHASE"] ?? "all"
let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Panel i of a dashboard: 10 time series, 5 stats, 3 gauges, 2 tables out of every 20.
func panel(_ d: Int, _ i: Int) -> PanelSpec {
    let q = Query("sum by (job) (rate(http_requests_total{job=~\"$job\", code=~\"5..\", dashboard=\"\(d)\"}[$__rate_interval]))", legend: "{{job}}")
    let th = Thresholds(steps: [ThresholdStep(nil, "green"), ThresholdStep(Double(i), "red")])
    switch i % 20 {
    case 0..<10: return TimeSeries("Series \(i)", q).unit(.reqps).thresholds(th).spec
    case 10..<15: return Stat("Stat \(i)", q).unit(.percentunit).thresholds(th).spec
    case 15..<18: return Gauge("Gauge \(i)", q).unit(.seconds).range(min: 0, max: 1).thresholds(th).spec
    default: return Table("Table \(i)", q).unit(.short).spec
    }
}

@MainActor func buildAll() throws -> (Double, Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    var bytes = 0
    for d in 0..<count {
        let spec = DashboardSpec("Dashboard \(d)", uid: "bench-\(d)", tags: ["bench"]) {
            QueryVariable("job", query: "label_values(http_requests_total, job)", multi: true, includeAll: true)
            for i in 0..<panelsPer { panel(d, i) }
        }
        let model = try spec.build()
        switch phase {
        case "build": bytes += model.panels?.count ?? 0
        case "tree": bytes += DashboardRenderer.object(model).count
        default: bytes += DashboardRenderer.render(model).utf8.count
        }
    }
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, bytes)
}

var best = Double.infinity
var bytes = 0
for _ in 0..<3 {
    let (s, b) = try buildAll()
    best = min(best, s)
    bytes = b
}
print("\(count) dashboards × \(panelsPer) panels (best of 3)")
print(String(format: "obsgen:                  %8.3f s  %8.0f dashboards/s  %6.1f MB of JSON", best, Double(count) / best, Double(bytes) / 1e6))

let peer = Process()
peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
peer.arguments = ["python3", here.appendingPathComponent("Benchmarks/foundation_sdk_peer.py").path, String(count), String(panelsPer)]
let pipe = Pipe()
peer.standardOutput = pipe
do {
    try peer.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    peer.waitUntilExit()
    if peer.terminationStatus == 0, let obj = try JSONSerialization.jsonObject(with: out) as? [String: Any], let s = obj["seconds"] as? Double, let b = obj["bytes"] as? Int {
        print(String(format: "grafana-foundation-sdk:  %8.3f s  %8.0f dashboards/s  %6.1f MB of JSON", s, Double(count) / s, Double(b) / 1e6))
        print(String(format: "ratio: obsgen is %.1fx faster", s / best))
    } else {
        print("grafana-foundation-sdk peer unavailable (pip install grafana-foundation-sdk)")
    }
} catch {
    print("grafana-foundation-sdk peer unavailable: \(error)")
}
