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
scraper=
trap 'kill -TERM $server $scraper 2>/dev/null; wait $server; rm -rf "$dir" "${OUTDIR:-$dir}/registrar-commits.new"' EXIT
trap 'exit 0' TERM INT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/livez" && break
  sleep 0.1
done
curl -s -o /dev/null -X POST "http://127.0.0.1:$port/arrays" \
  -d '{"name":"a","size":8,"semantics":"atomic","replicas":1}'
# The run's group commits, from /metrics, kept in $OUTDIR when the runner sets one: how many, how
# many operations each, and how long a log sync took (the disk's fsync latency). Scraped each
# second, since the runner stops the server and this script together.
if [[ -n "${OUTDIR:-}" ]]; then
  while sleep 1; do
    curl -s "http://127.0.0.1:$port/metrics" | awk '
      /^registrar_storage_synced_commits_total / { synced = $2 }
      /^registrar_storage_commits_total / { commits = $2 }
      /^registrar_storage_log_syncs_total / { syncs = $2 }
      /^registrar_storage_log_sync_seconds_total / { seconds = $2 }
      /^registrar_operation_duration_seconds_count/ { operations += $2 }
      END {
        if (commits > 0) printf "registrar commits: %d (%d synced), %.1f operations per commit; %d log syncs, %.0f us each\n",
          commits, synced, operations / commits, syncs, (syncs > 0 ? seconds / syncs * 1e6 : 0)
      }' > "$OUTDIR/registrar-commits.new"
    [[ -s "$OUTDIR/registrar-commits.new" ]] && mv "$OUTDIR/registrar-commits.new" "$OUTDIR/registrar-commits.txt"
  done &
  scraper=$!
fi
wait $server
