#!/usr/bin/env bash
# Brings the cluster up and leaves it running on $CLUSTER_ADDRESS (127.0.0.1:17233):
#   1. tools: the pinned server and schema tool (built once into .tools/), the Temporal CLI
#   2. PostgreSQL (installed from Debian's packages if absent), then the Temporal server
#      (four services, 4 history shards, SQL visibility)
#   3. the namespace `default` (14-day retention) and the search attributes
# On failure it stops what it started. scripts/cluster/teardown.sh stops it all.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$ROOT/scripts/cluster/steps.sh"
cd "$ROOT"
trap 'status=$?; stop_step; print_timings; [[ $status == 0 ]] || scripts/cluster/teardown.sh' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A run killed before its teardown leaves its processes recorded here: stop those first.
scripts/cluster/teardown.sh
mkdir -p "$CLUSTER_DIR"

step tools scripts/cluster/provision-tools.sh
# The project's pinned Temporal CLI checks the server's health and sets up the namespace.
TEMPORAL_CLI=$(env -u TEMPORAL_ADDRESS npx tsx scripts/cluster/find-cli.ts)
export TEMPORAL_CLI
step postgresql scripts/cluster/postgres.sh start
step temporal scripts/cluster/temporal-server.sh start
step namespace env TEMPORAL_ADDRESS="$CLUSTER_ADDRESS" sh deploy/temporal/setup-namespace.sh
