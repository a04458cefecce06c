#!/usr/bin/env bash
# Gateway load scenarios A-D and G on this machine (127.0.0.1 only): two model simulators, the platform, the load
# generator (io.jingzhi.bench.load.StreamLoad). Builds nothing: build the jars first with
#   mvn -B -q -pl jingzhi-server,jingzhi-simulator,jingzhi-bench -am package -DskipTests -Dskip.npm
#
# Usage: jingzhi-bench/scripts/gateway-load.sh [--short] [--scenarios A,B,C,D,G] [--profile]
#   --short      shorter phases (A 30 s, soak 2 min, failover 30 s, G 2 rounds) for a quick run
#   --scenarios  which scenarios to run (default all; D kills a simulator, so it always runs last)
#                G (security guard): a second platform with JINGZHI_GUARD_ENABLED=false serves the same model;
#                200 streams alternate between the two (guard off, guard on) and the TTFT difference is the guard's
#   --profile    record a JFR profile of the platform (results/gateway-<date>.jfr)
# Environment: JAVA_HOME, SERVER_JAVA_OPTS (default -Xmx2g), SOAK (soak duration, default 10m / 2m short),
#   A_CONCURRENCY (1000), A_DURATION (60s / 30s short), A_RAMP (0s), SERVER_JAR (another build of the platform),
#   KEEP_WORK=1 keeps the temp directory.
# Writes jingzhi-bench/results/gateway-<date>.md. Everything it starts is stopped on exit (trap).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
SERVER_JAR=${SERVER_JAR:-$ROOT/jingzhi-server/target/jingzhi.jar}
SIM_JAR=$ROOT/jingzhi-simulator/target/jingzhi-simulator.jar
BENCH_JAR=$ROOT/jingzhi-bench/target/jingzhi-benchmarks.jar

SHORT=0; PROFILE=0; SCENARIOS=A,B,C,D,G
while [ $# -gt 0 ]; do
  case "$1" in
    --short) SHORT=1 ;;
    --profile) PROFILE=1 ;;
    --scenarios) SCENARIOS=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for jar in "$SERVER_JAR" "$SIM_JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build first (see the header of this script)" >&2; exit 2; }
done

if [ $SHORT = 1 ]; then A_DEFAULT=30s; SOAK=${SOAK:-2m}; D_DURATION=30s; else A_DEFAULT=60s; SOAK=${SOAK:-10m}; D_DURATION=40s; fi
A_CONCURRENCY=${A_CONCURRENCY:-1000}; A_DURATION=${A_DURATION:-$A_DEFAULT}; A_RAMP=${A_RAMP:-0s}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx2g}

# 1000 client streams mean ~4000 sockets on this host (client, platform both ways, simulators).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 8192 ] || echo "warning: ulimit -n is $(ulimit -n); 1000 streams need ~4000 descriptors" >&2

DATE=$(date +%Y-%m-%d-%H%M)
RESULTS=$ROOT/jingzhi-bench/results
REPORT=$RESULTS/gateway-$DATE.md
WORK=$(mktemp -d /tmp/jingzhi-gwload.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=lib/platform.sh
. "$ROOT/jingzhi-bench/scripts/lib/platform.sh"

load() { "$JAVA" -Xss512k -cp "$BENCH_JAR" io.jingzhi.bench.load.StreamLoad "$@"; }
machine() { echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"; }
md() { printf '%s\n' "$*" >> "$REPORT"; }

SIM1_PORT=$(free_port); SIM2_PORT=$(free_port); GW_PORT=$(free_port)
"$JAVA" -Xmx512m -jar "$SIM_JAR" --port "$SIM1_PORT" --ttft-ms 200 --itl-ms 40 --tokens 64 > "$WORK/sim1.log" 2>&1 &
SIM1_PID=$!; PIDS+=("$SIM1_PID")
"$JAVA" -Xmx512m -jar "$SIM_JAR" --port "$SIM2_PORT" --ttft-ms 200 --itl-ms 40 --tokens 64 > "$WORK/sim2.log" 2>&1 &
SIM2_PID=$!; PIDS+=("$SIM2_PID")
SIM1=http://127.0.0.1:$SIM1_PORT/v1; SIM2=http://127.0.0.1:$SIM2_PORT/v1

KEY=$(load_key)
write_bootstrap "$WORK/bootstrap.yaml" "two simulator replicas (load test)" "$SIM1" "$SIM2"

JFR_OPT=()
[ $PROFILE = 1 ] && JFR_OPT=("-XX:StartFlightRecording=filename=$RESULTS/gateway-$DATE.jfr,settings=profile,dumponexit=true")
LOAD_API_KEY=$KEY JINGZHI_DATA_DIR=$WORK/data JINGZHI_ADMIN_PASSWORD='Admin#Load-2026' \
  JINGZHI_BOOTSTRAP=$WORK/bootstrap.yaml SERVER_PORT=$GW_PORT \
  "$JAVA" $SERVER_JAVA_OPTS "-Xlog:gc:file=$WORK/gc.log" "${JFR_OPT[@]}" -jar "$SERVER_JAR" > "$WORK/server.log" 2>&1 &
GW_PID=$!; PIDS+=("$GW_PID")
GW=http://127.0.0.1:$GW_PORT/v1

has() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

if has G; then # the same platform with the security guard off: G's baseline
  GW_OFF_PORT=$(free_port)
  LOAD_API_KEY=$KEY JINGZHI_DATA_DIR=$WORK/data-guard-off JINGZHI_ADMIN_PASSWORD='Admin#Load-2026' \
    JINGZHI_BOOTSTRAP=$WORK/bootstrap.yaml SERVER_PORT=$GW_OFF_PORT JINGZHI_GUARD_ENABLED=false \
    "$JAVA" $SERVER_JAVA_OPTS -jar "$SERVER_JAR" > "$WORK/server-guard-off.log" 2>&1 &
  GW_OFF_PID=$!; PIDS+=("$GW_OFF_PID")
  GW_OFF=http://127.0.0.1:$GW_OFF_PORT/v1
fi

wait_http "$SIM1/models" 30; wait_http "$SIM2/models" 30
wait_http "http://127.0.0.1:$GW_PORT/actuator/health/readiness" 180 || { tail -50 "$WORK/server.log"; exit 1; }
echo "platform pid $GW_PID on :$GW_PORT, simulators :$SIM1_PORT (pid $SIM1_PID) and :$SIM2_PORT (pid $SIM2_PID)"
if has G; then
  wait_http "http://127.0.0.1:$GW_OFF_PORT/actuator/health/readiness" 180 || { tail -50 "$WORK/server-guard-off.log"; exit 1; }
  echo "platform with the guard off: pid $GW_OFF_PID on :$GW_OFF_PORT"
fi

mkdir -p "$RESULTS"
cat > "$REPORT" <<HEAD
# Gateway load test, $DATE

Produced by \`jingzhi-bench/scripts/gateway-load.sh$([ $SHORT = 1 ] && echo " --short")\` (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')).
Client (StreamLoad), platform and two simulators (TTFT 200 ms, 40 ms between tokens, 64 tokens) share this
machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2 " GB"}') RAM; $($JAVA -version 2>&1 | head -1).
Platform JVM options: \`$SERVER_JAVA_OPTS\`; \`ulimit -n\` $(ulimit -n).
Rate = (tokens - 1) / (time of last token - time of first token), per stream. Errors "before first token" are
requests that failed without streaming; "after" are streams that broke.

HEAD

# Warm the JIT of every process before measuring (production gateways run warm): B at concurrency 1 measured
# +7.7 ms after 300 warm-up requests and +2.1 ms after scenario A had run; 3000 requests take ~15 s.
load --url "$GW" --key "$KEY" --model load-chat --concurrency 200 --requests 3000 --max-tokens 16 > "$WORK/warmup.txt"
load --url "$SIM1" --concurrency 100 --requests 1000 --max-tokens 16 > /dev/null
if has G; then
  load --url "$GW_OFF" --key "$KEY" --model load-chat --concurrency 200 --requests 3000 --max-tokens 16 > "$WORK/warmup-guard-off.txt"
fi

if has A; then
  echo "== A: $A_CONCURRENCY concurrent streams for $A_DURATION"
  md "## A. $A_CONCURRENCY concurrent streams through the gateway"; md
  md "Direct (simulator alone) first, then through the gateway, each a closed loop of $A_DURATION, start ramp $A_RAMP."
  md "Command: \`StreamLoad --url \$GW --key \$KEY --model load-chat --concurrency $A_CONCURRENCY --duration $A_DURATION --ramp $A_RAMP --baseline-url \$SIM1\`"; md
  md "Before: $(machine)"; md
  load --url "$GW" --key "$KEY" --model load-chat --concurrency "$A_CONCURRENCY" --duration "$A_DURATION" \
    --ramp "$A_RAMP" --baseline-url "$SIM1" --progress --label A \
    --expect "errors<=0,ttft_p99_ms<=3000,rate_p50>=20" --md "$REPORT" | tee "$WORK/A.txt"
  md "After: $(machine)"; md
fi

if has B; then
  echo "== B: added latency at concurrency 1 and 200"
  md "## B. Added latency: gateway vs the same simulator called directly, same run"; md
  md "Alternating rounds (direct, gateway, direct, gateway, ...); overhead = gateway p50 - direct p50."
  md "Concurrency 1 uses 8-token streams (\`max_tokens\`) to fit more requests in; 200 uses full 64-token streams."; md
  md "Command (c=1): \`StreamLoad --url \$GW --key \$KEY --model load-chat --baseline-url \$SIM1 --concurrency 1 --requests 25 --rounds 4 --warmup 20 --max-tokens 8\`"; md
  md "Before: $(machine)"; md
  load --url "$GW" --key "$KEY" --model load-chat --baseline-url "$SIM1" --concurrency 1 --requests 25 --rounds 4 \
    --warmup 20 --max-tokens 8 --label B1 --expect "overhead_ttft_p50_ms<=1" --md "$REPORT" | tee "$WORK/B1.txt"
  # The same at concurrency 1 with TtftProbe: raw keep-alive sockets on one thread, targets shuffled every iteration,
  # median of per-iteration differences (steadier than rounds); with G running, the guard-off platform too.
  # Two bare TCP relays in front of the same simulator give the floor of one extra hop on this machine (a second
  # process the bytes pass through, no HTTP work): on platform threads and on virtual threads like the platform's.
  PROBE_TARGETS=(--target "direct=$SIM1")
  for threads in platform virtual; do
    RELAY_PORT=$(free_port)
    "$JAVA" -cp "$BENCH_JAR" io.jingzhi.bench.load.TcpRelay --listen "$RELAY_PORT" --to "127.0.0.1:$SIM1_PORT" \
      --threads $threads > "$WORK/relay-$threads.log" 2>&1 &
    PIDS+=("$!")
    wait_http "http://127.0.0.1:$RELAY_PORT/v1/models" 30
    PROBE_TARGETS+=(--target "relay-$threads=http://127.0.0.1:$RELAY_PORT/v1")
  done
  if has G; then PROBE_TARGETS+=(--target "guard-off=$GW_OFF,$KEY,load-chat"); fi
  PROBE_TARGETS+=(--target "gateway=$GW,$KEY,load-chat")
  md "TtftProbe (c=1): \`TtftProbe --iterations 200 --warmup 30 --max-tokens 2 --target direct=\$SIM1 --target relay-platform=... --target relay-virtual=...$(has G && echo ' --target guard-off=$GW_OFF,...') --target gateway=\$GW,...\`"
  md "(relay-*: \`TcpRelay\` in front of the same simulator, a bare TCP hop with no HTTP work: the floor any proxy adds here)"; md
  "$JAVA" -cp "$BENCH_JAR" io.jingzhi.bench.load.TtftProbe --iterations 200 --warmup 30 --max-tokens 2 \
    "${PROBE_TARGETS[@]}" | tee "$WORK/B1-probe.txt"
  { echo '```'; cat "$WORK/B1-probe.txt"; echo '```'; echo; } >> "$REPORT"
  # The starts are spread over one stream's length: 200 workers started together stay in lockstep (equal
  # streams), and every round would measure a 200-request burst instead of 200 streams in steady state.
  md "Command (c=200): \`StreamLoad --url \$GW --key \$KEY --model load-chat --baseline-url \$SIM1 --concurrency 200 --requests 600 --rounds 3 --ramp 3s\` (starts spread over one stream's length, as in steady state)"; md
  load --url "$GW" --key "$KEY" --model load-chat --baseline-url "$SIM1" --concurrency 200 --requests 600 --rounds 3 --ramp 3s \
    --label B200 --expect "overhead_ttft_p50_ms<=5,errors<=0" --md "$REPORT" | tee "$WORK/B200.txt"
  md "After: $(machine)"; md
fi

if has G; then
  if [ $SHORT = 1 ]; then G_ROUNDS=2; else G_ROUNDS=4; fi
  echo "== G: the security guard's cost at 200 concurrent streams (guard on vs off, same run)"
  md "## G. Security guard: 200 concurrent streams, guard on vs guard off, same run"; md
  md "Two platforms on the same simulators, identical but for \`JINGZHI_GUARD_ENABLED=false\` on one; alternating"
  md "rounds (guard off, guard on, ...) of 600 full 64-token streams each, starts spread over 3 s. The difference is"
  md "what the guard adds: prompt check before the upstream call, incremental output inspection with its hold-back"
  md "window (TTFT is the first non-empty content the client receives), labels. Tokens count content events (the"
  md "guard may merge tokens into one event); content characters per second stay comparable."
  md "Command: \`StreamLoad --url \$GW --key \$KEY --model load-chat --baseline-url \$GW_OFF --baseline-key \$KEY --baseline-model load-chat --names \"guard off,guard on\" --concurrency 200 --requests 600 --rounds $G_ROUNDS --ramp 3s\`"; md
  md "Before: $(machine)"; md
  load --url "$GW" --key "$KEY" --model load-chat --baseline-url "$GW_OFF" --baseline-key "$KEY" \
    --baseline-model load-chat --names "guard off,guard on" --concurrency 200 --requests 600 --rounds "$G_ROUNDS" \
    --ramp 3s --label G --expect "overhead_ttft_p50_ms<=10,overhead_ttft_p99_ms<=10,errors<=0" --md "$REPORT" \
    | tee "$WORK/G.txt"
  md "After: $(machine)"; md
fi

full_gc() { # "after before committed" of a forced full GC, from the GC log (GC.heap_info would include what the
  # streams allocate meanwhile: ~100 MB/s under load). "before" shows how far the heap had grown since the last
  # sample; G1 gives committed memory back to the OS in the background, so RSS just after lags "committed".
  "$JCMD" "$GW_PID" GC.run > /dev/null
  sed -n 's/.*Pause Full ([^)]*) \([0-9]*M\)->\([0-9]*M\)(\([0-9]*M\)).*/\2 \1 \3/p' "$WORK/gc.log" | tail -1
}
rss() { ps -o rss= -p "$GW_PID" | tr -d ' '; }

if has C; then
  echo "== C: soak, 500 concurrent streams for $SOAK"
  md "## C. Soak: 500 concurrent streams for $SOAK"; md
  md "Heap after a full GC (\`jcmd GC.run\`; the after-GC size from the GC log) and RSS (\`ps -o rss\`) of the platform: before the soak"
  md "(idle, after a warm-up at 100 streams), every minute under load (a forced full GC a minute: expect an ITL"
  md "hiccup), and after. Growth is judged under the same load: minute 1 against the last minute."
  md "Command: \`StreamLoad --url \$GW --key \$KEY --model load-chat --concurrency 500 --duration $SOAK --ramp 3s\`"; md
  md "Before: $(machine)"; md
  read -r HEAP0 HB HC <<< "$(full_gc)"; RSS0=$(rss)
  load --url "$GW" --key "$KEY" --model load-chat --concurrency 500 --duration "$SOAK" --ramp 3s --label C \
    --expect "errors<=0" --md "$REPORT" > "$WORK/C.txt" 2>&1 &
  LOAD_PID=$!; PIDS+=("$LOAD_PID")
  SAMPLES="| minute | heap used after GC | heap used before GC | heap committed after GC | RSS MB | load average |"
  SAMPLES+=$'\n'"|---:|---:|---:|---:|---:|---|"$'\n'"| before (idle) | $HEAP0 | $HB | $HC | $((RSS0 / 1024)) | |"
  MIN=0; HEAP_FIRST=; HEAP_LAST=
  while kill -0 "$LOAD_PID" 2>/dev/null; do
    for ((s = 0; s < 60; s++)); do kill -0 "$LOAD_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$LOAD_PID" 2>/dev/null || break
    MIN=$((MIN + 1))
    read -r H HB HC <<< "$(full_gc)"; HEAP_FIRST=${HEAP_FIRST:-$H}; HEAP_LAST=$H
    SAMPLES+=$'\n'"| $MIN | $H | $HB | $HC | $(( $(rss) / 1024 )) | $(uptime | sed 's/.*load average: //') |"
  done
  wait "$LOAD_PID" || true
  cat "$WORK/C.txt"
  read -r HEAP1 HB HC <<< "$(full_gc)"; RSS1=$(rss)
  SAMPLES+=$'\n'"| after (idle) | $HEAP1 | $HB | $HC | $((RSS1 / 1024)) | |"
  md "$SAMPLES"; md
  md "Under load, heap after GC at minute 1: $HEAP_FIRST, at minute $MIN: $HEAP_LAST."; md
  md "After: $(machine)"; md
  echo "heap after GC: idle $HEAP0, minute 1 $HEAP_FIRST, minute $MIN $HEAP_LAST, idle after $HEAP1; RSS $((RSS0 / 1024)) -> $((RSS1 / 1024)) MB"
fi

if has D; then
  echo "== D: failover, kill -9 one of two simulators during load"
  md "## D. Failover: one of the two simulators killed (kill -9) during load"; md
  md "200 concurrent streams for $D_DURATION; simulator 2 is killed 15 s in. Target: no request that had not started"
  md "streaming fails (the gateway retries it on the other replica); streams running on the killed replica end"
  md "with an error event (expected), counted as \"broken after first token\"."
  md "Command: \`StreamLoad --url \$GW --key \$KEY --model load-chat --concurrency 200 --duration $D_DURATION\`, \`kill -9\` at 15 s"; md
  md "Before: $(machine)"; md
  load --url "$GW" --key "$KEY" --model load-chat --concurrency 200 --duration "$D_DURATION" --label D --progress \
    --expect "errors_before_first_token<=0" --md "$REPORT" > "$WORK/D.txt" 2>&1 &
  LOAD_PID=$!; PIDS+=("$LOAD_PID")
  sleep 15
  ACTIVE=$(curl -fsS "http://127.0.0.1:$SIM2_PORT/sim/stats" 2>/dev/null || echo '?')
  kill -9 "$SIM2_PID"
  echo "killed simulator 2 (stats just before: $ACTIVE)"
  md "Simulator 2 just before the kill: \`$ACTIVE\`"; md
  wait "$LOAD_PID" || true
  cat "$WORK/D.txt"
  md "After: $(machine)"; md
fi

grep -E "ERROR|Exception" "$WORK/server.log" | sort | uniq -c | sort -rn | head -20 > "$WORK/server-errors.txt" || true
if [ -s "$WORK/server-errors.txt" ]; then
  md "## Platform log: most frequent ERROR/exception lines"; md; md '```'; cat "$WORK/server-errors.txt" >> "$REPORT"; md '```'
fi
echo "report: $REPORT"
