#!/usr/bin/env bash
# Instructions per request, by thread, of a release registrar under wrk -t1 -c32 GET or PUT of
# /arrays/a/registers/3, counted by callgrind after a warm-up. Unlike req/s and CPU time, which
# swing by ±15% between rounds on these shared machines, the counts repeat to within a percent or
# two: the way to judge a change too small for bench/ab.sh. They leave out the kernel (about half
# of an event loop's time), so they say what a change saves in user space, not what it is worth.
#
#   bench/instructions.sh                       # .build/release/registrar, GET then PUT
#   bench/instructions.sh /tmp/registrar-old PUT
#
# Under callgrind the server runs some 30 times slower, so groups and batches differ from a real
# run; compare builds with each other, not with wall-clock figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary=${1:-$root/.build/release/registrar}
methods=${2:-GET PUT}
port=${PORT:-18601}
for tool in valgrind wrk curl; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind wrk curl; break; }
done

work=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# Valgrind 3.19 cannot read the DWARF 5 that Swift writes; the symbol table is enough.
objcopy --strip-debug "$binary" "$work/registrar"
cat > "$work/put.lua" <<'LUA'
wrk.method = "PUT"
wrk.body = '{"value":"y"}'
wrk.headers["Content-Type"] = "application/json"
LUA

for method in $methods; do
  rm -rf "$work/$method" && mkdir "$work/$method"
  (cd "$work/$method" && exec valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$work/$method/out" \
    "$work/registrar" serve --port "$port" --database "$work/$method/db.sqlite" --migrations "$root/Migrations" \
    --public "$root/Public" >"$work/$method/log" 2>&1) &
  server=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$port/livez" && break; sleep 0.2; done
  curl -s -o /dev/null -X POST "http://127.0.0.1:$port/arrays" -d '{"name":"a","size":8,"semantics":"atomic","replicas":1}'
  script=()
  [[ $method == PUT ]] && script=(-s "$work/put.lua")
  url="http://127.0.0.1:$port/arrays/a/registers/3"
  wrk -t1 -c32 -d3s "${script[@]}" "$url" >/dev/null
  pid=$(pgrep -f "callgrind.*--port $port" | head -1)
  callgrind_control -z "$pid" >/dev/null 2>&1
  requests=$(wrk -t1 -c32 -d8s "${script[@]}" "$url" | awk '/requests in/ {print $1}')
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill -INT "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
  server=
  # The dump after zeroing is part 1: one file per thread, named by what runs on it.
  for file in "$work/$method"/out.1-*; do
    total=$(awk '/^(summary|totals):/ {print $2; exit}' "$file")
    [[ -n $total ]] && (( total / requests > 0 )) || continue
    if grep -q 'EventLoopC5serve' "$file"; then thread="event loop"
    elif grep -q 'WriterC3run' "$file"; then thread="storage writer"
    else thread="other (${file##*-})"; fi
    printf '%-4s %-16s %8d instructions/request  (%d requests)\n' "$method" "$thread" $((total / requests)) "$requests"
  done
done
