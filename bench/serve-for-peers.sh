#!/usr/bin/env bash
# Starts a release registrar on PORT with a fresh temporary database, creates the array the peer
# benchmark uses (`a`, 8 registers), then waits on the server. TERM is forwarded, so the PID the
# runner stops is this script's and the server goes with it.
set -euo pipefail
port=${1:?usage: serve-for-peers.sh PORT}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${REGISTRAR_BIN:-$root/.build/release/registrar}"
dir=$(mktemp -d)
"$bin" serve --port "$port" --database "$dir/bench.sqlite" --migrations "$root/Migrations" ${REGISTRAR_ARGS:-} &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server; rm -rf "$dir"' EXIT
trap 'exit 0' TERM INT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/livez" && break
  sleep 0.1
done
curl -s -o /dev/null -X POST "http://127.0.0.1:$port/arrays" \
  -d '{"name":"a","size":8,"semantics":"atomic","replicas":1}'
wait $server
