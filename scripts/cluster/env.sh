# Sourced by every scripts/cluster/*.sh: where the cluster's tools, data and processes are, and
# its ports. The ports are not the defaults (5432, 7233…), so the cluster runs beside a dev
# server or another PostgreSQL on the same machine; each can be overridden from the environment.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../deploy/temporal/versions.env
source "$ROOT/deploy/temporal/versions.env"

# The server and schema tool, built once and reused (npm run test:cluster builds them if absent).
export CLUSTER_TOOLS_DIR=${CLUSTER_TOOLS_DIR:-$ROOT/.tools/temporal-server-$TEMPORAL_SERVER_VERSION}
# This run's PostgreSQL data, logs and process ids; removed at the end.
export CLUSTER_DIR=${CLUSTER_DIR:-/tmp/podium-cluster}

export CLUSTER_PG_PORT=${CLUSTER_PG_PORT:-15432}
export CLUSTER_FRONTEND_PORT=${CLUSTER_FRONTEND_PORT:-17233}
export CLUSTER_FRONTEND_HTTP_PORT=${CLUSTER_FRONTEND_HTTP_PORT:-17243}
export CLUSTER_HISTORY_PORT=${CLUSTER_HISTORY_PORT:-17234}
export CLUSTER_MATCHING_PORT=${CLUSTER_MATCHING_PORT:-17235}
export CLUSTER_WORKER_PORT=${CLUSTER_WORKER_PORT:-17239}
# Each service's membership (ringpop) port: its gRPC port minus 300, as 7233 → 6933 by default.
export CLUSTER_ADDRESS=127.0.0.1:$CLUSTER_FRONTEND_PORT

# The database role Temporal connects as (a throwaway cluster on loopback).
export CLUSTER_PG_USER=temporal
export CLUSTER_PG_PASSWORD=temporal

log() { printf '[cluster %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
