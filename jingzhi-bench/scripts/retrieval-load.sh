#!/usr/bin/env bash
# Hybrid search latency over ~100k chunks at N concurrent clients (HybridSearchLoad): full text (baseline), vector
# and hybrid in rounds in one JVM; prints p50/p99 per mode and round, the hybrid/fulltext ratio, and the one-client
# service time with CPU time per query. The first run builds the index (~10 min) under
# jingzhi-bench/target/retrieval-cache/hybrid-index; later runs reuse it. Builds in the reactor (never mvn install).
# Usage: jingzhi-bench/scripts/retrieval-load.sh [threads (20)] [queries per round (4000)] [--rebuild] [--recall]
#   DATA=dir with corpus.jsonl and queries.jsonl (default /work/shared/data/retrieval/cmrc2018); HEAP (default 3g)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DATA=${DATA:-/work/shared/data/retrieval/cmrc2018}
THREADS=${1:-20}; PER_ROUND=${2:-4000}; shift $(( $# < 2 ? $# : 2 ))
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
mvn -B -q -pl jingzhi-bench -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dskip.npm \
  -Dguard.semantic.skip=true
CP=$ROOT/jingzhi-bench/target/classes:$(cat "$WORK/cp.txt")
# The index is merged into one segment before the rounds, as the product's idle merge does after a bulk load
# (a no-op on a merged index; it prints the one-client service time before and after). An index cached by a build
# before 2026-11-28 17:00 stores cosine as COSINE: pass --rebuild once to measure the current layout.
FLAGS=(--compact "$@")
# --add-modules jdk.incubator.vector: Lucene's SIMD vector comparisons (it logs "Java vector incubator API enabled")
"$JAVA" -Xmx"${HEAP:-3g}" --add-modules jdk.incubator.vector -cp "$CP" io.jingzhi.bench.retrieval.HybridSearchLoad \
  "$DATA/corpus.jsonl" "$DATA/queries.jsonl" "$THREADS" "$PER_ROUND" "${FLAGS[@]}"
