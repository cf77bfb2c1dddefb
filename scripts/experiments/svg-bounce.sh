#!/usr/bin/env bash
# Issue 18, first bar: SVG-LP against SVG-FP and a deterministic predictor (z = 0) on the
# stochastic bounce scene (64 x 64; 5 context and 10 future frames in training, 20 future
# frames in evaluation; best of 100 samples per test sequence by SSIM, SVG's protocol).
# Renders a training and a separate test dataset with `vidlat dataset bounce`, trains the
# three runs, then predicts --samples on the test sequences and prints, for each, the mean
# best-of-N SSIM (and PSNR) over the 20 predicted frames. Tables, plots (.svg) and GIFs are
# in OUT.
#
# Usage: scripts/experiments/svg-bounce.sh [OUT]   (OUT: /tmp/vidlat-svg-bounce)
# Scale, by environment variable (defaults: the paper's, far beyond a 2-core machine at
# ~10 s per 64 x 64 step of 16 sequences):
#   SIZE=64 SEQUENCES=1000 TEST=100 EPOCHS=50 BATCH=16 SAMPLES=100 HORIZON=20
#   FILTERS=64 G=128 Z=10 HIDDEN=256
#   VIDLAT=path/to/vidlat   (default: a release build, made here)
# A tiny end-to-end check (a few minutes on a debug build):
#   SIZE=32 SEQUENCES=24 TEST=4 EPOCHS=1 SAMPLES=5 FILTERS=8 G=32 HIDDEN=32 \
#     VIDLAT=.build/debug/vidlat scripts/experiments/svg-bounce.sh /tmp/svg-tiny
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:-/tmp/vidlat-svg-bounce}"
SIZE="${SIZE:-64}" SEQUENCES="${SEQUENCES:-1000}" TEST="${TEST:-100}" EPOCHS="${EPOCHS:-50}"
BATCH="${BATCH:-16}" SAMPLES="${SAMPLES:-100}" HORIZON="${HORIZON:-20}"
FILTERS="${FILTERS:-64}" G="${G:-128}" Z="${Z:-10}" HIDDEN="${HIDDEN:-256}"
if [ -z "${VIDLAT:-}" ]; then
  swift build -c release >/dev/null
  VIDLAT=.build/release/vidlat
fi
V="$VIDLAT"
mkdir -p "$OUT"
# Sequences of 5 + HORIZON frames: training cuts windows of 5 + 10 from them, prediction
# looks HORIZON frames past the 5 of context.
FRAMES=$((5 + HORIZON))
[ -d "$OUT/train-data" ] || $V dataset bounce --sequences "$SEQUENCES" --frames "$FRAMES" \
  --size 64 --seed 1 --out "$OUT/train-data" >/dev/null
[ -d "$OUT/test-data" ] || $V dataset bounce --sequences "$TEST" --frames "$FRAMES" \
  --size 64 --seed 2 --out "$OUT/test-data" >/dev/null
for model in svg-lp svg-fp svg-deterministic; do
  z=(--z "$Z")
  [ "$model" = svg-deterministic ] && z=()
  if [ ! -f "$OUT/runs/$model/best.ckpt" ]; then
    rm -rf "$OUT/runs/$model"
    $V train --model "$model" --data "$OUT/train-data" --out "$OUT/runs/$model" \
      --size "$SIZE" --context 5 --future 10 --epochs "$EPOCHS" --batch "$BATCH" \
      --filters "$FILTERS" --g "$G" "${z[@]}" --hidden "$HIDDEN" --seed 1 \
      >"$OUT/train-$model.txt" 2>&1 || { echo "training failed: $model (see $OUT/train-$model.txt)"; exit 1; }
  fi
  $V predict "$OUT/runs/$model" --data "$OUT/test-data" --context 5 --horizon "$HORIZON" \
    --samples "$SAMPLES" --out "$OUT/$model.gif" --plot "$OUT/$model.svg" \
    >"$OUT/predict-$model.txt" 2>&1 || { echo "predict failed: $model (see $OUT/predict-$model.txt)"; exit 1; }
done
echo "best of $SAMPLES by SSIM, $TEST test sequences, 5 context frames, $HORIZON predicted, ${SIZE}x${SIZE}:"
for model in svg-lp svg-fp svg-deterministic; do
  printf '%-18s %s  (%s epochs)\n' "$model" \
    "$(grep '^mean over' "$OUT/predict-$model.txt" | sed 's/^mean over [0-9]* predicted frames: //')" \
    "$(tail -1 "$OUT/runs/$model/metrics.csv" | cut -d, -f1)"
done
