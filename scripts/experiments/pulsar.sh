#!/usr/bin/env bash
# Issue 5's pulsar bar in a release build: Priors/pulsar.prior on the built-in pulsar scene
# with the default settings. The prior's (u, v) is a phase plane, so the trainer chooses
# its settings itself and `vidlat train` prints them (docs/method.md, "Phase planes"): a 25-frame window,
# the posterior standard deviations held at 0.1, the KL terms alone for the first 12 epochs,
# the latent aligned when the reconstruction joins and when window cuts begin at epoch 25.
# Prints the alignments, the per-epoch R^2 columns and `vidlat eval` of the best checkpoint
# (scene.sh), then `vidlat eval` of the latest one.
# Usage: scripts/experiments/pulsar.sh [EPOCHS] [OUT] [train flags...]
#   (defaults: 40, /tmp/vidlat-pulsar), e.g. scripts/experiments/pulsar.sh 40 /tmp/p1 --seed 1
set -euo pipefail
cd "$(dirname "$0")/../.."
EPOCHS="${1:-40}"
OUT="${2:-/tmp/vidlat-pulsar}"
shift $(($# < 2 ? $# : 2))
scripts/experiments/scene.sh pulsar "$EPOCHS" "$OUT" "$@"
echo "--- alignment (training.log)"
grep "turned by" "$OUT/training.log" || echo "no alignment logged"
echo "--- latest checkpoint"
.build/release/vidlat eval "$OUT" --checkpoint latest
