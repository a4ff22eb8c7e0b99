#!/usr/bin/env bash
# Search figures: a fixed mix of searches over HTTP at concurrency 8 against a marketplace of 1,000,000
# listings, then the same searches as plain SQL on the database (the lower bound HTTP adds to).
# Starts Souk from the built jar on a throwaway embedded database (or SOUK_BENCH_DATA, kept and reused),
# fills it with the listings generator, then drives it with bench/SearchBench.java (JDK only).
#   LISTINGS=1000000     how many listings to generate
#   SOUK_BENCH_DATA=dir  keep the data directory there and reuse it on the next run (skips generating)
#   CONCURRENCY=8 PER_KIND=150 POOL=8 JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseParallelGC" APP_ARGS="--more=options"
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18082}
DB_PORT=${DB_PORT:-15434}
LISTINGS=${LISTINGS:-1000000}
CONCURRENCY=${CONCURRENCY:-8}
PER_KIND=${PER_KIND:-150}
POOL=${POOL:-8}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | grep -v plain | head -1)
fi
if [ -n "${SOUK_BENCH_DATA:-}" ]; then data=$SOUK_BENCH_DATA; mkdir -p "$data"; keep=1; else data=$(mktemp -d); keep=0; fi
work=$(mktemp -d)
app=
cleanup() {
  [ -n "$app" ] && { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; }
  rm -rf "$work"; [ "$keep" = 1 ] || rm -rf "$data"
}
trap cleanup EXIT
common=(--souk.data-dir="$data" --souk.demo=false --server.address=127.0.0.1 --souk.db.embedded-port="$DB_PORT" ${APP_ARGS:-}
  --logging.level.root=warn --logging.level.dev.souk=info)

if [ ! -f "$data/generated" ]; then
  echo "Generating $LISTINGS listings…"
  "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port=0 --souk.generate.listings="$LISTINGS" \
    --souk.generate.seed=1 --souk.generate.ids-file="$data/listing-ids.txt"
  touch "$data/generated"
else
  echo "Reusing the listings in $data."
fi

"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port="$PORT" \
  --spring.datasource.hikari.maximum-pool-size="$POOL" --spring.datasource.hikari.minimum-idle="$POOL" \
  > "$work/souk.log" 2>&1 &
app=$!
echo -n "Starting Souk on port $PORT"
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null; do
  kill -0 $app 2>/dev/null || { echo; cat "$work/souk.log"; exit 1; }
  echo -n "."; sleep 1
done
echo " ready ($(nproc) cores; app, PostgreSQL and the load driver share them)."
"$java" -Dconcurrency="$CONCURRENCY" -DperKind="$PER_KIND" -DmixFile="$work/mix.tsv" \
  -Dwarmup="${WARMUP:-1000}" bench/SearchBench.java "http://127.0.0.1:$PORT"

# the same searches as plain SQL, with the app stopped (one embedded database, one user at a time); two
# connections more than the replay uses, for the app's own background work
kill "$app"; wait "$app" 2>/dev/null || true; app=
"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port=0 \
  --spring.datasource.hikari.maximum-pool-size=$((POOL + 2)) --souk.bench.search-sql="$work/mix.tsv" --souk.bench.concurrency="$CONCURRENCY" \
  --souk.search.statement-timeout=60s # measured, not cut: its first pass runs on cold connections
