#!/usr/bin/env bash
# The DSL's compile time: a generated project of 200 alerts, 50 recording rules and 20 dashboards
# of 20 panels (make_dsl_project.py), against this checkout of obsgen. Measures a clean build, an
# incremental rebuild + render after editing one alert's threshold, and lists every expression
# the type checker took over 100 ms on (-warn-long-expression-type-checking=$LIMIT -Xswiftc -Xfrontend -Xswiftc -warn-long-function-bodies=$LIMIT).
#
#   Benchmarks/dsl-compile-bench.sh [work-dir] [debug|release] [limit-ms]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="${1:-/tmp/obsgen-dsl-bench}"
CONF="${2:-debug}"
# Expressions over this many milliseconds are listed (the goal is none over 100).
LIMIT="${3:-100}"
rm -rf "$WORK"
mkdir -p "$WORK"
# A copy of obsgen, so that edits to this checkout do not rebuild it mid-measure.
git -C "$ROOT" archive HEAD | tar -x -C "$WORK" --one-top-level=obsgen
python3 "$ROOT/Benchmarks/make_dsl_project.py" "$WORK/project" "$WORK/obsgen"
cd "$WORK/project"
FLAGS=(-c "$CONF" -Xswiftc -Xfrontend -Xswiftc -warn-long-expression-type-checking=$LIMIT -Xswiftc -Xfrontend -Xswiftc -warn-long-function-bodies=$LIMIT)
# t LOG command…: runs the command with its output in LOG and prints the seconds it took.
t() { local log="$1" s e; shift; s=$(date +%s.%N); "$@" > "$log" 2>&1 || true; e=$(date +%s.%N); python3 -c "print(f'{$e - $s:.1f}')"; }
# Dependencies first (obsgen itself, swift-argument-parser, Yams): not the DSL's cost.
swift package resolve >/dev/null
echo "clean build (obsgen and dependencies included): $(t build-clean.log swift build "${FLAGS[@]}") s"
# Only the project's own module, again from clean: touching every project file.
touch Sources/Observability/*.swift
echo "project module rebuild (every file touched): $(t build-project.log swift build "${FLAGS[@]}") s"
# Edit one alert's threshold, rebuild and render.
sed -i '0,/warning(above: 0.01)/s//warning(above: 0.02)/' Sources/Observability/Alerts0.swift
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)/obsgen-project"
echo "incremental rebuild after one threshold: $(t build-incremental.log swift build "${FLAGS[@]}") s"
echo "render: $(t render.log "$BIN" render) s"
echo "slowest expressions and function bodies (over $LIMIT ms):"
cat build-clean.log build-project.log build-incremental.log | grep -o "[^ ]*Sources/Observability/[^ ]*: warning: .*type-check.*\|[^ ]*Sources/Observability/[^ ]*: warning: .*took [0-9]*ms.*" | sed "s|$WORK/project/||" | sort -u | sort -t'(' -k2 -rn | head -20 || true
echo "$(cat build-clean.log build-project.log build-incremental.log | grep -c 'type-check' || true) warnings in all"
