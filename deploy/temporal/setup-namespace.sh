#!/bin/sh
# The namespace the service runs in, as `npm run test:cluster` and docker-compose.yml's
# temporal-admin-tools job set it up: created (or updated) with a 14-day retention, and the
# search attributes the workflows set. Safe to rerun.
#
# Retention is the deduplication window: Podium keeps undelivered events queued for about
# 10 days, and a redelivery after retention would be processed a second time.
#
# Reads TEMPORAL_ADDRESS (the CLI's own variable), TEMPORAL_NAMESPACE (default `default`) and
# TEMPORAL_CLI (default `temporal`).
set -u
cli=${TEMPORAL_CLI:-temporal}
namespace=${TEMPORAL_NAMESPACE:-default}

# Retries until the server answers; "already exists" is success.
retry() {
  for attempt in $(seq 1 90); do
    if output=$("$@" 2>&1); then
      echo "$output"
      return 0
    fi
    case "$output" in
      *"already exists"* | *"AlreadyExists"* | *"already registered"*)
        echo "already there: $*"
        return 0
        ;;
    esac
    echo "attempt $attempt failed, retrying: $output"
    sleep 2
  done
  echo "gave up: $*"
  return 1
}

retry "$cli" operator namespace create --namespace "$namespace" --retention 14d &&
  retry "$cli" operator namespace update --namespace "$namespace" --retention 14d &&
  retry "$cli" operator search-attribute create --namespace "$namespace" --name PodiumEventType --type Keyword &&
  retry "$cli" operator search-attribute create --namespace "$namespace" --name PodiumEventStatus --type Keyword &&
  retry "$cli" operator search-attribute create --namespace "$namespace" --name PodiumOrderingKey --type Keyword &&
  retry "$cli" operator search-attribute create --namespace "$namespace" --name PodiumEventLate --type Keyword
