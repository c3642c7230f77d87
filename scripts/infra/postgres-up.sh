#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432, that the roles gongji_owner
# (owns the schema, runs the migrations) and gongji_service (what the service runs as: no
# ownership, so it cannot alter tables or disable the journal's triggers) exist, and that the
# databases `gongji` (dev) and `gongji_test` (integration tests) exist, owned by gongji_owner.
# Idempotent. Trust auth (no passwords on this machine). The service role's privileges are
# granted by a migration (1765500000000-ledger-guards), so new tables are covered too.
set -euo pipefail

PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAX)

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  echo "postgres-up: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true # "already running" is fine
  for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "postgres-up: PostgreSQL does not answer" >&2; exit 1; }
fi

for role in gongji_owner gongji_service; do
  if [[ "$("${PSQL[@]}" -c "select 1 from pg_roles where rolname = '$role'")" != 1 ]]; then
    "${PSQL[@]}" -c "create role $role login nosuperuser nocreatedb nocreaterole noreplication" 2>/dev/null ||
      [[ "$("${PSQL[@]}" -c "select 1 from pg_roles where rolname = '$role'")" == 1 ]]
    echo "postgres-up: created role $role"
  fi
done

# Databases made before the roles existed were migrated as postgres: hand what is there to
# gongji_owner once, so its migrations may alter it (postgres, a superuser, is not hindered).
to_owner() {
  "${PSQL[@]}" -d "$1" <<'SQL'
DO $$
DECLARE r record;
BEGIN
  IF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public') <> 'gongji_owner' THEN
    ALTER SCHEMA public OWNER TO gongji_owner;
  END IF;
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             AND c.relowner <> 'gongji_owner'::regrole LOOP
    EXECUTE format('ALTER %s %s OWNER TO gongji_owner',
                   CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
             AND c.relowner <> 'gongji_owner'::regrole
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO gongji_owner', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
           WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> 'gongji_owner'::regrole LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO gongji_owner', r.name);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t
           WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> 'gongji_owner'::regrole
             AND t.typtype IN ('e', 'd') LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO gongji_owner', r.name);
  END LOOP;
END $$;
SQL
}

for db in gongji gongji_test; do
  if [[ "$("${PSQL[@]}" -c "select 1 from pg_database where datname = '$db'")" != 1 ]]; then
    # a concurrent run may win the race; only fail if the database is still missing afterwards
    "${PSQL[@]}" -c "create database $db owner gongji_owner" 2>/dev/null ||
      [[ "$("${PSQL[@]}" -c "select 1 from pg_database where datname = '$db'")" == 1 ]]
    echo "postgres-up: created database $db"
  fi
  if [[ "$("${PSQL[@]}" -c "select datdba::regrole::text from pg_database where datname = '$db'")" != gongji_owner ]]; then
    "${PSQL[@]}" -c "alter database $db owner to gongji_owner"
  fi
  to_owner "$db"
done
echo "postgres-up: PostgreSQL answers on 127.0.0.1:5432 (databases gongji, gongji_test; roles gongji_owner, gongji_service)"
