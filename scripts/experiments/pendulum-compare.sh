#!/usr/bin/env bash
# The pendulum under three priors (issue 17, docs/experiments/prior-kinds.md): the physics
# prior (Priors/pendulum.prior), a Gaussian process on the angle and an i.i.d. angle
# (scripts/experiments/priors/), trained on the same 50-frame pendulum clips for the same
# epochs, two or three at a time with one BLAS thread each, then `vidlat compare` (horizons
# up to 40 after 10 context frames).
# Usage: scripts/experiments/pendulum-compare.sh [EPOCHS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
EPOCHS="${1:-30}"
OUT="${2:-/tmp/vidlat-pendulum-compare}"
swift build -c release --product vidlat
VIDLAT=.build/release/vidlat
rm -rf "$OUT" && mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
"$VIDLAT" dataset pendulum --frames 50 --out "$OUT/data"
for prior in Priors/pendulum.prior scripts/experiments/priors/pendulum-gp.prior \
  scripts/experiments/priors/pendulum-iid.prior; do
  name=$(basename "$prior" .prior)
  "$VIDLAT" train --prior "$prior" --data "$OUT/data" --frames 50 --out "$OUT/$name" \
    --epochs "$EPOCHS" >"$OUT/$name.txt" 2>&1 &
done
wait
"$VIDLAT" compare "$OUT/pendulum" "$OUT/pendulum-gp" "$OUT/pendulum-iid" --plot "$OUT/compare.svg"
