#!/usr/bin/env bash
# Measures the ledger: money moved through the payments facade (journals per second, then the ledger
# check), and the ledger check over a million journals. Runs Souk's ledger commands from the built jar
# on throwaway embedded databases; nothing listens beyond loopback.
#   DURATION=60s CONCURRENCY=8 WARM_UP=15s POOL=16   the load run (POOL: database connections)
#   JOURNALS=1000000 CHECK_RUNS=5                   the check run
#   SOUK_BENCH_DATA=dir   keep the generated ledger there; the next run only times the check
#   ONLY=load|check       run one of the two; JAVA_OPTS="-Xms1g -Xmx1g" APP_ARGS="--more=options"
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60s}
CONCURRENCY=${CONCURRENCY:-8}
WARM_UP=${WARM_UP:-15s}
POOL=${POOL:-16}
JOURNALS=${JOURNALS:-1000000}
CHECK_RUNS=${CHECK_RUNS:-5}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | head -1)
fi
load=$(mktemp -d)
if [ -n "${SOUK_BENCH_DATA:-}" ]; then data=$SOUK_BENCH_DATA; mkdir -p "$data"; keep=1; else data=$(mktemp -d); keep=0; fi
cleanup() { rm -rf "$load"; [ "$keep" = 1 ] || rm -rf "$data"; }
trap cleanup EXIT
# a command, not a server: its web server listens on a random loopback port until it exits
common=(--souk.demo=false --server.address=127.0.0.1 --server.port=0 --management.server.port=0 --logging.level.root=warn ${APP_ARGS:-})

if [ "${ONLY:-load}" = load ]; then
  echo "== Money through the payments facade ($(nproc) cores)"
  "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --souk.data-dir="$load" \
    --spring.datasource.hikari.maximum-pool-size="$POOL" --spring.datasource.hikari.minimum-idle="$POOL" \
    --souk.bench.instant-gateway=true --souk.bench.ledger-load="$DURATION" \
    --souk.bench.concurrency="$CONCURRENCY" --souk.bench.warm-up="$WARM_UP"
fi

if [ "${ONLY:-check}" = check ]; then
  echo "== The ledger check over $JOURNALS journals"
  if [ ! -f "$data/ledger-generated" ]; then
    "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --souk.data-dir="$data" \
      --souk.bench.ledger-journals="$JOURNALS" --souk.generate.seed=1 --souk.bench.check-runs="$CHECK_RUNS"
    touch "$data/ledger-generated"
  else
    echo "Reusing the ledger in $data."
    "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --souk.data-dir="$data" --souk.bench.ledger-check="$CHECK_RUNS"
  fi
fi
