#!/usr/bin/env bash
# Measures the listing page: an anonymous visitor opening listing pages of a marketplace of 100,000
# listings. Starts Souk from the built jar on a throwaway embedded database, fills it with the listings
# generator, then drives it with wrk over many different listings.
#   LISTINGS=100000     how many listings to generate
#   SOUK_BENCH_DATA=dir keep the data directory there and reuse it on the next run (skips generating)
#   DURATION=30s CONNECTIONS=32 POOL=6 JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC" APP_ARGS="--more=options"
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
LISTINGS=${LISTINGS:-100000}
# 2 cores serve the app and PostgreSQL: a few connections keep both busy without queueing in PostgreSQL
POOL=${POOL:-6}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
jar=$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | head -1)
fi
if [ -n "${SOUK_BENCH_DATA:-}" ]; then data=$SOUK_BENCH_DATA; mkdir -p "$data"; keep=1; else data=$(mktemp -d); keep=0; fi
work=$(mktemp -d)
app=
cleanup() {
  [ -n "$app" ] && { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; }
  rm -rf "$work"; [ "$keep" = 1 ] || rm -rf "$data"
}
trap cleanup EXIT
MGMT_PORT=${MGMT_PORT:-19090}
common=(--souk.data-dir="$data" --souk.demo=false --server.address=127.0.0.1 --management.server.port="$MGMT_PORT" --logging.level.root=warn ${APP_ARGS:-})

if [ ! -f "$data/generated" ]; then
  echo "Generating $LISTINGS listings…"
  # the generator runs in the app and exits; its web server only listens on a random loopback port
  "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port=0 --souk.generate.listings="$LISTINGS" \
    --souk.generate.seed=1 --souk.generate.ids-file="$data/listing-ids.txt" 2> "$work/generate.log" \
    || { cat "$work/generate.log"; exit 1; }
  touch "$data/generated"
else
  echo "Reusing the listings in $data."
fi

"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port="$PORT" \
  --spring.datasource.hikari.maximum-pool-size="$POOL" --spring.datasource.hikari.minimum-idle="$POOL" \
  > "$work/souk.log" 2>&1 &
app=$!
echo -n "Starting Souk on port $PORT"
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $app 2>/dev/null || { echo; cat "$work/souk.log"; exit 1; }
  echo -n "."; sleep 1
done
echo " ready."

# 2,000 of the generated listings, picked at random by the generator
ids="$data/listing-ids.txt"
echo "$(wc -l < "$ids") listings to visit, e.g. http://127.0.0.1:$PORT/listings/$(head -1 "$ids")"
if curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/listings/$(head -1 "$ids")" | grep -qi '^set-cookie'; then
  echo "An anonymous listing page set a cookie: it should not create a session."; exit 1
fi
url="http://127.0.0.1:$PORT"
LISTING_IDS="$ids" wrk -t2 -c"$CONNECTIONS" -d20s -s bench/listing-page.lua "$url" > /dev/null # warm-up (JIT, caches)
# pages read from the database (misses) and reused (hits) on this node, from the app's metrics
pages() { curl -s "http://127.0.0.1:$MGMT_PORT/actuator/prometheus" | awk -v r="$1" '/^cache_gets_total/ && /cache="listing.pages"/ && $0 ~ "result=\"" r "\"" { n += $NF } END { printf "%d", n }'; }
hits=$(pages hit); misses=$(pages miss)
echo "Anonymous listing pages, $CONNECTIONS connections, $DURATION ($(nproc) cores):"
LISTING_IDS="$ids" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/listing-page.lua "$url" | tail -1
echo "kept pages: $(( $(pages hit) - hits )) reused, $(( $(pages miss) - misses )) read (souk.listings.pages-reused-for; refreshes in the background are not counted)"
