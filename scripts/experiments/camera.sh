#!/usr/bin/env bash
# Camera footage: trains the pendulum prior on 40 camera-style clips (320 x 240 colour mp4,
# a lit 3-D pendulum over a brick wall and a checkered floor) with the settings vidlat
# chooses from the data (--crop auto; RGB, the calibrated Gaussian and a learned
# background), and with the settings of the flat scenes (gray, Bernoulli, no background,
# the whole frame), as a new user got before; also the flat pendulum composited onto a
# coloured texture (scripts/experiments/texturize.py, needs numpy) under each likelihood.
# Prints each run's last metrics row. See docs/experiments/camera-footage.md.
# Usage: scripts/experiments/camera.sh [OUT] [EPOCHS]   (OUT: /tmp/vidlat-camera, EPOCHS: 40)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:-/tmp/vidlat-camera}"
EPOCHS="${2:-40}"
V=.build/release/vidlat
swift build -c release >/dev/null
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
[ -d "$OUT/camera" ] || $V dataset pendulum --style camera --sequences 40 --frames 120 --out "$OUT/camera"
[ -d "$OUT/camera-spring" ] || $V dataset spring --style camera --sequences 40 --frames 120 --out "$OUT/camera-spring"
[ -d "$OUT/camera-falling" ] || $V dataset falling --style camera --sequences 40 --frames 120 --out "$OUT/camera-falling"
[ -d "$OUT/flat64" ] || $V dataset pendulum --sequences 48 --frames 120 --size 64 --seed 3 --out "$OUT/flat64"
[ -d "$OUT/textured" ] || python3 scripts/experiments/texturize.py "$OUT/flat64" "$OUT/textured"
$V preview --data "$OUT/camera" --crop auto --out "$OUT/camera-preview.png"
train() {  # name data epochs flags...   (PRIOR: Priors/pendulum.prior unless set)
  local name=$1 data=$2 epochs=$3; shift 3
  rm -rf "$OUT/runs/$name"
  $V train --prior "${PRIOR:-Priors/pendulum.prior}" --data "$data" --out "$OUT/runs/$name" \
    --epochs "$epochs" "$@" >"$OUT/$name.txt" 2>&1 || echo "failed: $name"
}
(train camera-chosen "$OUT/camera" "$EPOCHS" --crop auto) &
(train camera-flat-settings "$OUT/camera" 12 --colour gray --likelihood bernoulli --background none) &
wait
(train camera-beta100 "$OUT/camera" "$EPOCHS" --crop auto --beta-t 100 --beta-m 10) &
(PRIOR=Priors/spring.prior train camera-spring-beta100 "$OUT/camera-spring" "$EPOCHS" --crop auto --beta-t 100 --beta-m 10) &
wait
# KL_marg weighed as KL_trans (beta_m 100 against 10), on the three camera scenes, and the
# pendulum on a second seed.
(train camera-beta-m100 "$OUT/camera" "$EPOCHS" --crop auto --beta-t 100 --beta-m 100) &
(PRIOR=Priors/spring.prior train camera-spring-beta-m100 "$OUT/camera-spring" "$EPOCHS" --crop auto --beta-t 100 --beta-m 100) &
wait
(PRIOR=Priors/falling.prior train camera-falling-beta100 "$OUT/camera-falling" "$EPOCHS" --crop auto --beta-t 100 --beta-m 10) &
(PRIOR=Priors/falling.prior train camera-falling-beta-m100 "$OUT/camera-falling" "$EPOCHS" --crop auto --beta-t 100 --beta-m 100) &
wait
(train camera-beta-m100-seed1 "$OUT/camera" "$EPOCHS" --crop auto --beta-t 100 --beta-m 100 --seed 1) &
(train textured-chosen "$OUT/textured" 20) &
wait
(train textured-bernoulli-background "$OUT/textured" 20 --likelihood bernoulli) &
(train textured-gray-gaussian "$OUT/textured" 12 --colour gray) &
wait
(train textured-flat-settings "$OUT/textured" 20 --colour gray --likelihood bernoulli --background none) &
wait
for run in camera-chosen camera-flat-settings camera-beta100 camera-spring-beta100 \
  camera-beta-m100 camera-spring-beta-m100 camera-falling-beta100 camera-falling-beta-m100 \
  camera-beta-m100-seed1 textured-chosen textured-bernoulli-background \
  textured-gray-gaussian textured-flat-settings; do
  echo "$run: $(head -1 "$OUT/runs/$run/metrics.csv" | cut -d, -f1,4-6,16-)"
  echo "$run: $(tail -1 "$OUT/runs/$run/metrics.csv" | cut -d, -f1,4-6,16-)"
done
