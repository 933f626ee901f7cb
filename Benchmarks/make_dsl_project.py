#!/usr/bin/env python3
"""Writes a DSL project of the size the compile-time benchmark measures: 200 alerts, 50 recording
rules and 20 dashboards of 20 panels, over 50 metrics, in the shape `obsgen init` writes.

    make_dsl_project.py OUT OBSGEN_PATH [--alerts 200] [--records 50] [--dashboards 20] [--panels 20]

The alerts are spread over 10 files and groups, the dashboards one per file: what a team's
package looks like, and what an incremental rebuild after editing one alert recompiles.
"""
import argparse
import os

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("obsgen")
ap.add_argument("--alerts", type=int, default=200)
ap.add_argument("--records", type=int, default=50)
ap.add_argument("--dashboards", type=int, default=20)
ap.add_argument("--panels", type=int, default=20)
ap.add_argument("--metrics", type=int, default=50)
a = ap.parse_args()

src = os.path.join(a.out, "Sources", "Observability")
os.makedirs(src, exist_ok=True)
os.makedirs(os.path.join(a.out, "Sources", "obsgen-project"), exist_ok=True)


def write(path, text):
    with open(os.path.join(a.out, path), "w") as f:
        f.write(text)


write("Package.swift", f'''// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "bench",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "{os.path.abspath(a.obsgen)}"),
    ],
    targets: [
        .target(name: "Observability", dependencies: [.product(name: "ObsGen", package: "{os.path.basename(os.path.abspath(a.obsgen))}")]),
        .executableTarget(name: "obsgen-project", dependencies: [
            "Observability",
            .product(name: "ObsGenCLI", package: "{os.path.basename(os.path.abspath(a.obsgen))}"),
        ]),
    ]
)
''')
write("Sources/obsgen-project/main.swift", "import Observability\nimport ObsGenCLI\n\nObsgenCommand.main(project: project)\n")
write("obsgen.yml", "project:\n  package: .\n  product: obsgen-project\n")

# Metrics: counters, histograms, gauges by turns.
m = ["import ObsGen\n", "public enum Metrics {"]
kinds = []
for i in range(a.metrics):
    k = i % 3
    kinds.append(k)
    if k == 0:
        m.append(f'    public static let requests{i} = Counter("svc{i}_requests_total", help: "Requests served by service {i}.",\n'
                 f'                                            labels: [.oneOf("code", ["2xx", "3xx", "4xx", "5xx"], "Status class.")], job: "svc{i}")')
    elif k == 1:
        m.append(f'    public static let latency{i} = Histogram("svc{i}_request_duration_seconds", help: "Latency of service {i}.",\n'
                 f'                                             buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5], job: "svc{i}")')
    else:
        m.append(f'    public static let queue{i} = Gauge("svc{i}_queue_depth", help: "Queue depth of service {i}.", job: "svc{i}")')
m.append("}\n")
write("Sources/Observability/Metrics.swift", "\n".join(m))


def metric_expr(i, window="5m"):
    j = i % a.metrics
    k = kinds[j]
    if k == 0:
        return (f'sum(rate(\\(Metrics.requests{j}){{code=\\"5xx\\"}}[{window}])) / sum(rate(\\(Metrics.requests{j})[{window}]))', "0.01", "0.05")
    if k == 1:
        return (f'histogram_quantile(0.95, sum by (le) (rate(\\(Metrics.latency{j}.bucket)[{window}])))', "0.5", "1")
    return (f'max(\\(Metrics.queue{j}))', "100", "1000")


files = 10
per = a.alerts // files
names = []
for f in range(files):
    lines = ["import ObsGen\n", f"public enum Alerts{f} {{"]
    for n in range(per):
        i = f * per + n
        expr, warn, crit = metric_expr(i)
        lines.append(f'''    public static let alert{i} = Alert(
        "Service{i}Degraded",
        expr: "{expr}",
        severities: .warning(above: {warn}), .critical(above: {crit}),
        for: .minutes(5),
        labels: ["team": "team{i % 7}"],
        summary: "Service {i} is degraded: {{{{ $value | humanize }}}}",
        description: "Service {i} has been above its threshold for 5 minutes.",
        runbookURL: "https://example.org/runbooks/Service{i}Degraded.md")''')
        names.append(f"Alerts{f}.alert{i}")
    lines.append("}\n")
    write(f"Sources/Observability/Alerts{f}.swift", "\n".join(lines))

rec = ["import ObsGen\n", "public enum Recordings {"]
for i in range(a.records):
    j = i % a.metrics
    k = kinds[j]
    if k == 0:
        e = f'sum by (code) (rate(\\(Metrics.requests{j})[5m]))'
    elif k == 1:
        e = f'histogram_quantile(0.99, sum by (le) (rate(\\(Metrics.latency{j}.bucket)[5m])))'
    else:
        e = f'avg_over_time(\\(Metrics.queue{j})[10m:1m])'
    rec.append(f'    public static let record{i} = Record("svc{j}:bench_{i}:5m", expr: "{e}")')
rec.append("}\n")
write("Sources/Observability/Recordings.swift", "\n".join(rec))

for d in range(a.dashboards):
    lines = ["import ObsGen\n", f"public let dashboard{d} = Dashboards(\"Service group {d}\", uid: \"bench-{d}\", tags: [\"bench\"]) {{"]
    for p in range(a.panels):
        i = d * a.panels + p
        expr, warn, crit = metric_expr(i, "$__rate_interval")
        kind = ["TimeSeries", "TimeSeries", "Stat", "Gauge"][p % 4]
        unit = ["percentunit", "s", "short"][kinds[i % a.metrics]]
        lines.append(f'    {kind}("Panel {i}", Query("{expr}", legend: "{{{{job}}}}"))\n        .unit("{unit}")')
    lines.append("}\n")
    write(f"Sources/Observability/Dashboard{d}.swift", "\n".join(lines))

proj = ["import ObsGen\n",
        'public let project = Project("bench", prometheus: PrometheusSettings(scrapeInterval: .seconds(15), evaluationInterval: .seconds(30))) {']
for i in range(a.metrics):
    k = kinds[i]
    proj.append(f"    Metrics.{['requests', 'latency', 'queue'][k]}{i}")
proj.append('    RuleFile("alerts") {')
for f in range(files):
    proj.append(f'        RuleGroup("alerts-{f}", interval: .seconds(30)) {{')
    for n in range(per):
        proj.append(f"            {names[f * per + n]}")
    proj.append("        }")
proj.append("    }")
proj.append('    RuleFile("recordings") {')
proj.append('        RuleGroup("recordings") {')
for i in range(a.records):
    proj.append(f"            Recordings.record{i}")
proj.append("        }")
proj.append("    }")
for i in range(a.metrics):
    if i % 3 == 0:
        proj.append(f'    ScrapeJob("svc{i}", targets: ["svc{i}:8080"])')
for d in range(a.dashboards):
    proj.append(f"    dashboard{d}")
proj.append("}\n")
write("Sources/Observability/Project.swift", "\n".join(proj))
