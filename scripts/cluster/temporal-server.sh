#!/usr/bin/env bash
# `temporal-server.sh start`: the Temporal server on this run's PostgreSQL: the schemas set up
# (deploy/temporal/setup-schema.sh), then one `temporal-server start` process hosting the
# frontend, history, matching and worker services, each on its own gRPC and membership port,
# configured as its image is (the embedded config template, deploy/temporal/server.env,
# deploy/dynamicconfig/cluster.yaml). Waits until the frontend serves.
# `temporal-server.sh stop`: SIGTERM, then SIGKILL after 30 s.
set -euo pipefail
source "$(dirname "$0")/env.sh"

bin=$CLUSTER_TOOLS_DIR/bin
pid_file=$CLUSTER_DIR/temporal-server.pid
dynamic_config=$ROOT/deploy/dynamicconfig/cluster.yaml

start() {
  "$bin/temporal-server" validate-dynamic-config "$dynamic_config" >&2
  SQL_HOST=127.0.0.1 SQL_PORT=$CLUSTER_PG_PORT SQL_USER=$CLUSTER_PG_USER SQL_PASSWORD=$CLUSTER_PG_PASSWORD \
    SQL_TOOL=$bin/temporal-sql-tool SCHEMA_DIR=$CLUSTER_TOOLS_DIR/schema \
    sh "$ROOT/deploy/temporal/setup-schema.sh" >"$CLUSTER_DIR/setup-schema.log" 2>&1 ||
    { cat "$CLUSTER_DIR/setup-schema.log" >&2; return 1; }
  (
    set -a
    source "$ROOT/deploy/temporal/server.env"
    set +a
    export POSTGRES_SEEDS=127.0.0.1 DB_PORT=$CLUSTER_PG_PORT
    export POSTGRES_USER=$CLUSTER_PG_USER POSTGRES_PWD=$CLUSTER_PG_PASSWORD
    export DYNAMIC_CONFIG_FILE_PATH=$dynamic_config BIND_ON_IP=127.0.0.1 LOG_LEVEL=warn
    export FRONTEND_GRPC_PORT=$CLUSTER_FRONTEND_PORT FRONTEND_HTTP_PORT=$CLUSTER_FRONTEND_HTTP_PORT
    export HISTORY_GRPC_PORT=$CLUSTER_HISTORY_PORT MATCHING_GRPC_PORT=$CLUSTER_MATCHING_PORT
    export WORKER_GRPC_PORT=$CLUSTER_WORKER_PORT
    export FRONTEND_MEMBERSHIP_PORT=$((CLUSTER_FRONTEND_PORT - 300))
    export HISTORY_MEMBERSHIP_PORT=$((CLUSTER_HISTORY_PORT - 300))
    export MATCHING_MEMBERSHIP_PORT=$((CLUSTER_MATCHING_PORT - 300))
    export WORKER_MEMBERSHIP_PORT=$((CLUSTER_WORKER_PORT - 300))
    exec "$bin/temporal-server" start --service frontend --service history --service matching --service worker
  ) >"$CLUSTER_DIR/temporal-server.log" 2>&1 &
  echo $! >"$pid_file"
  wait_until_serving
  log "Temporal server $TEMPORAL_SERVER_VERSION serving on $CLUSTER_ADDRESS (log: $CLUSTER_DIR/temporal-server.log)"
}

wait_until_serving() {
  local pid
  pid=$(cat "$pid_file")
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$CLUSTER_DIR/temporal-server.log" >&2
      log "the Temporal server exited during start"
      return 1
    fi
    if "$TEMPORAL_CLI" operator cluster health --address "$CLUSTER_ADDRESS" 2>/dev/null | grep -q SERVING; then
      return 0
    fi
    sleep 0.5
  done
  log "the Temporal server did not serve within 120 s"
  return 1
}

stop() {
  [[ -f $pid_file ]] || return 0
  local pid
  pid=$(cat "$pid_file")
  # Only the server this script started: a pid left by a crashed run may have been reused.
  if grep -qa temporal-server "/proc/$pid/cmdline" 2>/dev/null && kill -TERM "$pid"; then
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
