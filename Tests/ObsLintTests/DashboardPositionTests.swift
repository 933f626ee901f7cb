import Foundation
import Testing
@testable import ObsLint

/// Where dashboard findings point: at the key or value they are about, at the selector, call
/// or error inside a target's `expr` (through the string's escapes), at the panel's `{` when
/// what they are about is absent.
@Suite struct DashboardPositionTests {
    static let dashboard = #"""
    {
      "uid": "positions",
      "title": "Positions",
      "schemaVersion": 39,
      "templating": {
        "list": [
          {"name": "datasource", "type": "datasource", "query": "prometheus"},
          {"name": "job", "type": "custom", "query": "a,b"},
          {"name": "op", "type": "custom", "query": "or,sum", "options": [{"text": "or", "value": "or"}, {"text": "sum", "value": "sum"}]},
          {
            "name": "env",
            "type": "query",
            "datasource": {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"},
            "query": {"query": "label_values(deployment_total{job=\"$job\", enviroment=\"x\"}, enviroment)", "refId": "A"}
          }
        ]
      },
      "panels": [
        {
          "id": 1,
          "type": "graph",
          "title": "Latency",
          "gridPos": {"x": -2, "y": 0, "w": 12, "h": 8},
          "datasource": {"type": "prometheus", "uid": "${datasource}"},
          "fieldConfig": {"defaults": {"unit": "ms"}, "overrides": []},
          "targets": [{"refId": "A", "expr": "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"$job\"}[$__rate_interval])))"}]
        },
        {
          "id": 2,
          "type": "timeseries",
          "title": "Wide",
          "gridPos": {"x": 12, "y": 8, "w": 16, "h": 8},
          "datasource": {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"},
          "targets": [{"expr": "sum(rate(http_requests_total{job=\"$job\"}[5m]))"}]
        },
        {
          "id": 2,
          "type": "stat",
          "title": "",
          "gridPos": {"x": 0, "y": 10, "w": 14, "h": 4}
        },
        {
          "id": 4,
          "type": "stat",
          "gridPos": {"x": 0, "y": 20, "w": 6, "h": 4},
          "targets": [
            {"expr": "up{job=\"$job\"}"},
            {"datasource": {"type": "prometheus", "uid": "ABC"}, "expr": "up{job=\"$job\"}"}
          ]
        },
        {
          "id": 5,
          "type": "timeseries",
          "title": "Seconds",
          "gridPos": {"x": 6, "y": 20, "w": 6, "h": 4},
          "targets": [{"expr": "histogram_quantile(0.9, sum by (le, job) (rate(latency_seconds_bucket{job=\"$job\"}[$__rate_interval])))"}]
        },
        {
          "id": 6,
          "type": "row",
          "title": "Collapsed",
          "collapsed": true,
          "gridPos": {"x": 0, "y": 24, "w": 24, "h": 1},
          "panels": [
            {
              "id": 7,
              "type": "timeseries",
              "title": "Queries",
              "gridPos": {"x": 0, "y": 25, "w": 24, "h": 8},
              "targets": [
                {"expr": "rate(go_memstats_heap_alloc_bytes{job=\"$job\"}[$__rate_interval])"},
                {"expr": "histogram_quantile(0.95, sum by (job) (rate(latency_seconds_bucket{job=\"$job\"}[$__rate_interval])))"},
                {"expr": "sum by (job) (http_requests_total{job=\"$job\", code=\"500\"})"},
                {"expr": "sum(deployment_total{job=\"$job\", enviroment=\"production\"})"},
                {"expr": "job:missing:rate5m{job=\"$job\"}"},
                {"expr": "sum(up)"},
                {"expr": "up{job=\"$job\", cluster=\"$cluster\"}"},
                {"expr": "rate(x_total{job=~\"$job\"} * 8[$__rate_interval])"},
                {"expr": "up{job=\"$job\"} $op on (job) (x_total{job=\"$job\"} == 0)"},
                {"expr": "sum(rate(x_total{job=\"${job}\", path=\"caf\u00e9 \\\"x\\\"\"}[$__rate_interval])) + rate(go_memstats_heap_alloc_bytes{job=\"$job\"}[$__interval])"}
              ]
            }
          ]
        },
        {
          "id": 8,
          "type": "timeseries",
          "title": "Errors",
          "gridPos": {"x": 0, "y": 26, "w": 24, "h": 8},
          "targets": [{"expr": "job:errors:ratio5m"}],
          "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "red", "value": 0.1}]}}, "overrides": []}
        }
      ]
    }
    """#

    /// An old dashboard: panels in `rows[].panels[]`.
    static let rows = #"""
    {
      "uid": "rows",
      "title": "Rows",
      "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
      "rows": [
        {
          "title": "r",
          "panels": [
            {"id": 1, "type": "graph", "title": "Old", "format": "ms",
             "targets": [{"expr": "histogram_quantile(0.9, sum by (le) (rate(latency_seconds_bucket[$__rate_interval])))"}]}
          ]
        }
      ]
    }
    """#

    static let alerts = "groups:\n  - name: g\n    rules:\n      - alert: HighErrors\n        expr: job:errors:ratio5m > 0.05\n"

    /// Each check's findings on the dashboards, as `file:line:col`.
    static func positions() -> [String: [String]] {
        let ctx = Linter.context(texts: [("positions.json", dashboard), ("rows.json", rows), ("alerts.yml", alerts)], catalog: Example.catalog)
        var out: [String: [String]] = [:]
        for f in Linter.run(ctx) where f.file.hasSuffix(".json") { out[f.check, default: []].append("\(f.file):\(f.line):\(f.column)") }
        return out
    }

    @Test func everyDashboardFindingPointsAtWhatItIsAbout() {
        let got = Self.positions()
        let expected: [String: [String]] = [
            // x -2: the negative number; past the 24 columns and the overlap: the gridPos key.
            "dashboards/layout": ["positions.json:23:24", "positions.json:32:7", "positions.json:40:7"],
            // The type (of a panel in rows[].panels[] too).
            "dashboards/deprecated-panel": ["positions.json:21:15", "rows.json:9:27"],
            // The unit where it is set (fieldConfig, an old panel's format); a missing one at the panel's `{`.
            "dashboards/unit": ["positions.json:25:44", "positions.json:51:5", "rows.json:9:62"],
            // A variable's datasource, a panel's, a target's.
            "dashboards/datasource": ["positions.json:13:23", "positions.json:33:21", "positions.json:48:24"],
            // The repeated id.
            "dashboards/panel-id": ["positions.json:37:13"],
            // An empty title at the title; a panel without one at its `{`.
            "dashboards/title": ["positions.json:39:16", "positions.json:42:5"],
            // Selectors inside the exprs of a collapsed row's panel; the last after `${job}` and
            // the escapes `\"`, `\u00e9` and `\\`.
            "promql/rate": ["positions.json:71:28", "positions.json:80:113"],
            "promql/histogram": ["positions.json:72:67"],
            "promql/counter": ["positions.json:73:37", "positions.json:74:27"],
            "rules/undefined": ["positions.json:71:28", "positions.json:75:23", "positions.json:80:113", "positions.json:90:29"],
            "dashboards/job-instance": ["positions.json:76:27"],
            // Matchers; label_values()'s selector matcher and its label, inside the variable's query.
            "labels/undefined": ["positions.json:14:73", "positions.json:14:92", "positions.json:74:58", "positions.json:77:40", "positions.json:80:56"],
            // The variable in the expr.
            "dashboards/undefined-variable": ["positions.json:77:50"],
            // The PromQL error inside the expr; for a custom variable's option, the variable.
            "dashboards/query": ["positions.json:78:54", "positions.json:79:40"],
            // The range in brackets.
            "dashboards/rate-interval": ["positions.json:34:72", "positions.json:80:156"],
            // The expr of the target that graphs the alert.
            "thresholds/dashboard": ["positions.json:90:28"],
        ]
        for (check, places) in expected {
            #expect(got[check, default: []] == places, "\(check)")
        }
        #expect(Set(got.keys) == Set(expected.keys), "\(got)")
    }

    /// Grafana's variables are read in place by the parser (nothing is rewritten before parsing):
    /// ranges after `${job}` and `$__rate_interval` are ranges of the text as written.
    @Test func grafanaVariablesKeepRangesOfTheText() throws {
        let q = #"sum(rate(x_total{job="${job}"}[$__rate_interval])) + rate(go_memstats_heap_alloc_bytes{job="$job"}[$__interval])"#
        let e = try PromQL.parse(q, options: ParseOptions(features: .all, grafana: true))
        let selectors = Analysis.selectors(e).map(\.selector)
        let bytes = Array(q.utf8)
        for s in selectors {
            let text = String(decoding: bytes[s.range.start..<s.range.end], as: UTF8.self)
            #expect(text.hasPrefix(s.metricName ?? "?"), "\(text)")
        }
        #expect(String(decoding: bytes[selectors[1].range.start..<selectors[1].range.end], as: UTF8.self) == #"go_memstats_heap_alloc_bytes{job="$job"}"#)
    }

    /// A dashboard of a DSL project keeps pointing at the Swift declarations: the JSON locator is
    /// not used on Swift text.
    @Test func swiftDeclaredPanelsKeepTheirDeclarations() {
        let file = LintFile(path: "Dashboards.swift", kind: .swift, source: SourceText(name: "Dashboards.swift", text: "let d = Dashboard {\n  \"fieldConfig\": 1\n}\n"))
        var p = Panel(type: "stat")
        p.offset = 8
        let d = LintDashboard(loaded: LoadedDashboard(path: file.path, dashboard: Dashboard(title: "D"), original: .null, wasEnvelope: false, source: file.source,
                                                      diagnostics: [], opaqueFields: []), file: file)
        #expect(d.range(of: p, key: ["fieldConfig"]) == PositionRange(start: 8, end: 9))
        #expect(d.range(of: p, target: 0, exprRange: PositionRange(start: 2, end: 4)) == PositionRange(start: 8, end: 9))
    }
}
