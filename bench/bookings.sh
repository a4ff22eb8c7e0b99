#!/usr/bin/env bash
# Bookings on two app nodes sharing one PostgreSQL: 64 clients booking 20 single-seat nightly stays
# with random overlapping dates for 60 s, spread over both nodes, then 100 customers buying the last
# 10 items at once; then SQL checks that no two active bookings overlap and every answer was 201 or 409.
# Node 1 starts Souk's embedded PostgreSQL in a throwaway data directory; node 2 connects to it with
# SOUK_DB_URL as any further node would. Nothing listens beyond loopback.
#   CLIENTS=64 DURATION=60 WARM_UP=150   the load: seconds measured, seconds of warm-up before
#   RATE=400   pace the clients to offer 400 booking attempts a second together (default: closed loop)
#   HOLD=5     each client keeps at most 5 bookings and cancels its oldest (default: keeps them all)
#   POOL=16                                   database connections per node (SOUK_DB_POOL_SIZE)
#   PROFILE=1  load pg_stat_statements and print the statements that took the most time per booking
#   JAR=path  JAVA_OPTS="-Xms1g -Xmx1g"  APP_ARGS="--more=options"  KEEP=1 (keep the data directory)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT1=${PORT1:-18091}
PORT2=${PORT2:-18092}
DB_PORT=${DB_PORT:-15434}
CLIENTS=${CLIENTS:-64}
DURATION=${DURATION:-60}
WARM_UP=${WARM_UP:-150}
RATE=${RATE:-0}
HOLD=${HOLD:-0}
POOL=${POOL:-16}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=${JAR:-$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "${JAR:-}" ] && { [ -z "$jar" ] || ! unzip -l "$jar" | grep -q 'dev/souk/bench/BookingsCommand.class'; }; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | grep -v plain | head -1)
fi
driver=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | sort -V | tail -1)
data=$(mktemp -d)   # node 1 and the database
data2=$(mktemp -d)  # node 2: its own media and keys directory
node1='' node2=''
stop() {
  for pid in $node2 $node1; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  node1='' node2=''
}
trap 'stop; [ "${KEEP:-0}" = 1 ] && echo "Data kept in $data" || rm -rf "$data"; rm -rf "$data2"' EXIT
common=(--souk.demo=false --server.address=127.0.0.1 --management.server.port=0 --logging.level.root=warn ${APP_ARGS:-})
# both nodes decrypt the same secrets, as a cluster's nodes must
export SOUK_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
export SOUK_DB_POOL_SIZE=$POOL

echo "Jar $jar; $(nproc) cores; load before: $(uptime | sed 's/.*load average: //')"
echo "== Setting up through the facades"
"$java" -jar "$jar" "${common[@]}" --server.port=0 --souk.data-dir="$data" \
  --souk.bench.bookings-setup="$data/bookings.txt" --souk.bench.customers=100 --souk.bench.stays=20 --souk.bench.stock=10

profile=()
if [ "${PROFILE:-0}" = 1 ]; then
  echo "shared_preload_libraries = 'pg_stat_statements'" >> "$data/postgres/postgresql.auto.conf"
  profile=(-Dsuperuser="$(sed -n 's/^superuser=//p' "$data/database.credentials")"
           -Dsuperuser.password="$(sed -n 's/^superuser\.password=//p' "$data/database.credentials")")
fi
await() { # port pid log
  echo -n "Starting node on port $1"
  until curl -sf "http://127.0.0.1:$1/readyz" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo; cat "$3"; exit 1; }
    echo -n "."; sleep 1
  done
  echo " ready."
}
"$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port="$PORT1" --souk.data-dir="$data" \
  --souk.db.embedded-port="$DB_PORT" > "$data/node1.log" 2>&1 &
node1=$!
await "$PORT1" $node1 "$data/node1.log"
# the embedded database asks for the password Souk made for it
credentials() { sed -n "s/^$1=//p" "$data/database.credentials"; }
SOUK_DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" SOUK_DB_USER="$(credentials app)" \
  SOUK_DB_PASSWORD="$(credentials 'app\.password')" \
  "$java" $JAVA_OPTS -jar "$jar" "${common[@]}" --server.port="$PORT2" --souk.data-dir="$data2" > "$data2/node2.log" 2>&1 &
node2=$!
await "$PORT2" $node2 "$data2/node2.log"

status=0
timeout 900 "$java" -Dclients="$CLIENTS" -Dseconds="$DURATION" -Dwarm-up="$WARM_UP" -Dhold="$HOLD" -Drate="$RATE" \
  "${profile[@]}" -Dapp.pids="$node1,$node2" -Dpg.pid-file="$data/postgres/postmaster.pid" -cp "$driver" bench/BookingsBench.java \
  "$data/bookings.txt" "jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" "$(credentials app)" "$(credentials 'app\.password')" \
  "http://127.0.0.1:$PORT1" "http://127.0.0.1:$PORT2" || status=$?
echo "Load after: $(uptime | sed 's/.*load average: //')"
errors=$(cat "$data/node1.log" "$data2/node2.log" | grep -c 'level=ERROR' || true)
if [ "$errors" -gt 0 ]; then
  echo "The nodes logged $errors errors; the first ones:"
  cat "$data/node1.log" "$data2/node2.log" | grep 'level=ERROR' | head -5 | cut -c1-400
fi
stop
exit $status
