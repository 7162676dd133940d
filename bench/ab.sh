#!/usr/bin/env bash
# A/B of registrar builds: each variant and Hummingbird (the reference of bench/http.sh) side by
# side, GET and PUT of /arrays/a/registers/3 with wrk -t1 -c32, interleaved rounds. Prints per
# round req/s, the ratio to Hummingbird in that round and the variant's CPU per request (all its
# threads), then the medians. A change is worth keeping when it moves the CPU per request or the
# ratio in every round: on these shared 2-core machines absolute req/s swing by ±20% between runs.
#
#   bench/ab.sh "before=/tmp/registrar-before" "after=.build/release/registrar"
#   bench/ab.sh "old=/tmp/old:/tmp/old-migrations" "two=.build/release/registrar --event-loops 2"
#   ROUNDS=5 METHODS=PUT DURATION=5 bench/ab.sh …
#
# A variant is NAME=BINARY[:MIGRATIONS] [serve options…]. MIGRATIONS defaults to this checkout's
# Migrations/: give an older build its own, or it refuses (or fails on) a newer schema. Every
# variant gets a fresh database. Hummingbird comes from bench/http.sh's peers (built on first use
# of that script). Exits 1 if any response was not 2xx.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${PEERS_DIR:-$HOME/.cache/registrar-peers}"
hummingbird="$peers/hb-peer/.build/release/HBPeer"
rounds=${ROUNDS:-3} duration=${DURATION:-5} methods=${METHODS:-GET PUT}
(( $# > 0 )) || { sed -n 2,16p "$0"; exit 2; }
[[ -x "$hummingbird" ]] || { echo "Hummingbird peer not built: run bench/http.sh once" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install -y wrk)" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/put.lua" <<'LUA'
wrk.method = "PUT"
wrk.body = '{"value":"y"}'
wrk.headers["Content-Type"] = "application/json"
LUA

names=() ; declare -A port pid
"$hummingbird" 18500 >/dev/null 2>&1 & pids+=($!); pid[hummingbird]=$!; port[hummingbird]=18500
index=0
for variant in "$@"; do
  read -r spec options <<<"$variant"
  name=${spec%%=*} target=${spec#*=}
  binary=${target%%:*} migrations="$root/Migrations"
  [[ $target == *:* ]] && migrations=${target#*:}
  index=$((index + 1)); names+=("$name"); port[$name]=$((18500 + index))
  mkdir -p "$work/$name"
  # shellcheck disable=SC2086 # the options are words
  "$binary" serve --port "${port[$name]}" --database "$work/$name/ab.sqlite" --migrations "$migrations" \
    --public "$root/Public" ${options:-} >"$work/$name/log" 2>&1 &
  pids+=($!); pid[$name]=$!
done
for name in hummingbird "${names[@]}"; do
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:${port[$name]}/livez" && break; sleep 0.1; done
  [[ $name == hummingbird ]] && continue
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:${port[$name]}/arrays" \
    -d '{"name":"a","size":8,"semantics":"atomic","replicas":1}')
  [[ $status == 201 ]] || { echo "$name did not start (create array: $status):" >&2; cat "$work/$name/log" >&2; exit 2; }
done

# Clock ticks of user and system time over all of a process's threads.
ticks() { local sum=0 stat; for stat in /proc/"$1"/task/*/stat; do sum=$((sum + $(awk '{print $14 + $15}' "$stat"))); done; echo $sum; }
failed=0
# Runs wrk once; prints "req/s cpu-µs-per-request".
measure() {
  local name=$1 method=$2 script=() before after out rps
  [[ $method == PUT ]] && script=(-s "$work/put.lua")
  local url="http://127.0.0.1:${port[$name]}/arrays/a/registers/3"
  wrk -t1 -c32 -d1s "${script[@]}" "$url" >/dev/null 2>&1 || true
  before=$(ticks "${pid[$name]}")
  out=$(wrk -t1 -c32 -d"${duration}s" "${script[@]}" "$url" 2>&1)
  after=$(ticks "${pid[$name]}")
  if grep -q "Non-2xx" <<<"$out"; then echo "$name $method: $(grep Non-2xx <<<"$out")" >&2; failed=1; fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  awk -v r="$rps" -v t=$((after - before)) -v d="$duration" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f %.1f\n", r, t * 1e6 / hz / (r * d) }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for method in $methods; do
  for round in $(seq 1 "$rounds"); do
    read -r reference _ < <(measure hummingbird "$method")
    line="$method r$round  hummingbird $reference"
    for name in "${names[@]}"; do
      read -r rps cpu < <(measure "$name" "$method")
      ratio=$(awk -v a="$rps" -v b="$reference" 'BEGIN { printf "%.2f", a / b }')
      echo "$rps $ratio $cpu" >>"$work/$name.$method"
      line+="  $name $rps ×$ratio ${cpu}µs"
    done
    echo "$line"
  done
done
echo "medians over $rounds rounds:"
for method in $methods; do
  for name in "${names[@]}"; do
    printf '%-4s %-16s %8.0f req/s  ×%.2f hummingbird  %5.1f µs CPU/request\n' "$method" "$name" \
      "$(cut -d' ' -f1 "$work/$name.$method" | median)" "$(cut -d' ' -f2 "$work/$name.$method" | median)" \
      "$(cut -d' ' -f3 "$work/$name.$method" | median)"
  done
done
exit $failed
