#!/usr/bin/env bash
# Checker benchmark: `registrar check` (release build) on generated atomic register histories of
# 1,000 to 1,024,000 operations (doublings), on generated cas-register histories, and on every
# Knossos cas-register history in ../shared/data/knossos. For each run: parse time and check time
# (as the command reports them), wall time and peak RSS (/usr/bin/time -v). A table at the end.
#
#   bench/checker.sh                                  # everything, 3 runs per generated history
#   SIZES="1000 2000 4000" REPEAT=1 KNOSSOS=0 bench/checker.sh
#
# Environment: SIZES, PROCESSES (32), SEED (1), REPEAT (3: the median is reported), CAS_SIZES,
# KNOSSOS (1), EXTRAS (1: 8 and 64 processes, EDN and --level variants at the largest size),
# OUTDIR (bench/results/checker-DATE). Generated histories are cached in bench/results/histories.
#
# Targets: the largest history checked (all three levels) in < 1 s after parsing and < 3 s wall,
# peak RSS < 1 GiB, check time growing <= 2.3x per doubling; every Knossos history decided in < 1 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DIR:-$root/../shared}"
export PATH="/opt/swift/usr/bin:$PATH"

SIZES="${SIZES:-1000 2000 4000 8000 16000 32000 64000 128000 256000 512000 1024000}"
PROCESSES="${PROCESSES:-32}"
SEED="${SEED:-1}"
REPEAT="${REPEAT:-3}"
CAS_SIZES="${CAS_SIZES:-1000 2000 4000 8000}"
KNOSSOS="${KNOSSOS:-1}"
EXTRAS="${EXTRAS:-1}"
outdir="${OUTDIR:-$root/bench/results/checker-$(date +%Y%m%d-%H%M%S)}"
cache="$root/bench/results/histories"
mkdir -p "$outdir/runs" "$cache"
raw="$outdir/runs.tsv"

if [[ ! -x /usr/bin/time ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
fi

echo "== build (release)"
(cd "$root" && swift build -c release --product registrar 2>&1 | tail -1)
bin="$(cd "$root" && swift build -c release --product registrar --show-bin-path)/registrar"

{
  echo "date: $(date -Is)"
  echo "commit: $(cd "$root" && git rev-parse HEAD)$(cd "$root" && git diff --quiet HEAD -- Sources || echo ' (Sources modified)')"
  echo "host: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: SIZES=\"$SIZES\" PROCESSES=$PROCESSES SEED=$SEED REPEAT=$REPEAT CAS_SIZES=\"$CAS_SIZES\""
} | tee "$outdir/environment.txt"

# generate NAME ARGS...: a cached history file; prints its path.
generate() {
  local name="$1"; shift
  local ext=json
  [[ " $* " == *" --format edn "* ]] && ext=edn
  local file="$cache/$name.$ext"
  if [[ ! -s "$file" ]]; then
    python3 "$root/bench/generate-history.py" "$@" > "$file.tmp" && mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# measure GROUP NAME FILE [check options...]: one timed run; appends a row to runs.tsv and prints it.
measure() {
  local group="$1" name="$2" file="$3"; shift 3
  local run="$outdir/runs/${name//\//_}.$RANDOM"
  local rc=0 started ended
  started=$(date +%s%N)
  /usr/bin/time -v -o "$run.time" "$bin" check "$@" "$file" > "$run.out" 2> "$run.err" || rc=$?
  ended=$(date +%s%N)
  python3 - "$group" "$name" "$file" "$rc" "$run" "$raw" "$(( (ended - started) / 1000 ))" <<'EOF'
import re, sys
group, name, path, rc, run, raw, wall_us = sys.argv[1:]
out = open(run + ".out", errors="replace").read()
timing = open(run + ".time", errors="replace").read()
def millis(number, unit):
    return float(number) * {"µs": 1e-3, "ms": 1.0, "s": 1e3}[unit]
m = re.search(r": (\w+) \((\d+) operations, (\d+) registers?; parsed in ([\d.]+) (µs|ms|s), "
              r"checked in ([\d.]+) (µs|ms|s)\)", out)
verdict, ops, registers, parse, check = ("error", "0", "0", float("nan"), float("nan"))
if m:
    verdict, ops, registers = m.group(1), m.group(2), m.group(3)
    parse, check = millis(m.group(4), m.group(5)), millis(m.group(6), m.group(7))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
wall_ms = int(wall_us) / 1000   # measured around /usr/bin/time (its own "Elapsed" has 10 ms steps)
cpu = sum(float(re.search(label + r": ([\d.]+)", timing).group(1))
          for label in ("User time \(seconds\)", "System time \(seconds\)")) * 1000
load = open("/proc/loadavg").read().split()[0]
size = 0
try:
    import os; size = os.path.getsize(path)
except OSError:
    pass
row = [group, name, path, rc, verdict, ops, registers, "%.3f" % parse, "%.3f" % check,
       "%.1f" % wall_ms, "%.1f" % cpu, str(rss), str(size), load]
with open(raw, "a") as f:
    f.write("\t".join(map(str, row)) + "\n")
print("  %-34s %-8s rc=%s ops=%-8s parse %9.1f ms  check %9.1f ms  wall %8.1f ms  rss %7.1f MiB  load %s"
      % (name, verdict, rc, ops, parse, check, wall_ms, rss / 1024, load))
if verdict == "error":
    print("    output: " + (out + open(run + ".err", errors="replace").read()).strip()[:300])
EOF
}

printf "group\tname\tfile\trc\tverdict\toperations\tregisters\tparse_ms\tcheck_ms\twall_ms\tcpu_ms\tmax_rss_kb\tbytes\tload1\n" > "$raw"

echo "== register histories (native JSON, $PROCESSES processes, distinct values, seed $SEED, $REPEAT runs each)"
largest=""
for n in $SIZES; do
  file="$(generate "register-n$n-p$PROCESSES-s$SEED" --ops "$n" --processes "$PROCESSES" --seed "$SEED")"
  largest="$file"
  for _ in $(seq "$REPEAT"); do measure register "n$n" "$file"; done
done

if [[ "$EXTRAS" == 1 && -n "$largest" ]]; then
  n="${SIZES##* }"
  echo "== variants at $n operations"
  for p in 8 64; do
    file="$(generate "register-n$n-p$p-s$SEED" --ops "$n" --processes "$p" --seed "$SEED")"
    for _ in $(seq "$REPEAT"); do measure variant "n$n-p$p" "$file"; done
  done
  file="$(generate "register-n$n-p$PROCESSES-s$SEED-r16" --ops "$n" --processes "$PROCESSES" --seed "$SEED" --registers 16)"
  for _ in $(seq "$REPEAT"); do measure variant "n$n-16registers" "$file"; done
  # All three levels are decided in every check; --level only selects the exit status.
  for level in safe regular; do measure variant "n$n-level-$level" "$largest" --level "$level"; done
  file="$(generate "register-n$n-p$PROCESSES-s$SEED" --ops "$n" --processes "$PROCESSES" --seed "$SEED" --format edn)"
  for _ in $(seq "$REPEAT"); do measure variant "n$n-edn" "$file"; done
fi

echo "== cas-register histories (8 processes, 5 values, native JSON and EDN)"
for n in $CAS_SIZES; do
  file="$(generate "cas-n$n-p8-s$SEED" --model cas-register --ops "$n" --processes 8 --seed "$SEED")"
  measure cas "cas-n$n" "$file"
  file="$(generate "cas-n$n-p8-s$SEED" --model cas-register --ops "$n" --processes 8 --seed "$SEED" --format edn)"
  measure cas "cas-n$n-edn" "$file" --initial 0
done

if [[ "$KNOSSOS" == 1 ]]; then
  echo "== Knossos cas-register histories (one run each)"
  for kind in good bad; do
    for file in "$shared"/data/knossos/cas-register/$kind/*.edn; do
      measure "knossos-$kind" "$kind/$(basename "$file" .edn)" "$file" > /dev/null
    done
  done
  grep -c "^knossos" "$raw" | sed 's/^/  histories checked: /'
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$outdir/environment.txt"

python3 - "$raw" <<'EOF' | tee "$outdir/summary.txt"
import csv, math, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for r in rows:
    for k in ("parse_ms", "check_ms", "wall_ms", "cpu_ms"):
        r[k] = float(r[k])
    r["rss"] = int(r["max_rss_kb"]) / 1024
def med(rs, k):
    return statistics.median(r[k] for r in rs)
def groups(g):
    out = {}
    for r in rows:
        if r["group"] == g:
            out.setdefault(r["name"], []).append(r)
    return out
def ok(b):
    return "ok" if b else "MISSED"

print()
print("Register histories (native JSON, median of runs; growth = check time / previous size's check time)")
print("%-10s %7s %8s %10s %10s %10s %10s %9s %7s  %s" % ("ops", "MB", "verdict", "parse ms", "check ms", "wall ms", "CPU ms", "RSS MiB", "growth", "load"))
reg = groups("register")
prev = None
series = []
for name, rs in reg.items():
    n = int(rs[0]["operations"])
    check = med(rs, "check_ms")
    growth = "" if prev is None or prev <= 0 else "%.2fx" % (check / prev)
    verdicts = sorted(set(r["verdict"] for r in rs))
    print("%-10d %7.1f %8s %10.1f %10.1f %10.1f %10.1f %9.1f %7s  %s" % (
        n, int(rs[0]["bytes"]) / 1e6, "/".join(verdicts), med(rs, "parse_ms"), check, med(rs, "wall_ms"),
        med(rs, "cpu_ms"), max(r["rss"] for r in rs), growth, ",".join(r["load1"] for r in rs)))
    series.append((n, check, med(rs, "wall_ms"), max(r["rss"] for r in rs), verdicts))
    prev = check
var = groups("variant")
if var:
    print()
    print("Variants at the largest size")
    print("%-26s %7s %8s %10s %10s %10s %10s %9s  %s" % ("name", "MB", "verdict", "parse ms", "check ms", "wall ms", "CPU ms", "RSS MiB", "load"))
    for name, rs in var.items():
        print("%-26s %7.1f %8s %10.1f %10.1f %10.1f %10.1f %9.1f  %s" % (
            name, int(rs[0]["bytes"]) / 1e6, "/".join(sorted(set(r["verdict"] for r in rs))), med(rs, "parse_ms"),
            med(rs, "check_ms"), med(rs, "wall_ms"), med(rs, "cpu_ms"), max(r["rss"] for r in rs),
            ",".join(r["load1"] for r in rs)))
cas = groups("cas")
if cas:
    print()
    print("cas-register histories (one run each)")
    print("%-26s %7s %8s %10s %10s %10s %10s %9s" % ("name", "MB", "verdict", "parse ms", "check ms", "wall ms", "CPU ms", "RSS MiB"))
    for name, rs in cas.items():
        r = rs[0]
        print("%-26s %7.2f %8s %10.1f %10.1f %10.1f %10.1f %9.1f" % (
            name, int(r["bytes"]) / 1e6, r["verdict"], r["parse_ms"], r["check_ms"], r["wall_ms"], r["cpu_ms"], r["rss"]))
kn = [r for r in rows if r["group"].startswith("knossos")]
if kn:
    print()
    print("Knossos cas-register histories (one run each)")
    for g in ("knossos-good", "knossos-bad"):
        rs = [r for r in kn if r["group"] == g]
        if not rs:
            continue
        verdicts = {}
        for r in rs:
            verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
        slow = max(rs, key=lambda r: r["check_ms"])
        slow_wall = max(rs, key=lambda r: r["wall_ms"])
        print("  %-5s %3d files  verdicts %-28s max check %.1f ms (%s, %s ops)  max wall %.1f ms (%s)  max RSS %.1f MiB  over 1 s: %d" % (
            g[8:], len(rs), " ".join("%s=%d" % kv for kv in sorted(verdicts.items())), slow["check_ms"], slow["name"],
            slow["operations"], slow_wall["wall_ms"], slow_wall["name"], max(r["rss"] for r in rs),
            sum(1 for r in rs if r["check_ms"] + r["parse_ms"] > 1000)))
    wrong = [r for r in kn if (r["group"] == "knossos-good") != (r["verdict"] == "atomic")]
    for r in wrong:
        print("  unexpected verdict: %s is %s (rc %s)" % (r["name"], r["verdict"], r["rc"]))

print()
print("Targets")
if series:
    n, check, wall, rss, verdicts = series[-1]
    print("  %d ops checked (all levels) in %.1f ms after parsing (< 1000): %s" % (n, check, ok(check < 1000)))
    print("  %d ops end to end in %.1f ms (< 3000): %s" % (n, wall, ok(wall < 3000)))
    print("  peak RSS %.1f MiB (< 1024): %s" % (rss, ok(rss < 1024)))
    big = [s for s in series if s[0] >= 32000 and s[1] > 0]
    if len(big) >= 2:
        steps = math.log2(big[-1][0] / big[0][0])
        mean = (big[-1][1] / big[0][1]) ** (1 / steps)
        worst = max(b[1] / a[1] for a, b in zip(big, big[1:]))
        print("  check-time growth per doubling from %d to %d ops: mean %.2fx, worst step %.2fx (<= 2.3): %s" % (
            big[0][0], big[-1][0], mean, worst, ok(worst <= 2.3)))
        cpu = {int(rs[0]["operations"]): med(rs, "cpu_ms") for rs in reg.values()}
        if cpu.get(big[0][0], 0) > 0:
            print("  (process CPU time, parse + check, less sensitive to load: mean %.2fx per doubling over the same range)" % (
                (cpu[big[-1][0]] / cpu[big[0][0]]) ** (1 / steps)))
    bad = [s for s in series if s[4] != ["atomic"]]
    print("  every generated register history atomic: %s" % ok(not bad))
if kn:
    undecided = [r for r in kn if r["verdict"] in ("unknown", "error")]
    slow = [r for r in kn if r["check_ms"] + r["parse_ms"] > 1000]
    print("  Knossos: none unknown (%d unknown): %s; each under 1 s (%d over): %s" % (
        len(undecided), ok(not undecided), len(slow), ok(not slow)))
EOF
echo "raw results: $outdir"
