#!/usr/bin/env bash
# Messaging figures: inbox page of a member with 1,000 conversations, live delivery of a message to the
# other member's open page (server-sent events), posting with 50 concurrent senders.
# Starts Souk from the built jar on a throwaway embedded database (demo data on, loopback only), writes
# the conversations with SQL, then drives it with bench/MessagingBench.java (JDK only + PostgreSQL driver).
# Posting is measured twice: 50 senders in a closed loop (throughput), and 50 members chatting at a
# person's pace (0.5–1.5 s between messages) for PACED_SECONDS (latency at a stated load). The limit of
# 30 messages a minute per member stays on; the driver keeps each member under it and checks it still refuses.
#   JAR=path            measure this jar instead of target/souk-*.jar (e.g. an earlier build)
#   PACED_SECONDS=45    length of the paced run
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18081}
DB_PORT=${DB_PORT:-15433}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PACED_SECONDS=${PACED_SECONDS:-45}
jar=${JAR:-$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "${JAR:-}" ] && { [ -z "$jar" ] || ! unzip -l "$jar" | grep 'dev/souk/messaging/Messaging.class' >/dev/null; }; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | grep -v plain | head -1)
fi
driver=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | sort -V | tail -1)
data=$(mktemp -d)
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
# a few hundred members sign in from one address: the rate limits are raised, not off (the messages limit stays)
"$java" -jar "$jar" --server.port="$PORT" --server.address=127.0.0.1 --souk.data-dir="$data" --souk.demo=true \
  --souk.db.embedded-port="$DB_PORT" --souk.limits.scale="${SOUK_LIMITS_SCALE:-1000}" \
  --logging.level.root=warn > "$data/souk.log" 2>&1 &
app=$!
echo -n "Starting Souk on port $PORT"
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $app 2>/dev/null || { echo; cat "$data/souk.log"; exit 1; }
  echo -n "."; sleep 1
done
echo " ready."
echo "Jar $jar; database pool ${SOUK_DB_POOL_SIZE:-16} connections (SOUK_DB_POOL_SIZE); $(nproc) cores"
echo "Load before: $(uptime)"
# the embedded database asks for the passwords Souk made for it
credentials() { sed -n "s/^$1=//p" "$data/database.credentials"; }
timeout 600 "$java" -Dpaced.seconds="$PACED_SECONDS" -Dapp.pid="$app" -Dpg.pid-file="$data/postgres/postmaster.pid" -cp "$driver" bench/MessagingBench.java "http://127.0.0.1:$PORT" \
  "jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" "$(credentials app)" "$(credentials app\\.password)"
echo "Load after: $(uptime)"
