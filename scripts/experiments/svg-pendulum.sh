#!/usr/bin/env bash
# Issue 18's second bar: SVG-LP against the physics prior on the built-in pendulum, same
# frames, same training time. Trains the physics prior (Priors/pendulum.prior) for EPOCHS
# epochs, then SVG-LP at 32 x 32 for the same wall-clock time: the SVG trainer has no time
# limit, so one epoch is timed and the run resumed to round(physics seconds / SVG seconds per
# epoch) epochs (both times are printed). Both train on the same 50-frame sequences, one
# after the other with the same BLAS threads; both are scored on held-out sequences (another
# seed) with `vidlat compare`: PSNR and SSIM at horizons 1..40 after 10 context frames, the
# best of SAMPLES futures sampled per sequence for both (the physics prior samples from its
# posterior and process noise), and again without sampling (the physics prior's mean
# prediction, SVG's one sample); latent R^2 of the physics run against the truth.
# Usage: scripts/experiments/svg-pendulum.sh [EPOCHS] [OUT] [SAMPLES] [SEQUENCES] [TEST]
#   EPOCHS 30, OUT /tmp/vidlat-svg-pendulum, SAMPLES 20, SEQUENCES 256 (training), TEST 32.
#   VIDLAT=path/to/vidlat uses that binary instead of building the release one;
#   THREADS (2) sets OPENBLAS_NUM_THREADS for both runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
EPOCHS="${1:-30}"
OUT="${2:-/tmp/vidlat-svg-pendulum}"
SAMPLES="${3:-20}"
SEQUENCES="${4:-256}"
TEST="${5:-32}"
FRAMES=50 # 10 context frames + the 40-frame horizon
if [ -z "${VIDLAT:-}" ]; then
  swift build -c release --product vidlat
  VIDLAT=.build/release/vidlat
fi
export OPENBLAS_NUM_THREADS="${THREADS:-2}"
rm -rf "$OUT" && mkdir -p "$OUT"
"$VIDLAT" dataset pendulum --frames "$FRAMES" --sequences "$SEQUENCES" --seed 0 \
  --out "$OUT/data" >/dev/null
"$VIDLAT" dataset pendulum --frames "$FRAMES" --sequences "$TEST" --seed 1 \
  --out "$OUT/test" >/dev/null

# The last row's seconds column of a run's metrics.csv.
seconds() { tail -n 1 "$1/metrics.csv" | cut -d, -f2; }

"$VIDLAT" train --prior Priors/pendulum.prior --data "$OUT/data" --frames "$FRAMES" \
  --out "$OUT/physics" --epochs "$EPOCHS" >"$OUT/physics.txt" 2>&1
PHYSICS_SECONDS=$(seconds "$OUT/physics")

"$VIDLAT" train --model svg-lp --data "$OUT/data" --size 32 --out "$OUT/svg-lp" --epochs 1 \
  >"$OUT/svg-lp.txt" 2>&1
EPOCH_SECONDS=$(seconds "$OUT/svg-lp")
SVG_EPOCHS=$(awk -v p="$PHYSICS_SECONDS" -v e="$EPOCH_SECONDS" \
  'BEGIN { n = int(p / e + 0.5); print (n < 1 ? 1 : n) }')
if [ "$SVG_EPOCHS" -gt 1 ]; then
  "$VIDLAT" train --resume --out "$OUT/svg-lp" --epochs "$SVG_EPOCHS" >>"$OUT/svg-lp.txt" 2>&1
fi
SVG_SECONDS=$(seconds "$OUT/svg-lp")
{
  echo "physics prior: $EPOCHS epochs, $PHYSICS_SECONDS s"
  echo "SVG-LP: $SVG_EPOCHS epochs ($EPOCH_SECONDS s for the first), $SVG_SECONDS s"
} | tee "$OUT/times.txt"

"$VIDLAT" compare "$OUT/physics" "$OUT/svg-lp" --data "$OUT/test" --samples "$SAMPLES" \
  --plot "$OUT/compare-best-of-$SAMPLES.svg" | tee "$OUT/compare-best-of-$SAMPLES.txt"
"$VIDLAT" compare "$OUT/physics" "$OUT/svg-lp" --data "$OUT/test" \
  --plot "$OUT/compare-mean.svg" | tee "$OUT/compare-mean.txt"
