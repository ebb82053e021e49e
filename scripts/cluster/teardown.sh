#!/usr/bin/env bash
# Stops what scripts/cluster/*.sh started (the Temporal server, then PostgreSQL) and removes
# this run's data. Safe to run when nothing is running.
set -uo pipefail
source "$(dirname "$0")/env.sh"
[[ -d $CLUSTER_DIR ]] || exit 0
"$ROOT/scripts/cluster/temporal-server.sh" stop
"$ROOT/scripts/cluster/postgres.sh" stop
rm -rf "$CLUSTER_DIR"
