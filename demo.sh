#!/usr/bin/env bash
# Builds Baton and runs it with its embedded defaults: the orchestrator (SQLite under ./data/, and an
# in-process AMQP broker when no RabbitMQ answers on localhost:5672), one example worker, and a demo
# producer that submits a few tasks and shows them completing. Needs only a JDK 17+.
# Ctrl-C stops everything. Logs: data/demo/*.log
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p data/demo

if [[ "${1:-}" != "--no-build" ]]; then
  echo "==> Building Baton (the first build downloads dependencies; this can take a few minutes)"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
fi

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo; echo "==> Stopping Baton"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "==> Starting the orchestrator on http://localhost:${BATON_PORT:-8080} (log: data/demo/orchestrator.log)"
# The sample task definition registry (examples/definitions) gives the example types their schemas
# and defaults; it holds one deliberately broken definition: GET /api/v1/definitions/errors.
java -jar apps/orchestrator/target/baton-orchestrator.jar \
  --baton.registry.sources[0].type=filesystem \
  --baton.registry.sources[0].path=examples/definitions \
  >data/demo/orchestrator.log 2>&1 &
pids+=($!)

# The worker waits for the orchestrator's health, so that it finds the (possibly embedded) broker.
java scripts/BatonDemo.java "http://localhost:${BATON_PORT:-8080}" --health-only
echo "==> Starting the example worker (log: data/demo/worker.log)"
java -jar apps/example-worker/target/baton-example-worker.jar >data/demo/worker.log 2>&1 &
pids+=($!)

echo "==> Submitting demo tasks"
java scripts/BatonDemo.java "http://localhost:${BATON_PORT:-8080}"

echo
echo "==> Baton is running: dashboard http://localhost:${BATON_PORT:-8080}/, API"
echo "    http://localhost:${BATON_PORT:-8080}/api/v1/tasks, definitions"
echo "    http://localhost:${BATON_PORT:-8080}/api/v1/definitions, GraphiQL /graphiql — press Ctrl-C to stop."
wait
