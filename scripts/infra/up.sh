#!/usr/bin/env bash
# Brings up everything the service and its integration tests need on this machine (no Docker):
# node_modules, PostgreSQL databases gongji + gongji_test, a local Kafka broker with the topics,
# and the schema migrations of both databases. Idempotent; safe from any working directory.
# Env: GONGJI_SKIP_NPM_CI=1 skips the npm ci step; KAFKA_UP_JARS_ONLY=1 starts no broker (the bench runs its own); GONGJI_INFRA_DIR moves .infra/ (see kafka-up.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO="$PWD"
INFRA="${GONGJI_INFRA_DIR:-$REPO/.infra}"
t0=$SECONDS

# npm ci deletes node_modules, so the stamp inside it also vanishes and forces the next run.
stamp=node_modules/.gongji-ci-stamp
if [[ "${GONGJI_SKIP_NPM_CI:-0}" == 1 ]]; then
  echo "up: skipping npm ci (GONGJI_SKIP_NPM_CI=1)"
elif [[ ! -d node_modules || ! -e "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "up: npm ci (node_modules missing or older than package-lock.json)"
  npm ci --no-audit --no-fund
  touch "$stamp"
fi

bash scripts/infra/postgres-up.sh
bash scripts/infra/kafka-up.sh

migrate=apps/settlement-service/src/store/migrate.ts
if [[ -f "$migrate" ]]; then
  # the local tsx directly (npx costs startup time); npx --yes only as a fallback, so that it
  # never stops at its "Need to install the following packages" prompt
  tsx=(node_modules/.bin/tsx)
  [[ -x "${tsx[0]}" ]] || tsx=(npx --yes tsx)
  for db in gongji gongji_test; do
    echo "up: migrating $db"
    # as the schema's owner; the service then runs as gongji_service
    DATABASE_MIGRATION_URL="postgres://gongji_owner@127.0.0.1:5432/$db" "${tsx[@]}" "$migrate"
  done
else
  echo "up: no migrations yet ($migrate does not exist)"
fi

if [[ "${KAFKA_UP_JARS_ONLY:-0}" == 1 ]]; then
  echo "up: ready in $((SECONDS - t0)) s (PostgreSQL; Kafka jars only, no broker)"
  exit 0
fi
cat <<EOF
up: ready in $((SECONDS - t0)) s
  PostgreSQL  DATABASE_URL=postgres://gongji_service@127.0.0.1:5432/gongji   (tests: .../gongji_test)
              DATABASE_MIGRATION_URL=postgres://gongji_owner@127.0.0.1:5432/gongji
  Kafka       KAFKA_BROKERS=127.0.0.1:9092   broker pid $(cat "$INFRA/kafka.pid" 2>/dev/null || echo "? (not started by us)"), log $INFRA/kafka.log
  Stop Kafka: bash scripts/infra/down.sh
EOF
