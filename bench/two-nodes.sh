#!/usr/bin/env bash
# Souk behind nginx (deploy/nginx.conf) over one node and over two, on one PostgreSQL; then a rolling
# restart of both nodes while visitors keep coming, counting the requests that failed.
# A third app instance only hosts the embedded PostgreSQL (in production the database has a machine of
# its own), so either node can be restarted without taking the database down. Everything listens on
# loopback. Needs nginx and wrk (apt-get install -y nginx-light wrk).
#   LISTINGS=10000   listings generated        DURATION=30s CONNECTIONS=16   each measured phase
#   RESTART_LOAD=150s   how long visitors keep coming while both nodes restart, one after the other
#   POOL=8  database connections per node      JAVA_OPTS="-Xms512m -Xmx512m"   KEEP=1 keep the data
set -euo pipefail
cd "$(dirname "$0")/.."
PROXY=${PROXY:-18100}
PORT1=${PORT1:-18101}
PORT2=${PORT2:-18102}
DB_PORT=${DB_PORT:-15435}
LISTINGS=${LISTINGS:-10000}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}
RESTART_LOAD=${RESTART_LOAD:-150s}
POOL=${POOL:-8}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
[ -n "$nginx" ] || { echo "nginx is needed: apt-get install -y nginx-light"; exit 1; }
jar=${JAR:-$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "$jar" ]; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | grep -v plain | head -1)
fi
data=$(mktemp -d)   # the database host's data directory, with the generated listings
work=$(mktemp -d)   # nginx, the nodes' own directories and logs
mkdir -p "$work/node1" "$work/node2" "$work/nginx/tmp"
db='' node1='' node2='' proxy=''
stopall() {
  for pid in $proxy $node2 $node1 $db; do
    kill "$pid" 2>/dev/null || continue
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
}
trap 'stopall; [ "${KEEP:-0}" = 1 ] && echo "Data kept in $data and $work" || rm -rf "$data" "$work"' EXIT
common=(--souk.demo=false --server.address=127.0.0.1 --management.server.port=0 --logging.level.root=warn
        --spring.datasource.hikari.maximum-pool-size="$POOL")
# every node decrypts the same secrets, as a cluster's nodes must
export SOUK_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)

echo "Jar $jar; $(nproc) cores; load before: $(uptime | sed 's/.*load average: //')"
await() { # port pid log
  until curl -sf "http://127.0.0.1:$1/readyz" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo; tail -50 "$3"; exit 1; }
    sleep 0.5
  done
}
echo "== Generating $LISTINGS listings"
"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port=0 --souk.data-dir="$data" \
  --souk.generate.listings="$LISTINGS" --souk.generate.seed=1 --souk.generate.ids-file="$data/listing-ids.txt" \
  > "$work/generate.log" 2>&1 || { tail -50 "$work/generate.log"; exit 1; }
DB_HTTP=$((PORT2 + 1))
"$java" -Xmx256m -jar "$jar" "${common[@]}" --server.port="$DB_HTTP" --souk.data-dir="$data" \
  --souk.db.embedded-port="$DB_PORT" > "$work/db.log" 2>&1 &
db=$!
await "$DB_HTTP" $db "$work/db.log"
credentials() { sed -n "s/^$1=//p" "$data/database.credentials"; }
export SOUK_DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" SOUK_DB_USER="$(credentials app)" \
  SOUK_DB_PASSWORD="$(credentials 'app\.password')" SOUK_TRUSTED_PROXIES=127.0.0.1

start() { # n port: starts node n and waits until it is ready
  local log="$work/node$1/node.log"
  "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port="$2" --souk.data-dir="$work/node$1" >> "$log" 2>&1 &
  eval "node$1=$!"
  await "$2" "$(eval echo \$node$1)" "$log"
}
restart() { # n port: stops node n as a service manager would (SIGTERM, graceful) and starts it again
  local pid; pid=$(eval echo \$node$1)
  local began=$SECONDS
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  echo "  node $1 stopped after $((SECONDS - began)) s; starting it again"
  start "$1" "$2"
  echo "  node $1 ready again, $((SECONDS - began)) s after it was told to stop"
}
echo "== Starting two nodes"
start 1 "$PORT1" & first=$!
start 2 "$PORT2" & second=$!
wait $first $second
node1=$(pgrep -f -- "--server.port=$PORT1" | head -1); node2=$(pgrep -f -- "--server.port=$PORT2" | head -1)

proxy_with() { # the upstream servers, e.g. "$PORT1 $PORT2": (re)starts nginx with deploy/nginx.conf for them
  [ -n "$proxy" ] && { kill "$proxy"; wait "$proxy" 2>/dev/null || true; }
  local servers=''
  for port in "$@"; do servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'; done
  awk -v servers="$servers" -v listen="    listen 127.0.0.1:$PROXY;" '
    /^ *server 127\.0\.0\.1:808[0-9]/ { if (!done) printf "%s", servers; done = 1; next }
    /^ *listen 80;/ { print listen; next }
    { print }' deploy/nginx.conf > "$work/nginx/souk.conf"
  cat > "$work/nginx/nginx.conf" <<CONF
user $(id -un);
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/souk.conf;
}
CONF
  "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>> "$work/nginx/error.log" &
  proxy=$!
  until curl -sf "http://127.0.0.1:$PROXY/readyz" >/dev/null; do kill -0 $proxy || { cat "$work/nginx/error.log"; exit 1; }; sleep 0.2; done
}
load() { # duration [label]
  LISTING_IDS="$data/listing-ids.txt" wrk -t2 -c"$CONNECTIONS" -d"$1" --timeout 10s -s bench/two-nodes.lua \
    "http://127.0.0.1:$PROXY" | tail -1
}

echo "== Listing pages (3 in 4) and search pages (1 in 4) through nginx, $CONNECTIONS connections, $DURATION each"
proxy_with "$PORT1"
load 15s > /dev/null # warm-up: JIT, kept pages
echo -n "  one node:  "; load "$DURATION"
proxy_with "$PORT1" "$PORT2"
load 15s > /dev/null
echo -n "  two nodes: "; load "$DURATION"
echo -n "  direct to node 1, no proxy: "
LISTING_IDS="$data/listing-ids.txt" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/two-nodes.lua "http://127.0.0.1:$PORT1" | tail -1

echo "== Rolling restart: visitors for $RESTART_LOAD through nginx while node 1, then node 2, restarts"
load "$RESTART_LOAD" > "$work/restart.txt" &
loader=$!
sleep 10
restart 1 "$PORT1"
sleep 10
restart 2 "$PORT2"
wait $loader
echo -n "  "; cat "$work/restart.txt"
failed=$(sed -n 's/.*failed \([0-9]*\).*/\1/p' "$work/restart.txt")
echo "Load after: $(uptime | sed 's/.*load average: //')"
errors=$(cat "$work"/node*/node.log | grep -c 'level=ERROR' || true)
[ "$errors" -gt 0 ] && { echo "The nodes logged $errors errors; the first ones:"; cat "$work"/node*/node.log | grep 'level=ERROR' | head -5 | cut -c1-400; }
if [ "${failed:-1}" != 0 ]; then echo "FAILED: $failed requests failed during the rolling restart"; exit 1; fi
echo "OK: no request failed during the rolling restart"
