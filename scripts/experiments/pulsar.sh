#!/usr/bin/env bash
# Issue 5's pulsar bar in a release build: Priors/pulsar.prior on the built-in pulsar scene
# with the recipe of docs/method.md ("The pulsar in session 6"): a 25-frame window, the
# posterior standard deviations held at 0.1, the KL terms alone for the first 12 epochs, the
# latent aligned when the reconstruction joins, and window cuts from epoch CUTS on. Prints the
# alignment, the per-epoch R^2 columns and `vidlat eval` of the best checkpoint (scene.sh),
# then `vidlat eval` of the latest one.
# Usage: scripts/experiments/pulsar.sh [EPOCHS] [OUT] [CUTS] [train flags...]
#   (defaults: 40, /tmp/vidlat-pulsar, 25), e.g. scripts/experiments/pulsar.sh 40 /tmp/p1 25 --seed 1
set -euo pipefail
cd "$(dirname "$0")/../.."
EPOCHS="${1:-40}"
OUT="${2:-/tmp/vidlat-pulsar}"
CUTS="${3:-25}"
shift $(($# < 3 ? $# : 3))
scripts/experiments/scene.sh pulsar "$EPOCHS" "$OUT" --window 25 --variance-warmup 100 \
  --beta-t 100 --beta-m 100 --param-warmup 100 --dynamics-first 12 --window-cuts-from "$CUTS" "$@"
echo "--- alignment (training.log)"
grep "turned by" "$OUT/training.log" || echo "no alignment logged"
echo "--- latest checkpoint"
.build/release/vidlat eval "$OUT" --checkpoint latest
