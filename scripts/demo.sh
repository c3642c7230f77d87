#!/usr/bin/env bash
# The main job, end to end on this machine: Kafka + PostgreSQL up, build, start the settlement
# service in the background, let the POS simulator register a synthetic population and play about
# a minute of pharmacy and clinic traffic, print its summary and invariant checks, stop the
# service cleanly (SIGTERM) and exit with the simulator's status (0 = every check passed).
#
# Safe to run again and again: every run uses fresh ids (a run id prefixes merchants, persons and
# charges). The service consumes as group $KAFKA_GROUP_ID (default gongji-demo), which is moved to
# the end of the inbound topics first: the topics are shared with tests and benches, whose old
# messages are not this database's business.
#
# Env (all optional): HTTP_PORT (3000, or the next free port), DEMO_RATE (200 charges/s),
# DEMO_DURATION_S (60), DEMO_POPULATION (1500), DEMO_SEED (42), DATABASE_URL, DATABASE_MIGRATION_URL,
# KAFKA_BROKERS, AUTH_JWT_SECRET, AUTH_JWT_ISSUER (gongji-demo-bureau), AUTH_JWT_AUDIENCE
# (gongji-settlement), KAFKA_GROUP_ID, AUTHORIZATION_TIMEOUT_S (15: unanswered requests expire
# within the demo), GONGJI_SKIP_NPM_CI=1 (passed on to scripts/infra/up.sh), DEMO_SEASON_SHARE
# (0.3: holders paying relatives' contributions), DEMO_HTTP_SHARE (0.25: merchants settling over
# HTTP, hospitals always), DEMO_STATEMENTS (8: holders checking their statement).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: npm run demo [-- --help]

Starts Kafka and PostgreSQL (scripts/infra/up.sh), builds, starts the settlement service, lets
the POS simulator register a population and play charges for about a minute, prints its summary
and invariant checks, stops the service. Exit status: the simulator's (0 = every check passed).

Options:
  -h, --help   print this and exit (nothing is started)

Environment (all optional, defaults in brackets):
  HTTP_PORT                 service port [3000, or the next free one up to 3099]
  DEMO_RATE                 charges per second [200]
  DEMO_DURATION_S           seconds of traffic [60]
  DEMO_POPULATION           persons registered [1500]
  DEMO_SEED                 seed of the synthetic population and traffic [42]
  DATABASE_URL              the service's role [postgres://gongji_service@127.0.0.1:5432/gongji]
  DATABASE_MIGRATION_URL    the owner role migrations run as [postgres://gongji_owner@127.0.0.1:5432/gongji]
  KAFKA_BROKERS             [127.0.0.1:9092]
  AUTH_JWT_SECRET           HS256 secret of the demo's tokens, at least 32 bytes [a demo-only value]
  AUTH_JWT_ISSUER           iss the service requires and the tokens carry [gongji-demo-bureau]
  AUTH_JWT_AUDIENCE         aud the service requires and the tokens carry [gongji-settlement]
  KAFKA_GROUP_ID            the service's consumer group, moved to the topics' end first [gongji-demo]
  AUTHORIZATION_TIMEOUT_S   unanswered authorization requests expire after [15]
  LOG_LEVEL                 the service's log level [info]
  GONGJI_DEMO_LOG_DIR       where the service log and summary JSON go [.infra/demo]
  GONGJI_SKIP_NPM_CI=1      do not reinstall node_modules (scripts/infra/up.sh)
  DEMO_SEASON_SHARE         share of holders paying relatives' contributions [0.3]
  DEMO_HTTP_SHARE           share of merchants settling over HTTP, hospitals always [0.25]
  DEMO_STATEMENTS           holders fetching and checking their statement [8]
USAGE
}
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) echo "demo: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$PWD"
LOG_DIR="${GONGJI_DEMO_LOG_DIR:-$REPO/.infra/demo}"
mkdir -p "$LOG_DIR"
SERVICE_LOG="$LOG_DIR/service-$(date +%Y%m%d-%H%M%S).log"

# the service runs as a role without ownership and migrates as the owner (scripts/infra/postgres-up.sh)
export DATABASE_URL="${DATABASE_URL:-postgres://gongji_service@127.0.0.1:5432/gongji}"
export DATABASE_MIGRATION_URL="${DATABASE_MIGRATION_URL:-postgres://gongji_owner@127.0.0.1:5432/gongji}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
export AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-gongji-demo-secret-not-for-production}"
# the service checks these claims; the simulator's and print-token's tokens carry them
export AUTH_JWT_ISSUER="${AUTH_JWT_ISSUER:-gongji-demo-bureau}"
export AUTH_JWT_AUDIENCE="${AUTH_JWT_AUDIENCE:-gongji-settlement}"
export KAFKA_GROUP_ID="${KAFKA_GROUP_ID:-gongji-demo}"
export AUTHORIZATION_TIMEOUT_S="${AUTHORIZATION_TIMEOUT_S:-15}"
export LOG_LEVEL="${LOG_LEVEL:-info}"

port_busy() { [[ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]]; }
PORT="${HTTP_PORT:-3000}"
if port_busy "$PORT"; then
  for candidate in $(seq 3000 3099); do
    if ! port_busy "$candidate"; then PORT=$candidate; break; fi
  done
  port_busy "$PORT" && { echo "demo: no free HTTP port in 3000..3099" >&2; exit 2; }
  echo "demo: port ${HTTP_PORT:-3000} is taken, using $PORT"
fi
export HTTP_PORT="$PORT"

echo "demo: 1/5 infrastructure (Kafka, PostgreSQL, migrations)"
bash scripts/infra/up.sh

echo "demo: 2/5 build"
npm run build --silent

SIMULATOR=(node dist/apps/pos-simulator/apps/pos-simulator/src/main.js)
"${SIMULATOR[@]}" --fast-forward-group "$KAFKA_GROUP_ID"

echo "demo: 3/5 starting the settlement service on port $PORT (log: $SERVICE_LOG)"
# Its own session (process group), so that stopping it reaches npm, the shell and node alike.
setsid npm start --silent >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!

stop_service() {
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "demo: 5/5 stopping the service (SIGTERM)"
    # SIGTERM to node itself (npm and its shell then exit with it); the whole group if not found.
    local node_pid
    node_pid="$(pgrep -g "$SERVICE_PID" -x node | head -n1 || true)"
    if [[ -n "$node_pid" ]]; then kill -TERM "$node_pid" 2>/dev/null || true; else kill -TERM -- "-$SERVICE_PID" 2>/dev/null || true; fi
    for _ in $(seq 60); do kill -0 -- "-$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 -- "-$SERVICE_PID" 2>/dev/null; then
      echo "demo: the service did not stop within 30 s; SIGKILL" >&2
      kill -KILL -- "-$SERVICE_PID" 2>/dev/null || true
    fi
    local code=0
    wait "$SERVICE_PID" 2>/dev/null || code=$?
    # Nest runs its shutdown hooks on SIGTERM and then re-raises it: 143 is a clean stop.
    if [[ $code == 0 || $code == 143 ]]; then
      echo "demo: service stopped cleanly"
    else
      echo "demo: service exited with status $code" >&2
    fi
  fi
}
trap stop_service EXIT

healthy=0
for _ in $(seq 120); do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "demo: the service exited during start-up; last lines of its log:" >&2
    tail -n 30 "$SERVICE_LOG" >&2
    exit 1
  fi
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health" || true)" == 200 ]]; then
    healthy=1
    break
  fi
  sleep 0.5
done
if [[ $healthy != 1 ]]; then
  echo "demo: GET /health did not answer 200 within 60 s; last lines of the log:" >&2
  tail -n 30 "$SERVICE_LOG" >&2
  exit 1
fi

echo "demo: 4/5 simulating ${DEMO_RATE:-200} charges/s for ${DEMO_DURATION_S:-60} s"
status=0
"${SIMULATOR[@]}" \
  --api "http://127.0.0.1:$PORT" \
  --seed "${DEMO_SEED:-42}" \
  --rate "${DEMO_RATE:-200}" \
  --duration "${DEMO_DURATION_S:-60}" \
  --population "${DEMO_POPULATION:-1500}" \
  --season "${DEMO_SEASON_SHARE:-0.3}" \
  --http-share "${DEMO_HTTP_SHARE:-0.25}" \
  --routing --merchant-day --statements "${DEMO_STATEMENTS:-8}" \
  --json "$LOG_DIR/summary-$(date +%Y%m%d-%H%M%S).json" || status=$?

stop_service
trap - EXIT
echo "demo: service log $SERVICE_LOG"
if [[ $status == 0 ]]; then echo "demo: every check passed"; else echo "demo: the simulator reported failures (exit status $status)" >&2; fi
exit "$status"
