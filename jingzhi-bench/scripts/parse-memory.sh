#!/usr/bin/env bash
# Parses a generated ~20 MB PDF with the knowledge parser in a fixed small heap, against PDFBox's own text
# stripper (baseline) in the same JVM. Builds the bench classes in the reactor (never mvn install).
# Usage: jingzhi-bench/scripts/parse-memory.sh [MB (default 20)] [heap (default 256m)]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
MB=${1:-20}; HEAP=${2:-256m}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
# in the reactor the sibling modules resolve to their target/classes; the last module written is jingzhi-bench
mvn -B -q -pl jingzhi-bench -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dskip.npm \
  -Dguard.semantic.skip=true
CP=$ROOT/jingzhi-bench/target/classes:$(cat "$WORK/cp.txt")
"$JAVA" -cp "$CP" io.jingzhi.bench.LargePdfParse generate "$WORK/large.pdf" "$MB"
"$JAVA" -Xmx"$HEAP" -cp "$CP" io.jingzhi.bench.LargePdfParse parse "$WORK/large.pdf"
