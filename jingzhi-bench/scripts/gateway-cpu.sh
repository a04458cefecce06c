#!/usr/bin/env bash
# CPU of each process at a given concurrency: one simulator (TTFT 200 ms, 40 ms between tokens, 64 tokens), the
# platform and StreamLoad on 127.0.0.1; after a warm-up, a closed loop of DURATION at CONCURRENCY streams, and the CPU
# (utime + stime from /proc/<pid>/stat) of the platform, the simulator and the client over 20 s in its middle, as a
# share of one core. Builds nothing (see gateway-load.sh). Extra arguments are environment settings for the platform.
# Usage: jingzhi-bench/scripts/gateway-cpu.sh JAR CONCURRENCY DURATION [NAME=value ...]   (DURATION >= 30s)
# Environment: JAVA_HOME, GW_OPTS (platform JVM options besides -Xmx2g).
set -euo pipefail
JAR=$1; C=$2; D=$3; shift 3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
BENCH_JAR=$ROOT/jingzhi-bench/target/jingzhi-benchmarks.jar
SIM_JAR=$ROOT/jingzhi-simulator/target/jingzhi-simulator.jar
# shellcheck source=lib/platform.sh
. "$ROOT/jingzhi-bench/scripts/lib/platform.sh"
W=$(mktemp -d /tmp/jingzhi-gwcpu.XXXXXX); PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$W"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
SP=$(free_port); GP=$(free_port); KEY=$(load_key)
"$JAVA" -Xmx512m -jar "$SIM_JAR" --port "$SP" --ttft-ms 200 --itl-ms 40 --tokens 64 > "$W/sim.log" 2>&1 &
SIM_PID=$!; PIDS+=("$SIM_PID")
write_bootstrap "$W/boot.yaml" "" "http://127.0.0.1:$SP/v1"
env "$@" LOAD_API_KEY="$KEY" JINGZHI_DATA_DIR="$W/data" JINGZHI_ADMIN_PASSWORD='Admin#Load-2026' \
  JINGZHI_BOOTSTRAP="$W/boot.yaml" SERVER_PORT="$GP" "$JAVA" -Xmx2g ${GW_OPTS:-} -jar "$JAR" > "$W/server.log" 2>&1 &
GW_PID=$!; PIDS+=("$GW_PID")
wait_http "http://127.0.0.1:$SP/v1/models" 30
wait_http "http://127.0.0.1:$GP/actuator/health/readiness" 200 || { tail -30 "$W/server.log"; exit 1; }
GW=http://127.0.0.1:$GP/v1
"$JAVA" -Xss512k -cp "$BENCH_JAR" io.jingzhi.bench.load.StreamLoad --url "$GW" --key "$KEY" --model load-chat \
  --concurrency 200 --requests 3000 --max-tokens 16 > /dev/null
"$JAVA" -Xss512k -cp "$BENCH_JAR" io.jingzhi.bench.load.StreamLoad --url "$GW" --key "$KEY" --model load-chat \
  --concurrency "$C" --duration "$D" ${LOAD_ARGS:-} > "$W/out.txt" 2>&1 &
LOAD_PID=$!; PIDS+=("$LOAD_PID")
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sleep 8
g0=$(cpu $GW_PID); s0=$(cpu $SIM_PID); l0=$(cpu $LOAD_PID); t0=$(date +%s.%N)
sleep 20
g1=$(cpu $GW_PID); s1=$(cpu $SIM_PID); l1=$(cpu $LOAD_PID); t1=$(date +%s.%N)
wait $LOAD_PID || true
grep -E "^requests|^wall|^TTFT|^rate" "$W/out.txt"
hz=$(getconf CLK_TCK)
awk -v g=$((g1 - g0)) -v s=$((s1 - s0)) -v l=$((l1 - l0)) -v t0="$t0" -v t1="$t1" -v hz="$hz" 'BEGIN {
  dt = (t1 - t0) * hz
  printf "CPU over 20 s in the middle of the run (share of one core): platform %.0f%%, simulator %.0f%%, client %.0f%%\n",
    100 * g / dt, 100 * s / dt, 100 * l / dt }'
