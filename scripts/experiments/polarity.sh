#!/usr/bin/env bash
# Polarity: the flat pendulum as rendered (white on black) and the same sequences dark on
# light, both read as clips through --data, trained with the settings chosen from the data
# (the Bernoulli, no background; the light-ground clips seen inverted). Prints each run's
# last metrics row: the angle's R^2 (no fit, affine) should agree.
# See docs/experiments/camera-footage.md, "Polarity".
# Usage: scripts/experiments/polarity.sh [OUT] [EPOCHS]   (OUT: /tmp/vidlat-polarity, EPOCHS: 40)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:-/tmp/vidlat-polarity}"
EPOCHS="${2:-40}"
V=.build/release/vidlat
swift build -c release >/dev/null
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
[ -d "$OUT/light-on-dark" ] || $V dataset pendulum --out "$OUT/light-on-dark"
[ -d "$OUT/dark-on-light" ] || $V dataset pendulum --style flat-inverted --out "$OUT/dark-on-light"
for data in light-on-dark dark-on-light; do
  rm -rf "$OUT/runs/$data"
  ($V train --prior Priors/pendulum.prior --data "$OUT/$data" --epochs "$EPOCHS" \
    --out "$OUT/runs/$data" >"$OUT/$data.txt" 2>&1 || echo "failed: $data") &
done
wait
for data in light-on-dark dark-on-light; do
  echo "$data: $(grep -- '--polarity' "$OUT/$data.txt")"
  echo "$data: $(tail -1 "$OUT/$data.txt")"
done
