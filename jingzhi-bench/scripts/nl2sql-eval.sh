#!/usr/bin/env bash
# NL2SQL execution accuracy (Nl2SqlEval) of the product's pipeline (schema linking, prompt, SQL extraction,
# read-only checks, one repair round) on the CSpider development set (100 questions over 10 schemas; XSemPLR
# mspider dev, CC BY-SA 4.0), against the local MariaDB and PostgreSQL. The set has schemas only: CspiderLoader
# creates them (MariaDB: databases cspider_<db_id>; PostgreSQL: schemas <db_id> in the database of PG_URL) and
# fills every table with 6 deterministic synthetic rows, dropping earlier copies first.
# Usage: jingzhi-bench/scripts/nl2sql-eval.sh MODEL_URL MODEL [--api-key K] [--lang zh|en] [--limit N]
#          [--targets mariadb,postgresql] [--no-load]
#   MODEL_URL: an OpenAI-compatible base URL (http://host:port/v1), or "simulator" for the project's SIMULATOR
#   with MODEL "placeholder" (generated text: proves the plumbing, accuracy 0) or "oracle" (scripted with the gold
#   SQL: checks the harness). Only a real model gives a real figure.
#   DATA (default ../shared/data/nl2sql/cspider beside the repository), MARIA_URL, PG_URL, PG_USER.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DATA=${DATA:-$ROOT/../shared/data/nl2sql/cspider}
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
MODEL_URL=$1; MODEL=$2; shift 2
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
mvn -B -q -pl jingzhi-bench -am compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dskip.npm \
  -Dguard.semantic.skip=true
CP=$ROOT/jingzhi-bench/target/classes:$(cat "$WORK/cp.txt")
"$JAVA" -cp "$CP" io.jingzhi.bench.agent.Nl2SqlEval --data "$DATA" --model-url "$MODEL_URL" --model "$MODEL" \
  --mariadb "${MARIA_URL:-jdbc:mariadb://127.0.0.1:3306/test}" \
  --postgresql "${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}" --pg-user "${PG_USER:-postgres}" "$@"
