#!/usr/bin/env bash
# Measures the settlement service on this machine (about 7 to 10 minutes on 2 cores): end-to-end
# throughput and latency at several offered rates and when saturated, the same with one message
# per transaction, and the ceilings of the Kafka and database parts alone. Writes
# bench/results/<timestamp>.json, bench/results/latest.json and bench/results/latest.svg; service
# logs (and CPU profiles with BENCH_PROFILE=1) go to bench/results/runs/<timestamp>/.
#
# Isolation: the bench runs on its own database (gongji_bench, recreated each run unless
# BENCH_FRESH_DB=0) and, by default, on a private Kafka broker of the same version (port 19092,
# state in .infra/bench-kafka, wiped each run), started and stopped here. On the shared broker of
# scripts/infra the bench's ~150k charges would be consumed later by every other consumer group
# (the integration tests' too), and any other service instance running meanwhile would answer
# them (and the bench's service would answer its charges). BENCH_KAFKA_BROKERS=127.0.0.1:9092
# runs on the shared broker anyway.
#
# Exit status: 0 when every ledger invariant held, 1 when one failed, 2 when it could not run;
# speed is reported, never asserted. Knobs (env): BENCH_RATES (100,250,500,1000,2000,4000,8000),
# BENCH_STEP_S (15), BENCH_WARMUP_S (20), BENCH_SATURATION_N (40000), BENCH_POPULATION (3000), BENCH_PARTITIONS (12), BENCH_BATCH_SIZE (500),
# BENCH_PORT (3190), BENCH_PROFILE (0), BENCH_PASSTHROUGH_N (100000), BENCH_SQL_N (40000),
# BENCH_SQL_N_ONE (4000), BENCH_HTTP_RATES (200,1000: POST /v1/charges beside Kafka at each; empty skips),
# BENCH_CONTRIBUTION_SHARE (0.05: the mixed run's share of contributions; 0 skips), BENCH_CONFIGS (batched,one-per-transaction), BENCH_LATEST (1; 0 keeps latest.*
# for the standard run), BENCH_KAFKA_PORT (19092), GONGJI_SKIP_NPM_CI=1 (for scripts/infra/up.sh),
# BENCH_SERVICE_ENV_<NAME>=<value> (gives the service <NAME>=<value>, for experiments, e.g.
# BENCH_SERVICE_ENV_KAFKA_OFFSET_COMMIT_INTERVAL_MS=1000; recorded in the results' settings).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: npm run bench [-- --help]

Measures the settlement service on this machine (7 to 10 minutes on 2 cores; run it alone):
throughput and latency at several offered rates and saturated, one message per transaction, and
the Kafka and database ceilings. Own database (gongji_bench) and, by default, a private Kafka
broker on BENCH_KAFKA_PORT. Writes bench/results/<timestamp>.json and latest.{json,svg}.
Exit status: 0 every ledger invariant held, 1 one failed, 2 could not run.

Options:
  -h, --help   print this and exit (nothing is started)

Environment (all optional, defaults in brackets):
  BENCH_RATES            offered rates, charges/s [100,250,500,1000,2000,4000,8000]
  BENCH_STEP_S           seconds per rate [15]
  BENCH_WARMUP_S         warm-up seconds [20]
  BENCH_SATURATION_N     charges of the saturation step [40000]
  BENCH_POPULATION       persons registered [3000]
  BENCH_PARTITIONS       partitions of the bench's topics [12]
  BENCH_BATCH_SIZE       the service's SETTLEMENT_BATCH_SIZE [500]
  BENCH_SEED             seed of population and traffic [42]
  BENCH_CONFIGS          configurations run [batched,one-per-transaction]
  BENCH_PORT             the service's HTTP port [3190]
  BENCH_PROFILE=1        CPU profiles of the service into bench/results/runs/<timestamp>/ [0]
  BENCH_PASSTHROUGH_N    messages of the Kafka ceiling [100000]
  BENCH_SQL_N            charges of the database ceiling [40000]
  BENCH_SQL_N_ONE        the same, one per transaction [4000]
  BENCH_LATEST=0         do not replace latest.* [1]
  BENCH_FRESH_DB=0       keep the bench database between runs [1: recreated]
  BENCH_DATABASE_URL     [postgres://postgres@127.0.0.1:5432/gongji_bench]
  BENCH_JWT_SECRET       HS256 secret of the bench's tokens [a bench-only value]
  BENCH_KAFKA_PORT       port of the private broker [19092]
  BENCH_KAFKA_BROKERS    use these brokers instead of a private one (e.g. 127.0.0.1:9092)
  BENCH_SERVICE_ENV_<NAME>=<value>  gives the service <NAME>=<value> (recorded in the results)
  GONGJI_SKIP_NPM_CI=1   do not reinstall node_modules (scripts/infra/up.sh)
USAGE
}
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$PWD"
INFRA="${GONGJI_INFRA_DIR:-$REPO/.infra}"

# PostgreSQL, node_modules and the Kafka jars; not the shared broker, which would only take CPU here.
KAFKA_UP_JARS_ONLY=1 bash scripts/infra/up.sh
npm run build --silent

# shellcheck source=scripts/infra/kafka-broker.sh
source scripts/infra/kafka-broker.sh

KAFKA_PID=""
stop_kafka() {
  if [[ -n "$KAFKA_PID" ]] && kill -0 "$KAFKA_PID" 2>/dev/null; then
    echo "bench: stopping the private Kafka broker (pid $KAFKA_PID)"
    kill -TERM "$KAFKA_PID" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$KAFKA_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$KAFKA_PID" 2>/dev/null && kill -KILL "$KAFKA_PID" 2>/dev/null || true
  fi
}

if [[ -n "${BENCH_KAFKA_BROKERS:-}" ]]; then
  export KAFKA_BROKERS="$BENCH_KAFKA_BROKERS"
  echo "bench: on the broker(s) $KAFKA_BROKERS"
else
  PORT="${BENCH_KAFKA_PORT:-19092}"
  CPORT=$((PORT + 1))
  for p in "$PORT" "$CPORT"; do
    if [[ -n "$(ss -ltnH "sport = :$p" 2>/dev/null)" ]]; then
      echo "bench: port $p is taken (another bench running?); set BENCH_KAFKA_PORT" >&2
      exit 2
    fi
  done
  DIR="$INFRA/bench-kafka"
  rm -rf "$DIR/data"
  mkdir -p "$DIR/data"
  kafka_server_properties "$PORT" "$CPORT" "$DIR/data" >"$DIR/server.properties"
  cat >"$DIR/log4j.properties" <<PROPS
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$DIR/kafka.log
log4j.appender.file.Append=false
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
PROPS
  kafka_format "$INFRA/kafka-libs" "$INFRA/kafka-config/tools-log4j.properties" "$DIR/server.properties" >/dev/null
  : >"$DIR/kafka.log"
  java "${KAFKA_JVM_OPTS[@]}" -Dlog4j.configuration="file:$DIR/log4j.properties" -cp "$INFRA/kafka-libs/*" \
    kafka.Kafka "$DIR/server.properties" </dev/null >>"$DIR/kafka.log" 2>&1 &
  KAFKA_PID=$!
  trap stop_kafka EXIT
  for _ in $(seq 120); do
    grep -q 'Kafka Server started' "$DIR/kafka.log" 2>/dev/null && break
    kill -0 "$KAFKA_PID" 2>/dev/null || { echo "bench: the private broker exited; see $DIR/kafka.log" >&2; exit 2; }
    sleep 0.5
  done
  grep -q 'Kafka Server started' "$DIR/kafka.log" || { echo "bench: the private broker did not start in 60 s" >&2; exit 2; }
  export KAFKA_BROKERS="127.0.0.1:$PORT"
  echo "bench: private Kafka broker on $KAFKA_BROKERS (pid $KAFKA_PID)"
fi

status=0
node_modules/.bin/tsx bench/run-bench.ts || status=$?
exit "$status"
