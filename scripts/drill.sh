#!/usr/bin/env bash
# Fault drill (`npm run drill`, issue #16): the settlement service under steady simulated traffic
# while the infrastructure fails under it, each fault alone and then all together. Prints a table
# and writes drill/results/<timestamp>.json, latest.json and latest.svg; service, broker, database
# and simulator logs go to drill/results/runs/<timestamp>/. `--help` lists the options.
#
# Isolation: everything runs on PRIVATE infrastructure, started here and stopped at the end (also
# on failure or Ctrl-C; `--keep` leaves the broker and the database up, `--down` stops them):
#   - a Kafka broker from the same jars as scripts/bench.sh's (.infra/kafka-libs, via
#     scripts/infra/kafka-up.sh with KAFKA_UP_JARS_ONLY=1), on 127.0.0.1:29092 (controller 29093),
#     data in .infra/drill/kafka, wiped each run; and a second, broker-only node of the same
#     cluster on 29094 (.infra/drill/kafka2) that holds nothing but the second replica of the
#     *.dlq topics: with one replica, Kafka 3.9 caps min.insync.replicas at the replica count, so
#     the drill's "DLQ unwritable" (min.insync.replicas=2, acks=-1 writes refused with
#     NOT_ENOUGH_REPLICAS) needs a replica it can stop;
#   - a PostgreSQL cluster of its own (initdb as the postgres OS user) on 127.0.0.1:55432, data in
#     .infra/drill/pg, wiped each run, database gongji_drill (the service migrates it at start).
# The machine's shared broker (9092) and cluster (5432) are never touched: unlike bench.sh this
# script does not run scripts/infra/up.sh, which would also migrate the shared databases and may
# run `npm ci` (node_modules is only installed here when it is missing).
#
# Exit status: 0 when every check passed, 1 when one failed, 2 when the drill could not run.
# Env: DRILL_KAFKA_PORT (29092; the controller takes the next port), DRILL_PG_PORT (55432),
# DRILL_HTTP_PORT (3290; instance i listens on +i), DRILL_SKIP_BUILD=1 (dist/ is fresh already),
# DRILL_SERVICE_ENV_<NAME>=<value> (gives the service <NAME>=<value>, e.g.
# DRILL_SERVICE_ENV_KAFKA_SESSION_TIMEOUT_MS=6000), GONGJI_INFRA_DIR (moves .infra/).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$PWD"
INFRA="${GONGJI_INFRA_DIR:-$REPO/.infra}"
DRILL_DIR="$INFRA/drill"
KAFKA_PORT="${DRILL_KAFKA_PORT:-29092}"
KAFKA_CPORT=$((KAFKA_PORT + 1))
KAFKA2_PORT=$((KAFKA_PORT + 2))
PG_PORT="${DRILL_PG_PORT:-55432}"
TSX="$REPO/node_modules/.bin/tsx"

keep=0
down=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --down) down=1 ;;
    --help | -h)
      "$TSX" drill/drill-options.ts --help
      exit 0
      ;;
  esac
done

pg_bin() {
  local v
  v="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$v" && -x "/usr/lib/postgresql/$v/bin/initdb" ]] || return 1
  echo "/usr/lib/postgresql/$v/bin"
}

# Stops what an earlier or the current drill left running: only processes recorded in
# .infra/drill/pids whose command line is still ours, and the private cluster by its data dir.
# With "processes" only the services and the simulator (for --keep).
stop_leftovers() {
  local what="${1:-all}" kind pid cmd
  if [[ -f "$DRILL_DIR/pids" ]]; then
    while read -r kind pid; do
      [[ -n "${pid:-}" ]] || continue
      [[ "$what" == processes && "$kind" == kafka* ]] && continue
      cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
      case "$kind" in
        kafka) [[ "$cmd" == *"$DRILL_DIR/kafka/server.properties"* ]] || continue ;;
        kafka2) [[ "$cmd" == *"$DRILL_DIR/kafka2/server.properties"* ]] || continue ;;
        service) [[ "$cmd" == *"$REPO/dist/apps/settlement-service/"* ]] || continue ;;
        simulator) [[ "$cmd" == *"$REPO/dist/apps/pos-simulator/"* ]] || continue ;;
        *) continue ;;
      esac
      echo "drill: stopping the leftover $kind (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done <"$DRILL_DIR/pids"
  fi
  if [[ "$what" == all && -f "$DRILL_DIR/pg/postmaster.pid" ]] && bin="$(pg_bin)"; then
    echo "drill: stopping the private PostgreSQL cluster ($DRILL_DIR/pg)"
    runuser -u postgres -- "$bin/pg_ctl" -D "$DRILL_DIR/pg" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      runuser -u postgres -- "$bin/pg_ctl" -D "$DRILL_DIR/pg" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

if [[ $down == 1 ]]; then
  stop_leftovers all
  echo "drill: private infrastructure stopped"
  exit 0
fi

# --- what the drill needs -------------------------------------------------------------------------
if [[ ! -d node_modules ]]; then
  echo "drill: npm ci (node_modules missing)"
  npm ci --no-audit --no-fund
fi
# Bad options fail here, before anything is built or started.
"$TSX" drill/drill-options.ts --validate "$@" || exit 2

command -v java >/dev/null || { echo "drill: java is needed for the private Kafka broker" >&2; exit 2; }
PG_BIN="$(pg_bin)" || { echo "drill: no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 2; }
id postgres >/dev/null 2>&1 || { echo "drill: the postgres OS user is needed to run initdb" >&2; exit 2; }

KAFKA_UP_JARS_ONLY=1 bash scripts/infra/kafka-up.sh || { echo "drill: could not get the Kafka jars" >&2; exit 2; }
if [[ "${DRILL_SKIP_BUILD:-0}" != 1 ]]; then
  npm run build --silent || { echo "drill: npm run build failed" >&2; exit 2; }
fi

# --- private infrastructure, from scratch -----------------------------------------------------------
stop_leftovers all
for p in "$KAFKA_PORT" "$KAFKA_CPORT" "$KAFKA2_PORT" "$PG_PORT"; do
  if [[ -n "$(ss -ltnH "sport = :$p" 2>/dev/null)" ]]; then
    echo "drill: port $p is taken (another drill running?); set DRILL_KAFKA_PORT / DRILL_PG_PORT" >&2
    exit 2
  fi
done

cleanup() {
  local status=$?
  if [[ $keep == 1 ]]; then
    stop_leftovers processes
    echo "drill: --keep: broker on 127.0.0.1:$KAFKA_PORT and PostgreSQL on 127.0.0.1:$PG_PORT left up; stop them with: bash scripts/drill.sh --down"
  else
    stop_leftovers all
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$DRILL_DIR"
mkdir -p "$DRILL_DIR/kafka/data" "$DRILL_DIR/kafka2/data"

# shellcheck source=scripts/infra/kafka-broker.sh
source scripts/infra/kafka-broker.sh
# Node 1: broker and controller, as bench.sh's. Node 2: broker only, same cluster, smaller heap.
kafka_server_properties "$KAFKA_PORT" "$KAFKA_CPORT" "$DRILL_DIR/kafka/data" >"$DRILL_DIR/kafka/server.properties"
kafka_server_properties "$KAFKA_PORT" "$KAFKA_CPORT" "$DRILL_DIR/kafka2/data" |
  sed -e 's/^process.roles=.*/process.roles=broker/' -e 's/^node.id=.*/node.id=2/' \
    -e "s|^listeners=.*|listeners=PLAINTEXT://127.0.0.1:$KAFKA2_PORT|" \
    -e "s|^advertised.listeners=.*|advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA2_PORT|" \
    >"$DRILL_DIR/kafka2/server.properties"
for node in kafka kafka2; do
  cat >"$DRILL_DIR/$node/log4j.properties" <<PROPS
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$DRILL_DIR/$node/kafka.log
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
PROPS
done
cluster_id="$(kafka_format "$INFRA/kafka-libs" "$INFRA/kafka-config/tools-log4j.properties" "$DRILL_DIR/kafka/server.properties")"
java -Dlog4j.configuration="file:$INFRA/kafka-config/tools-log4j.properties" -cp "$INFRA/kafka-libs/*" \
  kafka.tools.StorageTool format -t "$cluster_id" -c "$DRILL_DIR/kafka2/server.properties" >/dev/null
# The drill starts the nodes with these (and again after stopping one: same data dir, KRaft keeps
# its metadata); exec, so the pid it gets is the JVM's.
jvm2=("${KAFKA_JVM_OPTS[@]}")
jvm2=("${jvm2[@]/-Xmx768m/-Xmx384m}")
jvm2=("${jvm2[@]/-Xms256m/-Xms128m}")
for node in kafka kafka2; do
  if [[ $node == kafka ]]; then opts="${KAFKA_JVM_OPTS[*]}"; else opts="${jvm2[*]}"; fi
  cat >"$DRILL_DIR/$node/start.sh" <<START
#!/usr/bin/env bash
exec java $opts -Dlog4j.configuration=file:$DRILL_DIR/$node/log4j.properties -cp "$INFRA/kafka-libs/*" \\
  kafka.Kafka $DRILL_DIR/$node/server.properties </dev/null >>$DRILL_DIR/$node/kafka.log 2>&1
START
done

mkdir -p "$DRILL_DIR/pg"
chown postgres:postgres "$DRILL_DIR/pg"
chmod 700 "$DRILL_DIR/pg"
: >"$DRILL_DIR/pg.log"
chown postgres:postgres "$DRILL_DIR/pg.log"
if ! runuser -u postgres -- "$PG_BIN/initdb" -D "$DRILL_DIR/pg" -A trust -U postgres >"$DRILL_DIR/initdb.log" 2>&1; then
  echo "drill: initdb failed; see $DRILL_DIR/initdb.log" >&2
  exit 2
fi

status=0
DRILL_INFRA_DIR="$DRILL_DIR" DRILL_PG_BIN="$PG_BIN" DRILL_KAFKA_PORT="$KAFKA_PORT" DRILL_PG_PORT="$PG_PORT" \
  "$TSX" drill/run-drill.ts "$@" || status=$?
exit "$status"
