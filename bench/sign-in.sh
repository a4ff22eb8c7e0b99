#!/usr/bin/env bash
# Measures sign-in cost: each API sign-in verifies one Argon2id password hash.
# Starts Souk from the built jar on a throwaway embedded database, signs a member up, then drives it with wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
DURATION=${DURATION:-20s}
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk"; done
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
jar=$(ls target/souk-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  echo "Building Souk…"; ./mvnw -q -B -DskipTests package; jar=$(ls target/souk-*.jar | head -1)
fi
data=$(mktemp -d)
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
# every sign-in here takes an API token from one address: the limits are raised, not off
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$jar" --server.port="$PORT" --souk.data-dir="$data" --souk.demo=false \
  --souk.limits.scale="${SOUK_LIMITS_SCALE:-1000}" --logging.level.root=warn > "$data/souk.log" 2>&1 &
app=$!
echo -n "Starting Souk on port $PORT"
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
  kill -0 $app 2>/dev/null || { echo; cat "$data/souk.log"; exit 1; }
  echo -n "."; sleep 1
done
echo " ready."
# members signed in in turn: a member holds at most 50 active API tokens
export BENCH_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" BENCH_EMAILS=""
for i in $(seq 1 ${MEMBERS:-60}); do
  email="bench-$i-$RANDOM@example.org"
  curl -sf -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/api/v1/accounts" \
    -d "{\"email\": \"$email\", \"password\": \"$BENCH_PASSWORD\", \"displayName\": \"Bench $i\"}"
  BENCH_EMAILS="$BENCH_EMAILS${BENCH_EMAILS:+,}$email"
done
url="http://127.0.0.1:$PORT/api/v1/auth/tokens"
wrk -t1 -c1 -d5s -s bench/sign-in.lua "$url" >/dev/null # warm-up
echo "One client at a time (latency of one sign-in ≈ one hash verification):"
wrk -t1 -c1 -d"$DURATION" -s bench/sign-in.lua "$url" | tail -1
echo "Four clients (throughput on $(nproc) cores):"
wrk -t2 -c4 -d"$DURATION" -s bench/sign-in.lua "$url" | tail -1
