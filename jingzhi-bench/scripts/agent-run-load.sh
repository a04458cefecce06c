#!/usr/bin/env bash
# Agent run load on this machine (127.0.0.1 only): a model simulator (TTFT 50 ms, 5 ms between tokens, 32 tokens),
# the platform, and io.jingzhi.bench.agent.WorkflowRunLoad: N concurrent clients run a published 5-node workflow
# (start -> template -> llm -> template -> answer) through POST /api/v1/apps/{code}/run, and the same number of
# direct /v1/chat/completions calls to the same simulated model through the same platform is the baseline.
# Builds nothing: build the jars first with
#   mvn -B -q -pl jingzhi-server,jingzhi-simulator,jingzhi-bench -am package -DskipTests -Dskip.npm
#
# Usage: jingzhi-bench/scripts/agent-run-load.sh [concurrency=200] [requests=1000]
# Environment: JAVA_HOME, SERVER_JAVA_OPTS (default -Xmx2g), RUN_WORKERS (jingzhi.agent.runs.workers, default 256),
#   KEEP_WORK=1 keeps the temp directory. Writes jingzhi-bench/results/agent-runs-<date>.md; everything it starts
#   is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVER_JAR=$ROOT/jingzhi-server/target/jingzhi.jar
SIM_JAR=$ROOT/jingzhi-simulator/target/jingzhi-simulator.jar
BENCH_JAR=$ROOT/jingzhi-bench/target/jingzhi-benchmarks.jar
CONCURRENCY=${1:-200}
REQUESTS=${2:-1000}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx2g}
RUN_WORKERS=${RUN_WORKERS:-256}
for jar in "$SERVER_JAR" "$SIM_JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build first (see the header of this script)" >&2; exit 2; }
done

DATE=$(date +%Y-%m-%d-%H%M)
RESULTS=$ROOT/jingzhi-bench/results
REPORT=$RESULTS/agent-runs-$DATE.md
WORK=$(mktemp -d /tmp/jingzhi-agentload.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$ROOT/jingzhi-bench/scripts/lib/platform.sh" # free_port, wait_http

SIM_PORT=$(free_port); PORT=$(free_port)
"$JAVA" -Xmx512m -jar "$SIM_JAR" --port "$SIM_PORT" --ttft-ms 50 --itl-ms 5 --tokens 32 > "$WORK/sim.log" 2>&1 &
PIDS+=("$!")
SIM=http://127.0.0.1:$SIM_PORT/v1
PASSWORD="Jz#Agent-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
cat > "$WORK/bootstrap.yaml" <<YAML
organizations:
  - {code: loadtest, name: 压测, tenant: true}
users:
  - {username: load, display_name: 压测, password: "\${LOAD_PASSWORD}", org: loadtest, roles: [developer]}
projects:
  - {code: loadtest, name: 智能体压测, org: loadtest}
models:
  - name: load-chat
    kind: chat
    simulated: true
    description: simulator (agent run load test)
    endpoints:
      - {url: "$SIM", upstream_model: sim-chat}
YAML
LOAD_PASSWORD=$PASSWORD JINGZHI_DATA_DIR=$WORK/data JINGZHI_ADMIN_PASSWORD='Admin#Load-2026' \
  JINGZHI_BOOTSTRAP=$WORK/bootstrap.yaml SERVER_PORT=$PORT \
  "$JAVA" $SERVER_JAVA_OPTS -jar "$SERVER_JAR" --jingzhi.agent.runs.workers="$RUN_WORKERS" > "$WORK/server.log" 2>&1 &
PIDS+=("$!")
wait_http "$SIM/models" 30
wait_http "http://127.0.0.1:$PORT/actuator/health/readiness" 180 || { tail -50 "$WORK/server.log"; exit 1; }

mkdir -p "$RESULTS"
cat > "$REPORT" <<HEAD
# Agent run load test, $DATE

Produced by \`jingzhi-bench/scripts/agent-run-load.sh $CONCURRENCY $REQUESTS\` (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')).
Client (WorkflowRunLoad), platform and simulator (TTFT 50 ms, 5 ms between tokens, 32 tokens) share this machine:
$(nproc) cores; $($JAVA -version 2>&1 | head -1); platform \`$SERVER_JAVA_OPTS\`, \`jingzhi.agent.runs.workers=$RUN_WORKERS\`.
Each phase: $CONCURRENCY clients in a closed loop, $REQUESTS blocking requests; warm-up of both paths first.

HEAD
"$JAVA" -cp "$BENCH_JAR" io.jingzhi.bench.agent.WorkflowRunLoad --url "http://127.0.0.1:$PORT" --user load \
  --password "$PASSWORD" --project loadtest --model load-chat --concurrency "$CONCURRENCY" --requests "$REQUESTS" \
  --md "$REPORT"
echo "report: $REPORT"
