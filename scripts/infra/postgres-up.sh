#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432 and that the databases `gongji`
# (dev) and `gongji_test` (integration tests) exist. Idempotent. Trust auth as user postgres.
set -euo pipefail

PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAX)

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  echo "postgres-up: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true # "already running" is fine
  for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "postgres-up: PostgreSQL does not answer" >&2; exit 1; }
fi

for db in gongji gongji_test; do
  if [[ "$("${PSQL[@]}" -c "select 1 from pg_database where datname = '$db'")" != 1 ]]; then
    # a concurrent run may win the race; only fail if the database is still missing afterwards
    "${PSQL[@]}" -c "create database $db owner postgres" 2>/dev/null ||
      [[ "$("${PSQL[@]}" -c "select 1 from pg_database where datname = '$db'")" == 1 ]]
    echo "postgres-up: created database $db"
  fi
done
echo "postgres-up: PostgreSQL answers on 127.0.0.1:5432 (databases gongji, gongji_test)"
