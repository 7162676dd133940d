#!/usr/bin/env bash
# Does the server behave as Public/openapi.json says?
#
#   1. openapi-spec-validator: the description is valid OpenAPI 3.1;
#   2. a debug server on a fresh database serves that same file at /openapi.json;
#   3. schemathesis, every check, every phase (examples, coverage, fuzzing, stateful), against it.
#
# Installs the two tools with pip into .build/api-conformance/venv (once), builds the debug
# binary, starts it on a free loopback port, and stops it on the way out. Exit status: 0 when
# everything conforms. Settings: scripts/schemathesis.toml (documented statuses a generic check
# cannot foresee) and scripts/schemathesis_hooks.py (EDN bodies, array sizes kept small).
#
# Environment: API_CONFORMANCE_PHASES (default every phase), API_CONFORMANCE_MAX_EXAMPLES (default 25 per operation), API_CONFORMANCE_SEED
# (default 1; "random" for a new one each run), API_CONFORMANCE_WORKERS (default 2),
# REGISTRAR_BIN (a built binary, to skip `swift build`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
export PATH="/opt/swift/usr/bin:$PATH"

work=$root/.build/api-conformance
venv=$work/venv
mkdir -p "$work"

# The versions this was last checked with; newer schemathesis releases add checks.
tools=(schemathesis==4.32.5 openapi-spec-validator==0.9.0)
if ! "$venv/bin/python" -m pip show -q "${tools[@]%%==*}" >/dev/null 2>&1 \
   || [[ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != *4.32.5* ]]; then
  echo "api-conformance: installing ${tools[*]}"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${tools[@]}"
fi

if [[ -z "${REGISTRAR_BIN:-}" ]]; then
  swift build --product registrar
  REGISTRAR_BIN=$(swift build --show-bin-path)/registrar
fi

echo "api-conformance: validating Public/openapi.json"
"$venv/bin/openapi-spec-validator" Public/openapi.json

run=$(mktemp -d "${TMPDIR:-/tmp}/registrar-api-conformance.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$REGISTRAR_BIN" serve --port "$port" --database "$run/registrar.sqlite" --migrations Migrations --public Public \
  >"$run/server.log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$run"
}
trap stop EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/livez" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$run/server.log"; echo "api-conformance: the server did not start" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/openapi.json" | cmp -s - Public/openapi.json \
  || { echo "api-conformance: /openapi.json is not Public/openapi.json" >&2; exit 1; }

seed=${API_CONFORMANCE_SEED:-1}
seed_args=()
[[ "$seed" == random ]] || seed_args=(--seed "$seed")
echo "api-conformance: schemathesis on http://127.0.0.1:$port (${API_CONFORMANCE_MAX_EXAMPLES:-25} examples per operation, seed $seed)"
status=0
# From the run folder: schemathesis keeps its cache in the working directory.
(cd "$run" && SCHEMATHESIS_HOOKS="$root/scripts/schemathesis_hooks.py" "$venv/bin/schemathesis" \
  --config-file "$root/scripts/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
  --checks all --max-examples "${API_CONFORMANCE_MAX_EXAMPLES:-25}" "${seed_args[@]}" \
  --phases "${API_CONFORMANCE_PHASES:-examples,coverage,fuzzing,stateful}" \
  --workers "${API_CONFORMANCE_WORKERS:-2}" --request-timeout 15 --no-color \
  --report junit --report-junit-path "$work/junit.xml") || status=$?

# A request that failed inside the server (500) is logged as "request N"; schemathesis has seen its
# response too. Other errors (a replica's save racing the deletion of its array) are shown, not failed.
if grep -q "registrar error: request" "$run/server.log"; then
  echo "api-conformance: requests failed inside the server:" >&2
  grep "registrar error: request" "$run/server.log" >&2
  status=1
fi
if grep -v "registrar error: request" "$run/server.log" | grep -q "registrar error"; then
  echo "api-conformance: warning: the server logged errors:" >&2
  grep -v "registrar error: request" "$run/server.log" | grep "registrar error" | head -20 >&2
fi
exit "$status"
