#!/usr/bin/env bash
# `postgres.sh start`: a PostgreSQL of its own for this run (initdb into $CLUSTER_DIR/pg, on
# loopback port $CLUSTER_PG_PORT), with a `temporal` role that logs in by password over TCP as
# the Temporal server does in production. Installs PostgreSQL from Debian's packages if absent.
# `postgres.sh query DATABASE SQL`: prints the result, unaligned (for checks).
# `postgres.sh stop`: stops it (the data goes with $CLUSTER_DIR).
set -euo pipefail
source "$(dirname "$0")/env.sh"

pg_bin=/usr/lib/postgresql/$POSTGRES_MAJOR/bin
data=$CLUSTER_DIR/pg/data
socket_dir=$CLUSTER_DIR/pg

# PostgreSQL refuses to run as root: its commands run as the `postgres` user the package creates.
as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
  [[ -x $pg_bin/initdb ]] && return 0
  log "installing PostgreSQL $POSTGRES_MAJOR from Debian's packages"
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "postgresql-$POSTGRES_MAJOR" >/dev/null
}

start() {
  install_postgres
  mkdir -p "$socket_dir"
  chmod 755 "$CLUSTER_DIR"
  if [[ $(id -u) == 0 ]]; then chown postgres: "$socket_dir"; fi
  local password_file=$socket_dir/superuser-password
  as_postgres sh -c "umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \\n' > '$password_file'"
  # Local socket: trusted, and only in this run's own folder. TCP: passwords (SCRAM), as in production.
  as_postgres "$pg_bin/initdb" -D "$data" -U postgres --pwfile="$password_file" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  # Four Temporal services with up to 30 connections each (SQL_MAX_CONNS + SQL_VIS_MAX_CONNS).
  as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$CLUSTER_DIR/pg/postgresql.log" -w -t 60 \
    -o "-p $CLUSTER_PG_PORT -k $socket_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  as_postgres "$pg_bin/psql" -qX -h "$socket_dir" -p "$CLUSTER_PG_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE ROLE $CLUSTER_PG_USER LOGIN CREATEDB PASSWORD '$CLUSTER_PG_PASSWORD'"
  log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$CLUSTER_PG_PORT"
}

stop() {
  [[ -f $data/postmaster.pid ]] || return 0
  as_postgres "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || true
}

query() {
  as_postgres "$pg_bin/psql" -qXAt -h "$socket_dir" -p "$CLUSTER_PG_PORT" -U postgres -d "$1" \
    -v ON_ERROR_STOP=1 -c "$2"
}

case "${1:-}" in
  start) start ;;
  query) query "$2" "$3" ;;
  stop) stop ;;
  *) echo "usage: $0 start|query DATABASE SQL|stop" >&2; exit 2 ;;
esac
