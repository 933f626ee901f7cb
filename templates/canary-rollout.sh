#!/usr/bin/env bash
# A canary rollout, 10% → 50% → 100% of the traffic, each step gated by `obsgen gate` on the
# deployment pack's canary rule (version:http_errors:ratio_rate5m): proceed while the canary's
# 5xx ratio stays within 1.5 × the stable version's + 0.1 %, once it has served enough requests.
#
# Yours to edit: set_traffic and rollback are where your platform (a service mesh, Argo
# Rollouts, a load balancer) takes over. Run it as the pipeline's deploy step:
#
#   PROMETHEUS_URL=https://prometheus.example.org SERVICE=api templates/canary-rollout.sh
#
# Settings (environment): PROMETHEUS_URL, SERVICE, ENVIRONMENT (production), CANARY_STEPS
# ("10 50 100"), CANARY_CHECKS (5 evaluations in a row…), CANARY_EVERY (…1m apart),
# CANARY_MAX_RATIO (1.5), CANARY_SLACK (0.001), CANARY_MIN_REQUESTS (100), OBSGEN (obsgen),
# PUSHGATEWAY_URL (where scripts/deploy-metrics.sh pushes the traffic share, if it is there).
# Exit status: 0 rolled out, 1 rolled back (the canary was worse), 2 stopped undecided (no data,
# too little traffic, Prometheus unreachable): held at the last step and rolled back.
set -uo pipefail

: "${PROMETHEUS_URL:?set PROMETHEUS_URL}" "${SERVICE:?set SERVICE}"
ENVIRONMENT="${ENVIRONMENT:-production}"
OBSGEN="${OBSGEN:-obsgen}"

set_traffic() { # PERCENT: route PERCENT % of $SERVICE's traffic to the canary.
  echo "canary: routing $1% of $SERVICE in $ENVIRONMENT to the canary"
}

rollback() { # WHY
  echo "canary: rolling back $SERVICE in $ENVIRONMENT: $1"
  set_traffic 0
  traffic_share 0
}

traffic_share() { # PERCENT: the pack's canary_traffic_ratio, for the Canary dashboard.
  local helper
  helper="$(dirname "$0")/../scripts/deploy-metrics.sh"
  if [ -n "${PUSHGATEWAY_URL:-}" ] && [ -f "$helper" ]; then
    # shellcheck source=/dev/null
    . "$helper"
    deploy_metrics_canary_traffic_ratio set "$(awk -v p="$1" 'BEGIN { print p / 100 }')" environment="$ENVIRONMENT" service="$SERVICE" version=canary
  fi
}

for step in ${CANARY_STEPS:-10 50 100}; do
  set_traffic "$step"
  traffic_share "$step"
  [ "$step" = 100 ] && break
  status=0
  "$OBSGEN" gate --prometheus "$PROMETHEUS_URL" \
    --rule version:http_errors:ratio_rate5m --pack deployment `# your own project: drop --pack` \
    --canary-match 'version="canary"' --baseline-match 'version="stable"' \
    --match "service=\"$SERVICE\", environment=\"$ENVIRONMENT\"" \
    --max-ratio "${CANARY_MAX_RATIO:-1.5}" --slack "${CANARY_SLACK:-0.001}" \
    --requests "sum(increase(http_requests_total{service=\"$SERVICE\", environment=\"$ENVIRONMENT\", version=\"canary\"}[\$window]))" \
    --min-requests "${CANARY_MIN_REQUESTS:-100}" --window 5m \
    --checks "${CANARY_CHECKS:-5}" --every "${CANARY_EVERY:-1m}" || status=$?
  case "$status" in
    0) echo "canary: step $step% passed" ;;
    1) rollback "the canary's error ratio is above the limit at $step%"; exit 1 ;;
    *) rollback "could not decide at $step% (see above)"; exit 2 ;;
  esac
done
echo "canary: $SERVICE in $ENVIRONMENT rolled out"
