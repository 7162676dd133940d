#!/usr/bin/env bash
# Replication benchmark: operations per second and latency of each semantics over 3 and 5
# in-process replicas (no added latency), against one replica, in the same run on one server.
#
#   bench/replication.sh                 # 2 interleaved rounds, 16 clients, 6000 operations each
#   ROUNDS=3 CLIENTS=32 OPERATIONS=10000 bench/replication.sh
#
# Each configuration is a fresh array driven by `registrar workload` (distinct values, half writes);
# rounds interleave the configurations so machine noise spreads over all of them. Ratios are
# against one replica in the same round. Target: atomic over 3 replicas >= 0.5x one replica.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"
ROUNDS=${ROUNDS:-2}
CLIENTS=${CLIENTS:-16}
OPERATIONS=${OPERATIONS:-6000}
PORT=${PORT:-18095}
CONFIGS=${CONFIGS:-"1:atomic 3:atomic 3:regular 3:safe 5:atomic 5:regular 5:safe"}

(cd "$root" && swift build -c release --product registrar >/dev/null)
bin="$root/.build/release/registrar"
out="${OUTDIR:-$root/bench/results/replication-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
dir=$(mktemp -d)
"$bin" serve --port "$PORT" --database "$dir/bench.sqlite" --migrations "$root/Migrations" \
  --public "$root/Public" 2>"$out/server.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/livez" && break; sleep 0.1; done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) | $CLIENTS clients x $OPERATIONS operations | rounds $ROUNDS"
printf 'round\treplicas\tsemantics\tops_per_s\tp50_ms\tp99_ms\tverdict\n' > "$out/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    replicas=${config%%:*} semantics=${config##*:}
    array="r$round-$replicas-$semantics"
    log="$out/$array.log"
    "$bin" workload --url "http://127.0.0.1:$PORT" --array "$array" --clients "$CLIENTS" \
      --operations "$OPERATIONS" --create-size 8 --semantics "$semantics" --replicas "$replicas" \
      --seed "$round" >"$log" 2>&1 || true
    ops=$(sed -n 's/^throughput: \([0-9.]*\) ops\/s.*/\1/p' "$log")
    p50=$(sed -n 's/^latency: p50 \([0-9.]*\) ms.*/\1/p' "$log")
    p99=$(sed -n 's/^latency: .*p99 \([0-9.]*\) ms.*/\1/p' "$log")
    verdict=$(sed -n 's/^verdict: \([a-z]*\).*/\1/p' "$log")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$replicas" "$semantics" "${ops:-0}" "${p50:-0}" "${p99:-0}" "${verdict:-?}" >> "$out/results.tsv"
    printf '  r%s  %d replicas  %-8s %9s ops/s  p50 %6s ms  p99 %6s ms  verdict %s\n' \
      "$round" "$replicas" "$semantics" "${ops:-?}" "${p50:-?}" "${p99:-?}" "${verdict:-?}"
  done
done

python3 - "$out/results.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
base = {r["round"]: float(r["ops_per_s"]) for r in rows if r["replicas"] == "1"}
configs = list(dict.fromkeys((r["replicas"], r["semantics"]) for r in rows))
print(f"\n{'replicas':>8} {'semantics':<9} {'ops/s':>9} {'x one replica':>13} {'p50 ms':>7} {'p99 ms':>7}  verdicts")
for replicas, semantics in configs:
    sel = [r for r in rows if (r["replicas"], r["semantics"]) == (replicas, semantics)]
    ops = statistics.median(float(r["ops_per_s"]) for r in sel)
    ratio = statistics.median(float(r["ops_per_s"]) / base[r["round"]] for r in sel if base.get(r["round"]))
    p50 = statistics.median(float(r["p50_ms"]) for r in sel)
    p99 = statistics.median(float(r["p99_ms"]) for r in sel)
    verdicts = ",".join(sorted(set(r["verdict"] for r in sel)))
    print(f"{replicas:>8} {semantics:<9} {ops:>9.0f} {ratio:>13.2f} {p50:>7.2f} {p99:>7.2f}  {verdicts}")
PY
echo "raw: $out/results.tsv"
