#!/usr/bin/env bash
# Every test, on a fresh clone or a used one: installs what it needs (npm ci, the Kafka jars),
# brings up Kafka and PostgreSQL, then lint, unit tests (with the domain's coverage gate) and
# integration tests against the real broker and database. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/infra/up.sh || { echo "test-all: infrastructure did not come up" >&2; exit 1; }
mkdir -p test-results
rm -f test-results/*.json
status=0

step() {
  echo
  echo "=== $1"
}

step "lint (types, ESLint, Prettier, layer rules)"
npm run --silent lint || status=1

step "unit tests (*.spec.ts, no I/O)"
npx jest --config jest.unit.config.js --coverage --json --outputFile=test-results/unit.json || status=1

step "build (the crash test runs the built service as its own process)"
npm run --silent build || status=1

step "integration tests (*.int-spec.ts, real Kafka and PostgreSQL)"
if ! npx jest --config jest.int.config.js --json --outputFile=test-results/int.json; then
  status=1
  echo "--- last lines of the Kafka broker log (.infra/kafka.log)"
  tail -n 40 .infra/kafka.log 2>/dev/null || true
fi

[[ $status -eq 0 ]] || echo "test-all: FAILED (see above)" >&2
# Last line: one summary of every test run, "Tests: N passed, N failed, N skipped".
node scripts/print-test-summary.js test-results/unit.json test-results/int.json || status=1
exit $status
