#!/usr/bin/env bash
# A/B of platform builds or settings against one simulator (TTFT 200 ms, 40 ms between tokens, 64 tokens), 127.0.0.1.
# Usage: jingzhi-bench/scripts/gateway-ab.sh ITERATIONS name=JAR[:ENV=v,ENV=v] [name=JAR[:...]] ...
#   Starts the simulator and one platform per variant (same bootstrap, own data dir), warms each with WARM (3000)
#   requests at 200 streams, then
#   - default: TtftProbe at concurrency 1 over the simulator and every variant (ITERATIONS iterations, shuffled);
#   - MODE=200: StreamLoad at 200 streams, each variant against the simulator directly (ROUNDS rounds, alternating).
#   Prints CPU time and context switches of every process over the measured phase (/proc).
#   RT=1 runs every process at nice -15 (shields the measurement from other work); JFR_AFTER=1 records a JFR
#   profile (JFC=settings file, default profile) of each platform over the measured phase into /tmp/exp-<name>.jfr;
#   JOPTS adds JVM options to every platform. BENCH_JAR, SIM_JAR default to this checkout's built jars.
#   SPLIT=1 (probe mode; needs perf and root) records the scheduler during the probe and splits each variant's time
#   into its request side and its response side (lib/hop_split.py).
set -euo pipefail
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}; export PATH=$JAVA_HOME/bin:$PATH
ITER=$1; shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_JAR=${BENCH_JAR:-$ROOT/jingzhi-bench/target/jingzhi-benchmarks.jar}
SIM_JAR=${SIM_JAR:-$ROOT/jingzhi-simulator/target/jingzhi-simulator.jar}
PRE=(); [ "${RT:-0}" = 1 ] && PRE=(nice -n -15)
WORK=$(mktemp -d /tmp/ttftexp.XXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null; if [ "${KEEP_WORK:-0}" = 1 ]; then echo "logs: $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
# shellcheck source=lib/platform.sh
. "$ROOT/jingzhi-bench/scripts/lib/platform.sh"
SP=$(free_port); "${PRE[@]}" java -Xmx512m -jar "$SIM_JAR" --port $SP --ttft-ms 200 --itl-ms 40 --tokens 64 > $WORK/sim.log 2>&1 & PIDS+=($!)
SIM=http://127.0.0.1:$SP/v1
KEY=$(load_key)
write_bootstrap $WORK/boot.yaml "" "$SIM"
TARGETS=(--target direct=$SIM); URLS=(); VPIDS=("sim:${PIDS[0]}")
for v in "$@"; do
  name=${v%%=*}; rest=${v#*=}; jar=${rest%%:*}; envs=""; [[ $rest == *:* ]] && envs=${rest#*:}
  port=$(free_port)
  ( IFS=,; for kv in $envs; do export "$kv"; done; unset IFS
    LOAD_API_KEY=$KEY JINGZHI_DATA_DIR=$WORK/data-$name JINGZHI_ADMIN_PASSWORD='Admin#Load-2026' JINGZHI_BOOTSTRAP=$WORK/boot.yaml \
    SERVER_PORT=$port exec "${PRE[@]}" java -Xmx2g ${JOPTS:-} -jar "$jar" > $WORK/$name.log 2>&1 ) & PIDS+=($!)
  VPIDS+=("$name:$!")
  TARGETS+=(--target "$name=http://127.0.0.1:$port/v1,$KEY,load-chat"); URLS+=("http://127.0.0.1:$port"); VNAMES+=("$name")
done
for i in "${!URLS[@]}"; do
  wait_http ${URLS[$i]}/actuator/health/readiness 180 || { tail -30 $WORK/${VNAMES[$i]}.log >&2; exit 1; }
done
echo "started: $(cat /proc/loadavg)"
for u in "${URLS[@]}"; do
  "${PRE[@]}" java -cp "$BENCH_JAR" io.jingzhi.bench.load.StreamLoad --url $u/v1 --key $KEY --model load-chat --concurrency 200 --requests ${WARM:-3000} --max-tokens 16 > $WORK/warm-$(basename $u).txt 2>&1 || true
done
echo "warmed: $(cat /proc/loadavg)"
stats() { for v in "${VPIDS[@]}"; do pid=${v#*:}; t=$(awk '{print $14+$15}' /proc/$pid/stat); c=$(cat /proc/$pid/task/*/status | awk '/ctxt_switches/{s+=$2} END{print s}'); echo "${v%%:*} $t $c"; done; }
stats > $WORK/s0
if [ -n "${JFR_AFTER:-}" ]; then for v in "${VPIDS[@]:1}"; do jcmd ${v#*:} JFR.start name=exp settings=${JFC:-profile} filename=/tmp/exp-${v%%:*}.jfr > /dev/null; done; fi
if [ "${MODE:-probe}" = 200 ]; then
  # every variant against the simulator directly, 200 streams, rounds alternate
  for i in "${!URLS[@]}"; do
    echo "== ${VNAMES[$i]} vs direct at 200 streams: $(cat /proc/loadavg)"
    "${PRE[@]}" java -Xss512k -cp "$BENCH_JAR" io.jingzhi.bench.load.StreamLoad --url ${URLS[$i]}/v1 --key $KEY --model load-chat \
      --baseline-url $SIM --concurrency 200 --requests 600 --rounds ${ROUNDS:-3} --ramp 3s 2>&1 | grep -i "overhead\|TTFT\|round\|error" | head -20
  done
  stats > $WORK/s1
  if [ -n "${JFR_AFTER:-}" ]; then for v in "${VPIDS[@]:1}"; do jcmd ${v#*:} JFR.stop name=exp > /dev/null; done; fi
  paste $WORK/s0 $WORK/s1 | awk '{printf "%-10s cpu %.1f s  cs %d\n", $1, ($5-$2)/100, ($6-$3)}'
  exit 0
fi
if [ "${SPLIT:-0}" = 1 ]; then perf sched record -o $WORK/sched.data > $WORK/perf.log 2>&1 & PERF=$!; sleep 1; fi
"${PRE[@]}" java -cp "$BENCH_JAR" io.jingzhi.bench.load.TtftProbe --iterations $ITER --warmup 50 --max-tokens 2 "${TARGETS[@]}" &
PROBE=$!; wait $PROBE
if [ "${SPLIT:-0}" = 1 ]; then
  kill -INT $PERF; wait $PERF 2>/dev/null || true
  echo "where each gateway's time goes, from the scheduler's wake-ups (request side: client's write -> write to the simulator; response side: simulator's first token -> write to the client):"
  perf sched timehist -i $WORK/sched.data -w 2>/dev/null > $WORK/timehist.txt
  python3 "$ROOT/jingzhi-bench/scripts/lib/hop_split.py" $WORK/timehist.txt $PROBE ${PIDS[0]} $(for v in "${VPIDS[@]:1}"; do echo "${v%%:*}=${v#*:}"; done)
fi
stats > $WORK/s1
echo "end: $(cat /proc/loadavg)"
echo "per request over the probe (iterations+warm-up): cpu ms, context switches"
paste $WORK/s0 $WORK/s1 | awk -v n=$((ITER+50)) '{printf "%-10s cpu %.2f ms  cs %.1f\n", $1, ($5-$2)*10/n, ($6-$3)/n}'

