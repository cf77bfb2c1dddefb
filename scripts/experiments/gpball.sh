#!/usr/bin/env bash
# The GP-VAE demo (issue 17, docs/experiments/prior-kinds.md): renders the gpball scene
# (a radius-3 ball on smooth random 2-D paths, 32 x 32, 30 frames), trains the
# Gaussian-process prior (Priors/gpball.prior) and the i.i.d. prior (Priors/iid.prior) on the
# same clips with the same settings, and compares them (`vidlat compare`: Procrustes R^2 of
# the latent path, prediction PSNR/SSIM), in a release build. Extra train flags apply to both.
# Usage: scripts/experiments/gpball.sh [EPOCHS] [OUT] [train flags...]
#   e.g. scripts/experiments/gpball.sh 30 /tmp/gpball-b1 --beta-t 1
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
EPOCHS="${1:-30}"
OUT="${2:-/tmp/vidlat-gpball}"
shift $(($# < 2 ? $# : 2))
swift build -c release --product vidlat
VIDLAT=.build/release/vidlat
rm -rf "$OUT" && mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS=1
"$VIDLAT" dataset gpball --out "$OUT/data"
for prior in gpball iid; do
  "$VIDLAT" train --prior "Priors/$prior.prior" --data "$OUT/data" --frames 30 \
    --out "$OUT/$prior" --epochs "$EPOCHS" "$@" >"$OUT/$prior.txt" 2>&1 &
done
wait
"$VIDLAT" compare "$OUT/gpball" "$OUT/iid" --plot "$OUT/compare.svg"
