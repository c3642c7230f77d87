#!/usr/bin/env bash
# Stops the local Kafka broker started by kafka-up.sh. Idempotent (fine when nothing runs).
# PostgreSQL is deliberately left running: it is the machine's shared service, not ours to stop
# (the databases are only created by postgres-up.sh, never dropped).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA="${GONGJI_INFRA_DIR:-$REPO/.infra}"
PIDFILE="$INFRA/kafka.pid"

is_kafka() { grep -qa kafka.Kafka "/proc/$1/cmdline" 2>/dev/null; }

pid="$(cat "$PIDFILE" 2>/dev/null || true)"
if [[ -z "$pid" ]] || ! is_kafka "$pid"; then
  # No (live) pid file, e.g. another checkout started it: the kafka.Kafka JVM listening on 9092.
  pid="$(ss -ltnpH 'sport = :9092' | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true)"
  [[ -n "$pid" ]] && ! is_kafka "$pid" && { echo "down: port 9092 belongs to pid $pid, which is not kafka.Kafka; leaving it" >&2; pid=""; }
fi

if [[ -z "$pid" ]]; then
  echo "down: no Kafka broker running"
else
  # SIGTERM = controlled shutdown (flushes logs, so the next start needs no log recovery).
  echo "down: stopping Kafka broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 60); do is_kafka "$pid" || break; sleep 0.5; done
  if is_kafka "$pid"; then
    echo "down: broker still running after 30 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 20); do is_kafka "$pid" || break; sleep 0.25; done
  fi
  echo "down: Kafka broker stopped"
fi
rm -f "$PIDFILE"
echo "down: PostgreSQL left running (shared machine service)"
