/// Generates a bash helper that pushes a catalog's metrics to a Prometheus Pushgateway:
/// one function per metric, accepting exactly the declared labels (and only declared values),
/// never failing the caller when the Pushgateway is unreachable.
///
/// Each series is its own Pushgateway group (all its labels are the grouping key), so a push
/// replaces that series only; counters and histograms are read back and added to, so they
/// keep counting across pipeline runs. Scrape the Pushgateway with `honor_labels: true`.
public enum PushScriptRenderer {
    public static func render(metrics: [Metric], job: String, source: String) -> String {
        var s = """
        #!/usr/bin/env bash
        # \(RuleFileRenderer.generatedMarker)
        # Source: \(source). Regenerate with: obsgen render
        #
        # Push deployment metrics to a Prometheus Pushgateway from CI:
        #
        #   . scripts/deploy-metrics.sh
        #   deploy_metrics_init environment=production service=api     # once per run, before anything can fail
        #   deploy_metrics_deployment_total inc environment=production service=api status=failed
        #   deploy_metrics_health_check_status set 1 environment=production service=api
        #   deploy_metrics_deployment_stage_duration_seconds observe 42.5 environment=production service=api stage=deploy status=success
        #
        # PUSHGATEWAY_URL (default http://localhost:9091), DEPLOY_METRICS_TIMEOUT (seconds, default 5).
        # Labels are checked against the catalog: an unknown label or value is refused (status 2).
        # A Pushgateway that cannot be reached only prints a warning: metrics never fail a deployment.

        _deploy_metrics_job=\(shellQuote(job))

        _deploy_metrics_url() { printf '%s' "${PUSHGATEWAY_URL:-http://localhost:9091}"; }

        # _deploy_metrics_fetch: the Pushgateway's current exposition (empty when unreachable).
        _deploy_metrics_fetch() {
          curl -fsS --max-time "${DEPLOY_METRICS_TIMEOUT:-5}" "$(_deploy_metrics_url)/metrics" 2>/dev/null || true
        }

        # _deploy_metrics_value TEXT SERIES: the value of an exact series line, or 0.
        _deploy_metrics_value() {
          awk -v s="$2" 'index($0, s " ") == 1 { v = $NF } END { print (v == "" ? 0 : v) }' <<<"$1"
        }

        # _deploy_metrics_series METRIC LABEL=VALUE...: the series as the Pushgateway prints it
        # (labels sorted, with its job and empty instance labels).
        _deploy_metrics_series() {
          local metric="$1"; shift
          local pairs=("job=$_deploy_metrics_job" "instance=" "$@")
          local sorted
          # Labels sorted by name, except `le`, which the Pushgateway prints last.
          sorted=$(printf '%s\\n' "${pairs[@]}" | LC_ALL=C sort -t= -k1,1 | awk -F= '$1 == "le" { le = $0; next } { print } END { if (le != "") print le }' | awk -F= '{ v = substr($0, index($0, "=") + 1); gsub(/\\\\/, "\\\\\\\\", v); gsub(/"/, "\\\\\\"", v); printf "%s%s=\\"%s\\"", (NR > 1 ? "," : ""), $1, v }')
          printf '%s{%s}' "$metric" "$sorted"
        }

        # _deploy_metrics_push METRIC BODY LABEL=VALUE...: POST one group; never fails.
        _deploy_metrics_push() {
          local metric="$1" body="$2"; shift 2
          local path="/metrics/job/$_deploy_metrics_job" pair
          for pair in "$@"; do
            local v="${pair#*=}"
            if [ -z "$v" ]; then v="@base64/="; else v=$(printf '%s' "$v" | base64 | tr -d '\\n' | tr '+/' '-_'); v="@base64/$v"; fi
            path="$path/${pair%%=*}$v"
          done
          if ! printf '%s\\n' "$body" | curl -fsS --max-time "${DEPLOY_METRICS_TIMEOUT:-5}" --data-binary @- "$(_deploy_metrics_url)$path" >/dev/null 2>&1; then
            echo "deploy-metrics: warning: could not push $metric to $(_deploy_metrics_url); continuing" >&2
          fi
          return 0
        }

        # _deploy_metrics_labels METRIC "declared labels" "allowed values per label" LABEL=VALUE...
        _deploy_metrics_check() {
          local metric="$1" declared="$2"; shift 2
          local seen="" pair name value
          for pair in "$@"; do
            case "$pair" in *=*) ;; *) echo "deploy-metrics: $metric: expected label=value, got '$pair'" >&2; return 2 ;; esac
            name="${pair%%=*}"; value="${pair#*=}"
            case " $declared " in *" $name "*) ;; *) echo "deploy-metrics: $metric has no label '$name' (labels: $declared)" >&2; return 2 ;; esac
            case " $seen " in *" $name "*) echo "deploy-metrics: $metric: label '$name' given twice" >&2; return 2 ;; esac
            seen="$seen $name"
            local allowed
            allowed=$(_deploy_metrics_allowed "$metric" "$name")
            if [ -n "$allowed" ]; then
              case " $allowed " in *" $value "*) ;; *) echo "deploy-metrics: $metric: '$value' is not a value of $name ($allowed)" >&2; return 2 ;; esac
            fi
          done
          for name in $declared; do
            case " $seen " in *" $name "*) ;; *) echo "deploy-metrics: $metric: label '$name' is missing" >&2; return 2 ;; esac
          done
          return 0
        }

        _deploy_metrics_number() {
          case "$1" in ''|*[!0-9.eE+-]*) echo "deploy-metrics: '$1' is not a number" >&2; return 2 ;; esac
          return 0
        }


        """
        // Allowed values, one case per metric/label.
        s += "_deploy_metrics_allowed() {\n  case \"$1:$2\" in\n"
        for m in metrics {
            for l in m.labels {
                if let values = l.values {
                    s += "    \(m.name):\(l.name)) echo \(shellQuote(values.joined(separator: " "))) ;;\n"
                }
            }
        }
        s += "    *) echo \"\" ;;\n  esac\n}\n\n"

        for m in metrics {
            s += function(m)
        }
        s += initFunction(metrics)
        return s
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func function(_ m: Metric) -> String {
        let labels = m.labels.map(\.name).joined(separator: " ")
        let help = m.help.replacingOccurrences(of: "\n", with: " ")
        var f = "# \(m.name) (\(m.kind.rawValue)): \(help)\n"
        f += "# Labels: \(labels.isEmpty ? "none" : labels)\n"
        f += "deploy_metrics_\(m.name)() {\n"
        switch m.kind {
        case .counter:
            f += """
              local op="${1:-}"; shift || true
              local by=1
              if [ "$op" = "inc" ] && [ $# -gt 0 ] && [ "${1#*=}" = "$1" ]; then by="$1"; shift; fi
              if [ "$op" != "inc" ]; then echo "deploy-metrics: usage: deploy_metrics_\(m.name) inc [N] label=value..." >&2; return 2; fi
              _deploy_metrics_number "$by" || return 2
              _deploy_metrics_check \(m.name) \(shellQuote(labels)) "$@" || return 2
              local now current
              now=$(_deploy_metrics_fetch)
              current=$(_deploy_metrics_value "$now" "$(_deploy_metrics_series \(m.name) "$@")")
              _deploy_metrics_push \(m.name) "# TYPE \(m.name) counter
            \(m.name) $(awk -v a="$current" -v b="$by" 'BEGIN { printf "%.17g", a + b }')" "$@"

            """
        case .gauge, .info, .stateset:
            let typ = m.kind == .gauge ? "gauge" : "gauge"
            f += """
              local op="${1:-}" value="${2:-}"; shift 2 || true
              if [ "$op" != "set" ]; then echo "deploy-metrics: usage: deploy_metrics_\(m.name) set VALUE label=value..." >&2; return 2; fi
              _deploy_metrics_number "$value" || return 2
              _deploy_metrics_check \(m.name) \(shellQuote(labels)) "$@" || return 2
              _deploy_metrics_push \(m.name) "# TYPE \(m.name) \(typ)
            \(m.name) $value" "$@"

            """
        case .histogram, .summary:
            let buckets = (m.buckets ?? []).map(formatNumber) + ["+Inf"]
            f += """
              local op="${1:-}" value="${2:-}"; shift 2 || true
              if [ "$op" != "observe" ]; then echo "deploy-metrics: usage: deploy_metrics_\(m.name) observe VALUE label=value..." >&2; return 2; fi
              _deploy_metrics_number "$value" || return 2
              _deploy_metrics_check \(m.name) \(shellQuote(labels)) "$@" || return 2
              local now body le count
              now=$(_deploy_metrics_fetch)
              body="# TYPE \(m.name) histogram"
              for le in \(buckets.joined(separator: " ")); do
                count=$(_deploy_metrics_value "$now" "$(_deploy_metrics_series \(m.name)_bucket "$@" "le=$le")")
                count=$(awk -v c="$count" -v v="$value" -v le="$le" 'BEGIN { if (le == "+Inf" || v + 0 <= le + 0) c += 1; printf "%.17g", c }')
                body="$body
            \(m.name)_bucket{le=\\"$le\\"} $count"
              done
              body="$body
            \(m.name)_sum $(awk -v s="$(_deploy_metrics_value "$now" "$(_deploy_metrics_series \(m.name)_sum "$@")")" -v v="$value" 'BEGIN { printf "%.17g", s + v }')
            \(m.name)_count $(awk -v c="$(_deploy_metrics_value "$now" "$(_deploy_metrics_series \(m.name)_count "$@")")" 'BEGIN { printf "%.17g", c + 1 }')"
              _deploy_metrics_push \(m.name) "$body" "$@"

            """
        }
        f += "}\n\n"
        return f
    }

    /// `deploy_metrics_init label=value…`: creates every counter series of the given grouping
    /// (all declared values of the other labels) at its current value, or 0, so that the
    /// first increase after it is seen by `increase()` and `rate()`.
    static func initFunction(_ metrics: [Metric]) -> String {
        var f = """
        # deploy_metrics_init label=value...: call once per pipeline run, before anything can fail.
        # Creates each counter's series at 0 when absent, so its first increment is visible to
        # increase() and rate() (which need a sample before the change).
        deploy_metrics_init() {
          local now
          now=$(_deploy_metrics_fetch)
          local given=" $* "

        """
        for m in metrics where m.kind == .counter {
            // Cross product of the labels not given by the caller: only over declared values.
            let open = m.labels.filter { $0.values != nil }
            f += "  # \(m.name)\n"
            var loops = ""
            var closes = ""
            var args: [String] = []
            for l in m.labels {
                if open.contains(where: { $0.name == l.name }) {
                    let v = "v_\(l.name)"
                    loops += "  local \(v); for \(v) in $(_deploy_metrics_pick \(shellQuote(l.name)) \(shellQuote(l.values!.joined(separator: " "))) \"$@\"); do\n"
                    closes += "  done\n"
                    args.append("\"\(l.name)=$\(v)\"")
                } else {
                    loops += "  local v_\(l.name); v_\(l.name)=$(_deploy_metrics_pick \(shellQuote(l.name)) '' \"$@\"); [ -n \"$v_\(l.name)\" ] || continue\n"
                    args.append("\"\(l.name)=$v_\(l.name)\"")
                }
            }
            let a = args.joined(separator: " ")
            f += "  for _once in 1; do\n" + loops
            f += "    if [ \"$(_deploy_metrics_value \"$now\" \"$(_deploy_metrics_series \(m.name) \(a))\")\" = \"0\" ] && ! grep -qF \"$(_deploy_metrics_series \(m.name) \(a)) \" <<<\"$now\"; then\n"
            f += "      _deploy_metrics_push \(m.name) \"# TYPE \(m.name) counter\n\(m.name) 0\" \(a)\n    fi\n"
            f += closes + "  done\n"
        }
        f += "  : \"$given\"\n  return 0\n}\n\n"
        f += """
        # _deploy_metrics_pick NAME "values" LABEL=VALUE...: the value the caller gave for NAME, else every declared value.
        _deploy_metrics_pick() {
          local name="$1" values="$2" pair; shift 2
          for pair in "$@"; do
            if [ "${pair%%=*}" = "$name" ]; then printf '%s' "${pair#*=}"; return 0; fi
          done
          printf '%s' "$values"
        }

        """
        return f
    }
}
