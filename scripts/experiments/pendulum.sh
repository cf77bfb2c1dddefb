#!/usr/bin/env bash
# Pendulum quality experiment (issue 5's bars), in a release build:
#   1. train on the built-in pendulum scene with the default settings;
#   2. report the first epoch whose validation R^2 (no fit) of the angle reaches 0.97 and
#      the training seconds it took (metrics.csv), and the final scores (vidlat eval);
#   3. intervene: add drag c=0.8 and compare the counterfactual with the true rendering
#      of the damped pendulum (PSNR over 40 frames).
# The learnable-k bar is scripts/experiments/learn-k.sh; the other scenes, scene.sh.
# Usage: scripts/experiments/pendulum.sh [EPOCHS] [OUT]     (defaults: 40, /tmp/vidlat-pendulum)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
EPOCHS="${1:-40}"
OUT="${2:-/tmp/vidlat-pendulum}"
swift build -c release --product vidlat
VIDLAT=.build/release/vidlat
rm -rf "$OUT" && mkdir -p "$OUT"

"$VIDLAT" train --prior Priors/pendulum.prior --out "$OUT/run" --epochs "$EPOCHS"
echo "--- first epoch with R^2(x) >= 0.97 (epoch, seconds, r2_x):"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  $col["r2_x"] >= 0.97 { print $col["epoch"], $col["seconds"], $col["r2_x"]; found = 1; exit }
  END { if (!found) print "not reached" }' "$OUT/run/metrics.csv"
"$VIDLAT" eval "$OUT/run"
"$VIDLAT" intervene "$OUT/run" --set c=0.8 --out "$OUT/damped.gif"

