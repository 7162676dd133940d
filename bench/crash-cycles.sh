#!/usr/bin/env bash
# Crash durability: kill -9 the server under load, restart it, and check that nothing acknowledged
# was lost (SPEC §7), over many cycles on one database.
#
#   bench/crash-cycles.sh [CYCLES]          # default 50
#   SEED=123456 bench/crash-cycles.sh 20    # replay a run: same kill delays and operation plans
#   CLIENTS=6 KEEP=1 bench/crash-cycles.sh  # clients per workload; keep the work folder
#
# Each cycle starts `registrar serve` on the same database, checks it (below), then runs two
# `registrar workload` processes at once, each recording its acknowledged operations
# (--record): one on a single-replica atomic array, one on a 3-replica atomic array. After a
# seeded random delay the server gets SIGKILL. After every restart, and once more at the end:
#   - PRAGMA integrity_check is ok (sqlite3 on the live database);
#   - every acknowledged operation of every cycle so far is in the live history, as acknowledged;
#   - each single-replica register reads its last acknowledged value, or one recorded later;
#   - GET /arrays/NAME/verdict is atomic for both arrays.
# Prints the cycles, the operations acknowledged, and each failure with the seed; exit 1 on any.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"
cycles="${1:-50}"
seed="${SEED:-$(( (RANDOM << 15 | RANDOM) % 1000000 + 1 ))}"
clients="${CLIENTS:-6}"
RANDOM=$seed   # every later $RANDOM (the kill delays) follows from the seed
started=$SECONDS

command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3; }
(cd "$root" && swift build -c release --product registrar >/dev/null)
bin="$(cd "$root" && swift build -c release --show-bin-path)/registrar"

work="$(mktemp -d /tmp/registrar-crash.XXXXXX)"
db="$work/registrar.sqlite"
server_pid="" port="" failed=0
workload_pids=()

cleanup() {
  [[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null || true
  for pid in "${workload_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if (( failed )) || [[ -n "${KEEP:-}" ]]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
  failed=1
  echo "FAIL cycle $cycle (SEED=$seed): $*"
}

start_server() {
  local log="$work/server-$1.log"
  : >"$log"
  "$bin" serve --port 0 --database "$db" --migrations "$root/Migrations" >"$log" 2>&1 &
  server_pid=$!
  port=""
  for _ in $(seq 300); do   # 30 s
    port="$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -1)"
    [[ -n "$port" ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  fail "the server did not start: $(tail -3 "$log")"
  return 1
}

# The checks after a restart; $1 names the verification reads.
check() {
  local integrity
  integrity="$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1 | head -5)"
  [[ "$integrity" == ok ]] || fail "PRAGMA integrity_check: $integrity"
  local array replicas out
  for array in single triple; do
    [[ $array == single ]] && replicas=1 || replicas=3
    compgen -G "$work/ack-*-$array.jsonl" >/dev/null || continue
    if out="$(python3 "$root/bench/crash-check.py" "http://127.0.0.1:$port" "$array" "$replicas" "$1" "$work"/ack-*-"$array".jsonl 2>&1)"; then
      last_summary+="$out"$'\n'
    else
      fail "$out"
    fi
  done
}

echo "crash cycles: $cycles, seed $seed, $clients clients per workload, database $db"
for (( cycle = 1; cycle <= cycles; cycle++ )); do
  start_server "$cycle" || break
  last_summary=""
  check "after-$((cycle - 1))"
  (( failed )) && break

  delay_ms=$(( 200 + RANDOM % 1800 ))
  workload_pids=()
  for array in single triple; do
    [[ $array == single ]] && replicas=1 || replicas=3
    # Distinct seeds make distinct process names and written values across cycles.
    timeout 120 "$bin" workload --url "http://127.0.0.1:$port" --array "$array" --clients "$clients" \
      --operations 1000000 --create-size 4 --semantics atomic --replicas "$replicas" --timeout 10 \
      --seed "$(( seed * 1000 + cycle * 2 + replicas / 3 ))" --record "$work/ack-$cycle-$array.jsonl" \
      >"$work/workload-$cycle-$array.log" 2>&1 &
    workload_pids+=($!)
  done
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  for pid in "${workload_pids[@]}"; do
    status=0
    wait "$pid" || status=$?
    (( status == 124 )) && fail "a workload did not stop within 120 s after the kill"
  done
  workload_pids=()
  acked=$(cat "$work"/ack-"$cycle"-*.jsonl 2>/dev/null | wc -l)
  total=$(cat "$work"/ack-*.jsonl 2>/dev/null | wc -l)
  printf 'cycle %d: killed after %d ms, %d operations acknowledged (%d in all)\n' "$cycle" "$delay_ms" "$acked" "$total"
done

cycle=end
if (( ! failed )) && start_server final; then
  last_summary=""
  check final
  printf '%s' "$last_summary"
  kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
fi
total=$(cat "$work"/ack-*.jsonl 2>/dev/null | wc -l)
if (( failed )); then
  echo "crash cycles: FAILED (seed $seed); replay with SEED=$seed bench/crash-cycles.sh $cycles"
  exit 1
fi
echo "crash cycles: $cycles cycles, $total operations acknowledged, none lost, integrity ok, verdicts atomic; seed $seed; $(( SECONDS - started )) s"
