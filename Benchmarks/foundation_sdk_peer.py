"""Peer for the dashboard benchmark: the same dashboards built and serialised with
grafana-foundation-sdk's Python builders. Prints {"seconds": best of 3, "bytes": N}."""
import json
import sys
import time

from grafana_foundation_sdk.builders import dashboard, gauge, prometheus, stat, table, timeseries
from grafana_foundation_sdk.builders.dashboard import QueryVariable, ThresholdsConfig
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import DataSourceRef, Threshold, ThresholdsMode

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
panels_per = int(sys.argv[2]) if len(sys.argv) > 2 else 20
ds = DataSourceRef(type_val="prometheus", uid="${datasource}")


def panel(d, i):
    q = prometheus.Dataquery().expr(
        f'sum by (job) (rate(http_requests_total{{job=~"$job", code=~"5..", dashboard="{d}"}}[$__rate_interval]))'
    ).legend_format("{{job}}")
    th = ThresholdsConfig().mode(ThresholdsMode.ABSOLUTE).steps([Threshold(value=None, color="green"), Threshold(value=float(i), color="red")])
    k = i % 20
    if k < 10:
        return timeseries.Panel().title(f"Series {i}").datasource(ds).unit("reqps").thresholds(th).with_target(q)
    if k < 15:
        return stat.Panel().title(f"Stat {i}").datasource(ds).unit("percentunit").thresholds(th).with_target(q)
    if k < 18:
        return gauge.Panel().title(f"Gauge {i}").datasource(ds).unit("s").min(0).max(1).thresholds(th).with_target(q)
    return table.Panel().title(f"Table {i}").datasource(ds).unit("short").with_target(q)


def build_all():
    start = time.perf_counter()
    total = 0
    enc = JSONEncoder(sort_keys=False, indent=2)
    for d in range(count):
        b = dashboard.Dashboard(f"Dashboard {d}").uid(f"bench-{d}").tags(["bench"]).with_variable(
            QueryVariable("job").query("label_values(http_requests_total, job)").datasource(ds).multi(True).include_all(True))
        for i in range(panels_per):
            b = b.with_panel(panel(d, i))
        total += len(enc.encode(b.build()).encode("utf-8"))
    return time.perf_counter() - start, total


best, size = None, 0
for _ in range(3):
    s, size = build_all()
    best = s if best is None else min(best, s)
print(json.dumps({"seconds": best, "bytes": size}))
