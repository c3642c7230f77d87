#!/usr/bin/env bash
# Prints the last <n> lines (default 100) of the local broker's log, e.g. after a failing test.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOG="${GONGJI_INFRA_DIR:-$REPO/.infra}/kafka.log"
if [[ -f "$LOG" ]]; then tail -n "${1:-100}" "$LOG"; else echo "kafka-log-tail: no $LOG (broker never started?)" >&2; fi
