#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer, runs each for SECONDS (default 60),
# and prints executions and crashes per target. Exits 1 if any target crashed (or failed to run).
#
#   Fuzz/run.sh [SECONDS] [TARGET...]      e.g. Fuzz/run.sh 300 fuzz-http-parser
#   FUZZ_SEED=1 Fuzz/run.sh 60             a fixed random seed, so a short run explores the same way
#   FUZZ_RUNS=10000000 Fuzz/run.sh 7200 fuzz-http-parser
#                                          stop after that many executions (or SECONDS, whichever first)
#
# Seeds come from Fuzz/Seeds/<target> (committed; regenerate with Seeds/make-seeds.py). The corpus
# grown by fuzzing is kept in Fuzz/.corpus/<target>, crash inputs and logs go to
# Fuzz/.artifacts/<target>; both are git-ignored. Reproduce a crash with
#   Fuzz/.build/release/<target> Fuzz/.artifacts/<target>/crash-…
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export PATH="/opt/swift/usr/bin:$PATH"
# Swift's backtracer reads the crashed stack itself, which AddressSanitizer reports as a second error.
export SWIFT_BACKTRACE=enable=no

seconds="${1:-60}"
shift || true
targets=("$@")
(( ${#targets[@]} )) || targets=(fuzz-http-parser fuzz-json fuzz-histories fuzz-multipart)

declare -A dictionary=(
  [fuzz-http-parser]=Dictionaries/http.dict
  [fuzz-json]=Dictionaries/json.dict
  [fuzz-histories]=Dictionaries/histories.dict
  [fuzz-multipart]=Dictionaries/multipart.dict
)
declare -A max_len=(
  [fuzz-http-parser]=8192
  [fuzz-json]=4096
  [fuzz-histories]=8192
  [fuzz-multipart]=4096
)

build_started=$SECONDS
# -parse-as-library: the targets have no top-level code; each defines its own <module>_main.
if ! swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
    | grep -v -e '^\[' -e "Cannot export local symbol '__asan_extra_spill_area'"; then
  :
fi
for target in "${targets[@]}"; do
  if [[ ! -x ".build/release/$target" ]]; then echo "build failed: no .build/release/$target" >&2; exit 1; fi
done
echo "build: $((SECONDS - build_started)) s"

failed=0
summary=()
for target in "${targets[@]}"; do
  corpus=".corpus/$target"
  artifacts=".artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  log="$artifacts/last-run.log"
  before=$(ls "$artifacts" | grep -c -E '^(crash|leak|timeout|oom)-' || true)
  echo "== $target: ${seconds} s"
  # One process: a crash stops the run with its input saved in $artifacts.
  ".build/release/$target" "$corpus" "Seeds/$target" \
    -dict="${dictionary[$target]}" -max_len="${max_len[$target]}" \
    -max_total_time="$seconds" -runs="${FUZZ_RUNS:--1}" -seed="${FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1
  status=$?
  after=$(ls "$artifacts" | grep -c -E '^(crash|leak|timeout|oom)-' || true)
  crashes=$((after - before))
  executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  [[ -n "$executions" ]] || executions=$(grep -o -E '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  [[ -n "$executions" ]] || executions=0
  if (( status != 0 && crashes == 0 )); then crashes=1; fi   # died without saving an input
  if (( crashes > 0 )); then
    failed=1
    grep -m 3 -E 'ERROR: |Fatal error|SUMMARY: ' "$log" | sed 's/^/   /'
    ls -t "$artifacts" | grep -E '^(crash|leak|timeout|oom)-' | head -"$crashes" | sed "s|^|   input: Fuzz/$artifacts/|"
  fi
  line=$(printf '%-18s executions %10s  crashes %d  (exit %d, log Fuzz/%s)' "$target" "$executions" "$crashes" "$status" "$log")
  echo "$line"
  summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
