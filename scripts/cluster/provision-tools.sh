#!/usr/bin/env bash
# Builds the pinned Temporal server and its SQL schema tool from the Go module proxy into
# .tools/temporal-server-<version>/bin (about 9 minutes on two busy cores; reused once there),
# and copies the PostgreSQL schemas that ship inside the server module beside them.
set -euo pipefail
source "$(dirname "$0")/env.sh"

bin=$CLUSTER_TOOLS_DIR/bin
if [[ -x $bin/temporal-server && -x $bin/temporal-sql-tool && -d $CLUSTER_TOOLS_DIR/schema ]]; then
  log "reusing the Temporal server $TEMPORAL_SERVER_VERSION in $CLUSTER_TOOLS_DIR"
  exit 0
fi
if ! command -v go >/dev/null; then
  log "no Go toolchain: install Go 1.21 or later (it fetches $TEMPORAL_GO_TOOLCHAIN itself)"
  exit 1
fi

module=go.temporal.io/server
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
log "building the Temporal server $TEMPORAL_SERVER_VERSION and temporal-sql-tool (several minutes)"
GOTOOLCHAIN=$TEMPORAL_GO_TOOLCHAIN GOBIN=$build \
  go install "$module/cmd/server@v$TEMPORAL_SERVER_VERSION" "$module/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION"

source_dir=$(GOTOOLCHAIN=$TEMPORAL_GO_TOOLCHAIN go env GOMODCACHE)/$module@v$TEMPORAL_SERVER_VERSION
mkdir -p "$bin" "$CLUSTER_TOOLS_DIR/schema"
# Named as in Temporal's images, where deploy/temporal/*.sh run too.
install -m 755 "$build/server" "$bin/temporal-server"
install -m 755 "$build/sql" "$bin/temporal-sql-tool"
cp -R "$source_dir/schema/postgresql" "$CLUSTER_TOOLS_DIR/schema/"
chmod -R u+w "$CLUSTER_TOOLS_DIR/schema"
log "built into $CLUSTER_TOOLS_DIR"
