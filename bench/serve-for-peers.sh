#!/usr/bin/env bash
# Serves a release registrar on PORT for the peer benchmark, with a fresh temporary database that
# holds the array it uses (`a`, 8 registers).
#
# The array is created by a first server on a free port, stopped; then this script becomes the
# server (exec) on the same database. So the PID the runner measures (RSS, CPU) and stops is the
# server's alone, with no shell beside it.
set -euo pipefail
port=${1:?usage: serve-for-peers.sh PORT}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${REGISTRAR_BIN:-$root/.build/release/registrar}"
dir=$(mktemp -d)
serve=("$bin" serve --database "$dir/bench.sqlite" --migrations "$root/Migrations" --public "$root/Public")

"${serve[@]}" --port 0 > "$dir/setup.log" 2>&1 &
setup=$!
address=
for _ in $(seq 1 100); do
  address=$(grep -o 'http://[0-9.:]*' "$dir/setup.log" || true)
  [[ -n "$address" ]] && break
  sleep 0.1
done
[[ -n "$address" ]] || { cat "$dir/setup.log" >&2; exit 1; }
curl -s -o /dev/null -X POST "$address/arrays" -d '{"name":"a","size":8,"semantics":"atomic","replicas":1}'
kill -TERM $setup
wait $setup

# The run's group commits, from /metrics, kept in $OUTDIR when the runner sets one: how many, how
# many operations each, the log syncs and how long one took (the disk's fsync latency). Scraped
# each second by a process outside the server's tree (started from a subshell that exits at once),
# which removes the database once the server is gone.
server=$$
( (
  # Until the server is gone (or a zombie its parent has not reaped yet).
  while [[ "$(ps -o stat= -p $server 2>/dev/null)" == [^Z]* ]]; do
    sleep 1
    [[ -n "${OUTDIR:-}" ]] || continue
    curl -s "http://127.0.0.1:$port/metrics" | awk '
      /^registrar_storage_synced_commits_total / { synced = $2 }
      /^registrar_storage_commits_total / { commits = $2 }
      /^registrar_storage_log_syncs_total / { syncs = $2 }
      /^registrar_storage_log_sync_seconds_total / { seconds = $2 }
      /^registrar_operation_duration_seconds_count/ { operations += $2 }
      END {
        if (commits > 0) printf "registrar commits: %d (%d synced), %.1f operations per commit; %d log syncs, %.0f us each\n",
          commits, synced, operations / commits, syncs, (syncs > 0 ? seconds / syncs * 1e6 : 0)
      }' > "$OUTDIR/registrar-commits.new" || true
    [[ -s "$OUTDIR/registrar-commits.new" ]] && mv "$OUTDIR/registrar-commits.new" "$OUTDIR/registrar-commits.txt"
  done
  rm -rf "$dir" "${OUTDIR:-$dir}/registrar-commits.new"
) > /dev/null 2>&1 < /dev/null & )
exec "${serve[@]}" --port "$port" ${REGISTRAR_ARGS:-}
