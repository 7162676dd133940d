#!/usr/bin/env bash
# HTTP benchmark: wrk -t1 -c32 keep-alive GET and PUT of /arrays/a/registers/3 against a release
# registrar, side by side in the same run with the peer servers of ../shared/bench/peers
# (Hummingbird 2, raw SwiftNIO, nginx). Ratios are against Hummingbird.
#
#   bench/http.sh                    # build what is missing, then 3 interleaved rounds x 5 s
#   ROUNDS=2 SERVERS="hummingbird nio" bench/http.sh
#
# The peers' folder is read-only, so it is copied to $PEERS_DIR (default ~/.cache/registrar-peers)
# and built there once (Hummingbird takes ~6 min cold).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DIR:-$root/../shared}"
peers="${PEERS_DIR:-$HOME/.cache/registrar-peers}"
export PATH="/opt/swift/usr/bin:$PATH"

for tool in wrk curl nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk curl nginx; break; }
done
if [[ ! -d "$peers" ]]; then
  mkdir -p "$(dirname "$peers")"
  cp -r "$shared/bench/peers" "$peers"
  chmod -R u+w "$peers"
fi
for peer in hb-peer:HBPeer nio-peer:NIOPeer; do
  dir=${peer%%:*} bin=${peer##*:}
  [[ -x "$peers/$dir/.build/release/$bin" ]] || (cd "$peers/$dir" && swift build -c release)
done
(cd "$root" && swift build -c release --product registrar)

outdir="${OUTDIR:-$root/bench/results/http-$(date +%Y%m%d-%H%M%S)}"
SERVERS="${SERVERS:-hummingbird nio nginx}" REF="${REF:-hummingbird}" \
CANDIDATE_CMD="$root/bench/serve-for-peers.sh 18090" CANDIDATE_PORT=18090 CANDIDATE_NAME=registrar \
OUTDIR="$outdir" \
  "$peers/run.sh"
# What the disk cost: serve-for-peers.sh scrapes the run's commit figures each second.
for _ in $(seq 1 30); do [[ -s "$outdir/registrar-commits.txt" ]] && break; sleep 0.2; done
cat "$outdir/registrar-commits.txt" 2>/dev/null || true
