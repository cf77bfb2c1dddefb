#!/usr/bin/env bash
# Behaviour check for refactors of the training path: trains the pendulum and the pulsar with
# the default settings on seeds 0 and 1 with two vidlat binaries, and compares every
# metrics.csv column but `seconds`, training.log and config.json.
# Usage: scripts/experiments/same-metrics.sh BEFORE_BIN AFTER_BIN [OUT]   (OUT: /tmp/vidlat-same)
# e.g. build the older revision in a worktree:
#   git worktree add /tmp/old REV && (cd /tmp/old && swift build -c release)
#   scripts/experiments/same-metrics.sh /tmp/old/.build/release/vidlat .build/release/vidlat
# Runs two trainings at a time with one BLAS thread each (about 35 min per binary on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE="${1:?usage: same-metrics.sh BEFORE_BIN AFTER_BIN [OUT]}"
AFTER="${2:?usage: same-metrics.sh BEFORE_BIN AFTER_BIN [OUT]}"
OUT="${3:-/tmp/vidlat-same}"
export OPENBLAS_NUM_THREADS=1
rm -rf "$OUT" && mkdir -p "$OUT"
for side in before after; do
  bin=$BEFORE; [ "$side" = after ] && bin=$AFTER
  mkdir -p "$OUT/$side"
  for seed in 0 1; do
    (for prior in pendulum pulsar; do
      "$bin" train --prior "Priors/$prior.prior" --out "$OUT/$side/$prior-$seed" --seed "$seed" \
        >"$OUT/$side/$prior-$seed.txt" 2>&1 || echo "failed: $side $prior $seed"
    done) &
  done
  wait
done
status=0
for run in pendulum-0 pendulum-1 pulsar-0 pulsar-1; do
  a=$(cut -d, -f1,3- "$OUT/before/$run/metrics.csv")
  b=$(cut -d, -f1,3- "$OUT/after/$run/metrics.csv")
  log=same
  [ -e "$OUT/before/$run/training.log" ] || [ -e "$OUT/after/$run/training.log" ] || log=absent
  [ "$log" = absent ] || cmp -s "$OUT/before/$run/training.log" "$OUT/after/$run/training.log" \
    || log=different
  if [ "$a" = "$b" ]; then
    echo "$run: metrics.csv identical but for seconds ($(wc -l <"$OUT/after/$run/metrics.csv") lines); training.log $log"
  else
    echo "$run: metrics.csv DIFFERS"; status=1
  fi
done
exit $status
