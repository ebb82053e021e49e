#!/usr/bin/env bash
# `npm run test:cluster`: the service proven on a real Temporal cluster on PostgreSQL.
#   1. the cluster, brought up by scripts/cluster/up.sh
#   2. the integration suite against it (vitest.cluster.config.ts says which files and why)
#   3. a check of what it ran on (history shards and visibility rows in PostgreSQL)
#   4. the multi-process smoke (scripts/cluster/smoke.ts)
# Stops everything it started, also when a step fails or it is interrupted. Prints each step's time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$ROOT/scripts/cluster/steps.sh"
cd "$ROOT"

finish() {
  local status=$?
  stop_step
  scripts/cluster/teardown.sh
  print_timings
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

check_shape() {
  local shards workflows
  shards=$(scripts/cluster/postgres.sh query temporal "SELECT count(*) FROM shards")
  workflows=$(scripts/cluster/postgres.sh query temporal_visibility \
    "SELECT count(*) FROM executions_visibility")
  log "history shards in PostgreSQL: $shards; workflows in SQL visibility: $workflows"
  [[ $shards -ge 4 && $workflows -gt 0 ]]
}

# The smoke runs the processes as production does: the receiver bundle and a prebuilt workflow bundle.
smoke() {
  npm run -s build:receiver
  npm run -s build:workflows >"$CLUSTER_DIR/build-workflows.log" 2>&1 ||
    { cat "$CLUSTER_DIR/build-workflows.log" >&2; return 1; }
  # exec: the step's process is the smoke itself, which stops its processes on SIGTERM.
  TEMPORAL_ADDRESS=$CLUSTER_ADDRESS exec node --import tsx scripts/cluster/smoke.ts
}

step up scripts/cluster/up.sh
# vitest itself (not through npx), so that stop_step's SIGTERM reaches it.
step suite env TEST_TEMPORAL_ADDRESS="$CLUSTER_ADDRESS" node_modules/.bin/vitest run \
  --config vitest.cluster.config.ts
step shape check_shape
step smoke smoke
