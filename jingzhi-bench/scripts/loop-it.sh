#!/usr/bin/env bash
# Runs one integration test class (or Class#method) of jingzhi-server N times in one JVM, to find flaky tests on a
# busy machine faster than N Maven runs (the Spring context is shared between runs, as in one failsafe run).
# Usage: jingzhi-bench/scripts/loop-it.sh io.jingzhi.server.gateway.BenchmarkIT 20 [JVM options...]
# Compile first, without installing: mvn -B -o verify -pl jingzhi-server -am -Dtest=NONE -Dit.test=NONE \
#   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dskip.npm
# The classpath is the server's test classpath (resolved with -am, so this checkout's poms count) with this
# checkout's target/classes in place of the reactor modules' snapshot jars (jingzhi-web stays a jar); failsafe's JVM
# options (root pom) are added.
# Prints "LOOP ... run i/N: tests=.. ok=.. failed=.." per run and "LOOP DONE failed runs: k of N".
set -euo pipefail
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}; export PATH=$JAVA_HOME/bin:$PATH
TEST=$1; N=$2; shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/loop-it.XXXX); trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && mvn -B -o -q dependency:build-classpath -pl jingzhi-server -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" > "$WORK/mvn.log" 2>&1) || { cat "$WORK/mvn.log"; exit 1; }
CP=$(tr ':' '\n' < "$WORK/cp.txt" | sed -E \
  -e "s#.*/io/jingzhi/jingzhi-agent/[^/]+/jingzhi-agent-[^/]*-tests\.jar#$ROOT/jingzhi-agent/target/test-classes#" \
  -e "/jingzhi-web/!s#.*/io/jingzhi/(jingzhi-[a-z]+)/[^/]+/[^/]+\.jar#$ROOT/\1/target/classes#" | paste -sd:)
LAUNCHER=$(ls ~/.m2/repository/org/junit/platform/junit-platform-launcher/*/junit-platform-launcher-*.jar \
  | grep -F "$(tr ':' '\n' <<< "$CP" | grep -o 'junit-platform-engine/[^/]*' | head -1 | cut -d/ -f2)" | head -1)
CP="$ROOT/jingzhi-server/target/test-classes:$ROOT/jingzhi-server/target/classes:$CP:$LAUNCHER"
javac -d "$WORK" -cp "$CP" "$(dirname "$0")/loop-it/LoopIt.java"
cd "$ROOT/jingzhi-server"
java "$@" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dsun.net.httpserver.nodelay=true \
  -cp "$WORK:$CP" LoopIt "$TEST" "$N"
