#!/usr/bin/env python3
"""Validates rendered Grafana dashboards against Grafana's JSON schemas.

Usage: validate_dashboards.py SCHEMA_DIR DASHBOARD.json...

Checks the dashboard (dashboard.jsonschema.json), each panel's options and
fieldConfig.defaults.custom against its kind's schema, and each target against its
datasource's query schema (prometheus, loki, tempo). Prints one line per problem and a
summary; exits 1 when anything is invalid, 0 otherwise."""
import json
import os
import sys

from jsonschema import Draft7Validator

KIND_SCHEMAS = {
    "timeseries": "timeseries", "stat": "stat", "gauge": "gauge", "bargauge": "bargauge", "table": "table",
    "heatmap": "heatmap", "histogram": "histogram", "state-timeline": "statetimeline", "text": "text", "logs": "logs",
}
QUERY_SCHEMAS = {"prometheus": "prometheus", "loki": "loki", "tempo": "tempo"}


def load(schema_dir, name):
    with open(os.path.join(schema_dir, name + ".jsonschema.json")) as f:
        return json.load(f)


def sub_validator(schema, definition):
    s = dict(schema)
    s["$ref"] = "#/definitions/" + definition
    return Draft7Validator(s)


def main():
    schema_dir, files = sys.argv[1], sys.argv[2:]
    dashboard = Draft7Validator(load(schema_dir, "dashboard"))
    problems = 0
    checked = {"dashboards": 0, "panels": 0, "targets": 0, "unchecked_kinds": set()}
    for path in files:
        with open(path) as f:
            d = json.load(f)
        checked["dashboards"] += 1
        for e in dashboard.iter_errors(d):
            problems += 1
            print(f"{path}: dashboard {'/'.join(map(str, e.path))}: {e.message[:300]}")
        panels = []
        for p in d.get("panels", []):
            panels.append(p)
            panels.extend(p.get("panels", []))
        for p in panels:
            kind = p.get("type")
            if kind == "row":
                continue
            checked["panels"] += 1
            where = f"{path}: panel {p.get('id')} ({kind})"
            if kind in KIND_SCHEMAS:
                schema = load(schema_dir, KIND_SCHEMAS[kind])
                for e in sub_validator(schema, "Options").iter_errors(p.get("options", {})):
                    problems += 1
                    print(f"{where} options {'/'.join(map(str, e.path))}: {e.message[:300]}")
                custom = p.get("fieldConfig", {}).get("defaults", {}).get("custom")
                if custom is not None and "FieldConfig" in schema.get("definitions", {}):
                    for e in sub_validator(schema, "FieldConfig").iter_errors(custom):
                        problems += 1
                        print(f"{where} fieldConfig.defaults.custom {'/'.join(map(str, e.path))}: {e.message[:300]}")
            else:
                checked["unchecked_kinds"].add(kind)
            for t in p.get("targets", []):
                ds = (t.get("datasource") or p.get("datasource") or {})
                dstype = ds.get("type") if isinstance(ds, dict) else None
                if dstype in QUERY_SCHEMAS:
                    checked["targets"] += 1
                    for e in Draft7Validator(load(schema_dir, QUERY_SCHEMAS[dstype])).iter_errors(t):
                        problems += 1
                        print(f"{where} target {t.get('refId')}: {e.message[:300]}")
    kinds = ", ".join(sorted(checked["unchecked_kinds"])) or "none"
    print(f"checked {checked['dashboards']} dashboards, {checked['panels']} panels, {checked['targets']} targets; "
          f"{problems} problems; panel kinds without a schema here: {kinds}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
