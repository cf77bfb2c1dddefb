#!/usr/bin/env bash
# Quality experiment for one built-in scene (issue 5's bars), in a release build: trains
# Priors/SCENE.prior on the built-in scene with the default settings (plus any extra
# `vidlat train` flags), prints every epoch's learned parameters and R^2 columns from
# metrics.csv, then `vidlat eval` of the best checkpoint.
# Usage: scripts/experiments/scene.sh SCENE [EPOCHS] [OUT] [train flags...]
#   e.g. scripts/experiments/scene.sh spring 40   (EPOCHS defaults to train's 40)
#        scripts/experiments/scene.sh falling 40 /tmp/vidlat-falling-1 --seed 1
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
SCENE="${1:?usage: scene.sh SCENE [EPOCHS] [OUT] [train flags...]}"
EPOCHS="${2:-40}"
OUT="${3:-/tmp/vidlat-$SCENE}"
shift $(($# < 3 ? $# : 3))
swift build -c release --product vidlat
VIDLAT=.build/release/vidlat
rm -rf "$OUT"

"$VIDLAT" train --prior "Priors/$SCENE.prior" --out "$OUT" --epochs "$EPOCHS" "$@"
echo "--- per epoch: epoch, seconds, learned parameters, R^2 (no fit, affine) from metrics.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (i <= 2 || seen) keep[++n] = i;
    else if ($i == "rejected_steps") seen = 1 }
  { for (j = 1; j <= n; j++) printf "%-14.12s", $keep[j]; printf "\n" }' "$OUT/metrics.csv"
"$VIDLAT" eval "$OUT"
