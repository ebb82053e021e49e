#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas to the server's version:
# `setup-schema -v 0.0` (the version table), then `update-schema` through every versioned step.
# Run by `npm run test:cluster` and by docker-compose.yml's temporal-schema job, so both set the
# database up the same way. Safe to rerun: every step after create-database is idempotent.
#
# Reads temporal-sql-tool's own variables SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (SQL_PLUGIN
# defaults to postgres12 here), and SCHEMA_DIR (default: where the admin-tools image keeps them).
set -eu
tool=${SQL_TOOL:-temporal-sql-tool}
schemas=${SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12
export SQL_PLUGIN="${SQL_PLUGIN:-postgres12}"

setup() {
  database=$1
  dir=$2
  # Fails when the database is there already (a rerun); the next steps say if anything else is wrong.
  "$tool" --db "$database" create-database || echo "create-database $database failed: assuming it exists"
  "$tool" --db "$database" setup-schema -v 0.0
  "$tool" --db "$database" update-schema -d "$dir/versioned"
}

setup temporal "$schemas/temporal"
setup temporal_visibility "$schemas/visibility"
