#!/usr/bin/env bash
# `npm run test:cluster`: the service proven on a real Temporal cluster on PostgreSQL.
#   1. tools: the pinned server and schema tool (built once into .tools/), PostgreSQL (Debian)
#   2. PostgreSQL, then the Temporal server (four services, 4 history shards, SQL visibility)
#   3. the namespace `default` (14-day retention) and the search attributes
#   4. the integration suite against it (vitest.cluster.config.ts says which files and why)
#   5. a check of what it ran on (shards, visibility rows), then the multi-process smoke
#      (scripts/cluster/smoke.ts)
# Stops everything it started, also when a step fails or it is interrupted. Prints each step's time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

timings=()
step() {
  local name=$1 began=$SECONDS
  shift
  log "── $name"
  "$@"
  timings+=("$(printf '%-12s %4d s' "$name" $((SECONDS - began)))")
}
report() {
  local status=$?
  scripts/cluster/teardown.sh
  log "step times:"
  for line in "${timings[@]}"; do log "  $line"; done
  exit "$status"
}
# What the suite ran on: the history shards and the visibility rows, read from PostgreSQL.
check_shape() {
  local shards workflows
  shards=$(scripts/cluster/postgres.sh query temporal "SELECT count(*) FROM shards")
  workflows=$(scripts/cluster/postgres.sh query temporal_visibility \
    "SELECT count(*) FROM executions_visibility")
  log "history shards in PostgreSQL: $shards; workflows in SQL visibility: $workflows"
  [[ $shards -ge 4 && $workflows -gt 0 ]]
}
trap report EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A run killed before its teardown leaves its processes recorded here: stop those first.
scripts/cluster/teardown.sh
mkdir -p "$CLUSTER_DIR"

step tools scripts/cluster/provision-tools.sh
# The Temporal CLI (the project's pinned one) checks health and sets up the namespace.
TEMPORAL_CLI=$(env -u TEMPORAL_ADDRESS npx tsx scripts/cluster/find-cli.ts)
export TEMPORAL_CLI
step postgresql scripts/cluster/postgres.sh start
step temporal scripts/cluster/temporal-server.sh start
step namespace env TEMPORAL_ADDRESS="$CLUSTER_ADDRESS" sh deploy/temporal/setup-namespace.sh
step suite env TEST_TEMPORAL_ADDRESS="$CLUSTER_ADDRESS" npx vitest run --config vitest.cluster.config.ts
step shape check_shape
# The smoke runs the processes as production does: the receiver bundle and a prebuilt workflow bundle.
smoke() {
  npm run -s build:receiver && npm run -s build:workflows >/dev/null 2>&1 &&
    TEMPORAL_ADDRESS=$CLUSTER_ADDRESS npx tsx scripts/cluster/smoke.ts
}
step smoke smoke
