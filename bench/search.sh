#!/usr/bin/env bash
# Search figures: a fixed mix of searches over HTTP at concurrency 8 against a marketplace of 1,000,000
# listings, then the same searches as plain SQL on the database (the lower bound HTTP adds to).
# Starts Souk from the built jar on a throwaway embedded database (or SOUK_BENCH_DATA, kept and reused),
# fills it with the listings generator, then drives it with wrk (apt install wrk) and bench/search.lua,
# the searches written by bench/SearchBench.java (JDK only).
#   LISTINGS=1000000     how many listings to generate
#   SOUK_BENCH_DATA=dir  keep the data directory there and reuse it on the next run (skips generating)
#   CONCURRENCY=8 PER_KIND=300 WARMUP=30000 POOL=4 JAVA_OPTS="-Xms2g -Xmx2g -XX:+UseG1GC" APP_ARGS="--more=options"
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
PORT=${PORT:-18082}
DB_PORT=${DB_PORT:-15434}
LISTINGS=${LISTINGS:-1000000}
CONCURRENCY=${CONCURRENCY:-8}
PER_KIND=${PER_KIND:-300}
# the app's connections: two per core keep PostgreSQL busy without its searches crowding each other
POOL=${POOL:-4}
# G1, the JVM's own choice on a server: ParallelGC's young collections stopped every search in flight for
# 10–95 ms every 10 s here
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}
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

# the access log gives each measured search's time at the server (microseconds), by kind
"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port="$PORT" \
  --spring.datasource.hikari.maximum-pool-size="$POOL" --spring.datasource.hikari.minimum-idle="$POOL" \
  --server.tomcat.accesslog.enabled=true --server.tomcat.accesslog.directory="$work" \
  --server.tomcat.accesslog.prefix=access --server.tomcat.accesslog.suffix=.log \
  --server.tomcat.accesslog.file-date-format= --server.tomcat.accesslog.pattern='%{X-Search-Kind}i %D %{begin:msec}t %s %U' \
  --server.tomcat.accesslog.buffered=false --server.tomcat.max-keep-alive-requests=-1 \
  > "$work/souk.log" 2>&1 &
app=$!
echo -n "Starting Souk on port $PORT"
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $app 2>/dev/null || { echo; cat "$work/souk.log"; exit 1; }
  echo -n "."; sleep 1
done
echo " ready ($(nproc) cores; app, PostgreSQL and the load driver share them)."
"$java" -DperKind="$PER_KIND" -Dwarmup="${WARMUP:-30000}" bench/SearchBench.java \
  --prepare "http://127.0.0.1:$PORT" "$work/mix.tsv" "$work/warmup.tsv"
threads=$(( CONCURRENCY < 2 ? 1 : 2 ))
log="$work/access.log"
# wrk sends each search of a file once, then next to nothing until all are answered (see bench/search.lua)
drive() { # file, how many answers to wait for, pattern of the log lines that count them, [warmup]
  wrk -t"$threads" -c"$CONCURRENCY" -d1h --timeout 30s -s bench/search.lua "http://127.0.0.1:$PORT" -- "$1" "$threads" ${4:-} \
    > /dev/null &
  local driver=$!
  local answered=0 before=-1 still=0
  while [ "$answered" -lt "$2" ] && [ "$still" -lt 50 ]; do # all answered, or none for 10 s
    sleep 0.2; answered=$(grep -c -- "$3" "$log" 2>/dev/null || true)
    if [ "$answered" = "$before" ]; then still=$((still + 1)); else still=0; before=$answered; fi
  done
  kill "$driver"; wait "$driver" 2>/dev/null || true
}
# about two minutes: until then the JIT compiler still takes up to half of the app's CPU (the search path
# runs through a few thousand methods, compiled one after the other on 2 cores)
echo "Warming up with $(wc -l < "$work/warmup.tsv") searches…"
drive "$work/warmup.tsv" "$(wc -l < "$work/warmup.tsv")" "/api/v1/listings" warmup
echo "Running $(wc -l < "$work/mix.tsv") searches ($PER_KIND of each kind) at concurrency $CONCURRENCY…"
drive "$work/mix.tsv" "$(wc -l < "$work/mix.tsv")" "^[a-z]"
"$java" bench/SearchBench.java --server-times "$log"

kill "$app"; wait "$app" 2>/dev/null || true; app=

# the same searches as plain SQL, with the app stopped (one embedded database, one user at a time): one
# connection per replaying thread, and two for the app's own background work
"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port=0 \
  --spring.datasource.hikari.maximum-pool-size=$((CONCURRENCY + 2)) --souk.bench.search-sql="$work/mix.tsv" --souk.bench.concurrency="$CONCURRENCY" \
  --souk.search.statement-timeout=60s # measured, not cut: its first pass runs on cold connections
