#!/usr/bin/env bash
# Runs a single-node Apache Kafka (KRaft: broker + controller in one JVM) on 127.0.0.1:9092 from
# its Maven Central jars (no Docker on the dev/CI machines), then creates the service's topics.
# Idempotent: a broker that already answers on 127.0.0.1:9092 is left alone.
# KAFKA_UP_JARS_ONLY=1 stops after fetching the jars and writing the configuration.
# State lives outside tracked files in ${GONGJI_INFRA_DIR:-<repo>/.infra}:
#   kafka-libs/ (classpath), kafka-data/ (KRaft log dir), kafka-config/, kafka.log, kafka.pid
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA="${GONGJI_INFRA_DIR:-$REPO/.infra}"
KAFKA_VERSION=3.9.1 # keep in sync with scripts/infra/pom.xml and docker/compose.yaml
LIBS="$INFRA/kafka-libs"
DATA="$INFRA/kafka-data"
CONF="$INFRA/kafka-config"
LOG="$INFRA/kafka.log"
PIDFILE="$INFRA/kafka.pid"
BOOTSTRAP=127.0.0.1:9092
START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-60}"
# name:partitions; keep in sync with the `topics` service in docker/compose.yaml. 12 partitions
# let up to 12 instances share the work (a partition is settled by one instance at a time).
TOPICS=(
  pos.charges.v1:12 pos.reversals.v1:12 mutualaid.authorization-decisions.v1:12
  mutualaid.contribution-requests.v1:12 settlement.events.v1:12
  pos.charges.v1.dlq:12 pos.reversals.v1.dlq:12 mutualaid.authorization-decisions.v1.dlq:12
  mutualaid.contribution-requests.v1.dlq:12
)

# shellcheck source=scripts/infra/kafka-broker.sh
source "$REPO/scripts/infra/kafka-broker.sh"

mkdir -p "$INFRA" "$CONF"

# One broker per machine: serialize concurrent callers (e.g. two test runs starting together).
exec 9>"$INFRA/kafka-up.lock"
flock -w 300 9 || { echo "kafka-up: timed out waiting for $INFRA/kafka-up.lock" >&2; exit 1; }

# --- 1. classpath from Maven Central (skipped once the marker matches version + pom) ------------
marker="$KAFKA_VERSION $(sha1sum <"$REPO/scripts/infra/pom.xml" | cut -c1-12)"
if [[ "$(cat "$LIBS/.kafka-version" 2>/dev/null)" != "$marker" ]]; then
  echo "kafka-up: fetching Kafka $KAFKA_VERSION jars with Maven into $LIBS"
  tmp="$LIBS.tmp.$$"
  rm -rf "$tmp"
  # Output kept in a file: even with -q -B, Debian's Maven 3.8 prints stray ANSI resets.
  if ! mvn -q -B -f "$REPO/scripts/infra/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" >"$INFRA/maven.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$INFRA/maven.log" >&2
    echo "kafka-up: Maven could not fetch the Kafka jars (is Maven Central reachable?)" >&2
    exit 1
  fi
  echo "$marker" >"$tmp/.kafka-version"
  rm -rf "$LIBS" && mv "$tmp" "$LIBS" # swap in whole, so a failed download is never half-used
fi

# --- 2. configuration (rewritten every time; read only when the broker starts) ----------------
kafka_server_properties 9092 9093 "$DATA" >"$CONF/server.properties"

cat >"$CONF/log4j.properties" <<EOF
# reload4j config of the broker: everything to $LOG (rolled at 50 MB), nothing to the console.
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOG
log4j.appender.file.Append=true
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
# the per-request and state-change loggers are very chatty at INFO/TRACE
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF

# CLI tools (TopicCommand): only warnings, on stderr.
cat >"$CONF/tools-log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF

# Fail fast instead of the admin client's default 60 s of retries against a dead broker.
cat >"$CONF/admin.properties" <<'EOF'
request.timeout.ms=5000
default.api.timeout.ms=10000
EOF

# The bench runs its own broker from these jars and configs; it only needs them in place.
if [[ "${KAFKA_UP_JARS_ONLY:-0}" == 1 ]]; then
  echo "kafka-up: jars and configuration ready in $INFRA (KAFKA_UP_JARS_ONLY=1: no broker started)"
  exit 0
fi

# --- helpers ------------------------------------------------------------------------------------
# Short-lived JVM: client compiler + serial GC start noticeably faster than the defaults.
topics_cli() {
  timeout 30 java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j.configuration="file:$CONF/tools-log4j.properties" -cp "$LIBS/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --command-config "$CONF/admin.properties" "$@"
}
port_open() { (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null; }
our_pid() { # pid of the broker this script started, if it is still running
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && grep -qa kafka.Kafka "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}
fail() {
  echo "kafka-up: $*" >&2
  echo "----- last 60 lines of $LOG -----" >&2
  tail -n 60 "$LOG" >&2 2>/dev/null || true
  exit 1
}

# --- 3. start the broker unless one answers already ---------------------------------------------
if port_open && existing="$(topics_cli --list 2>/dev/null)"; then
  echo "kafka-up: a broker already answers on $BOOTSTRAP; not starting another"
else
  if ! pid="$(our_pid)"; then
    port_open && fail "port 9092 is taken by something that does not answer as Kafka: $(ss -ltnpH 'sport = :9092')"
    if [[ ! -f "$DATA/meta.properties" ]]; then
      echo "kafka-up: formatting KRaft storage in $DATA"
      cluster_id="$(kafka_format "$LIBS" "$CONF/tools-log4j.properties" "$CONF/server.properties")"
      echo "kafka-up: cluster id $cluster_id"
    fi
    touch "$LOG"
    log_offset="$(stat -c %s "$LOG")" # only lines written after this are about this start
    rm -f "$PIDFILE"
    echo "kafka-up: starting Kafka $KAFKA_VERSION (log: $LOG)"
    # setsid: own session, so the broker survives the calling shell/terminal/CI step. The inner
    # bash records its own pid and then becomes java via exec, so the pid file is java's pid.
    # stdin/stdout/stderr and the lock fd 9 must not be inherited, or callers reading our output
    # (execSync, $(...)) would wait for the broker to exit and the lock would never be released.
    setsid nohup bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PIDFILE" \
      java "${KAFKA_JVM_OPTS[@]}" -Dlog4j.configuration="file:$CONF/log4j.properties" -cp "$LIBS/*" \
      kafka.Kafka "$CONF/server.properties" </dev/null >>"$LOG" 2>&1 9>&- &
  else
    echo "kafka-up: broker pid $pid is running but not answering yet; waiting for it"
    log_offset=""
  fi

  # Polling the log for the broker's own "started" line costs no JVM; an admin call then
  # confirms that clients get answers (for a broker started earlier: poll the admin call itself).
  started() {
    if [[ -n "$log_offset" ]]; then
      # `|| true`: grep -q stops at the first match and tail then dies of SIGPIPE; with pipefail
      # that status (141) would read as "not started" once the start-up log outgrows a pipe buffer.
      (tail -c +"$((log_offset + 1))" "$LOG" 2>/dev/null || true) | grep -q 'Kafka Server started'
    else port_open; fi
  }
  deadline=$((SECONDS + START_TIMEOUT_S))
  until started && existing="$(topics_cli --list 2>/dev/null)"; do
    [[ -s "$PIDFILE" ]] && ! our_pid >/dev/null && fail "the broker exited during start-up"
    ((SECONDS < deadline)) || fail "no answer from the broker within ${START_TIMEOUT_S}s"
    sleep 0.3
  done
  echo "kafka-up: broker up (pid $(cat "$PIDFILE")) on $BOOTSTRAP"
fi

# --- 4. topics (only the missing ones: each TopicCommand is a JVM start, ~0.6 s of 1 core) ------
pids=()
for spec in "${TOPICS[@]}"; do
  name="${spec%%:*}"
  grep -qxF "$name" <<<"$existing" && continue
  # in parallel: on 2 cores, 7 creations take ~3 s instead of ~4.5 s one after another
  topics_cli --create --if-not-exists --topic "$name" --partitions "${spec##*:}" \
    --replication-factor 1 >/dev/null &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "creating a topic failed"; done
((${#pids[@]} == 0)) || echo "kafka-up: created ${#pids[@]} topic(s)"

# --- 5. partitions: a topic created earlier with fewer is widened (never narrowed) ---------------
if ((${#pids[@]} < ${#TOPICS[@]})); then
  described="$(topics_cli --describe 2>/dev/null | grep -E '^Topic:' || true)"
  for spec in "${TOPICS[@]}"; do
    name="${spec%%:*}" want="${spec##*:}"
    have="$(awk -v t="$name" '$1 == "Topic:" && $2 == t { for (i = 1; i <= NF; i++) if ($i == "PartitionCount:") print $(i + 1) }' <<<"$described")"
    if [[ -n "$have" ]] && ((have < want)); then
      echo "kafka-up: $name has $have partitions; widening to $want"
      topics_cli --alter --topic "$name" --partitions "$want" >/dev/null || fail "widening $name failed"
    fi
  done
fi
