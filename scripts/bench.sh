#!/usr/bin/env bash
# Benchmark: scan ../shared/bench/k8s (818 files, 20 MB of manifests from public projects) with a
# release build, report wall time (hyperfine, several runs) and peak memory (GNU time), and, when
# a peer is installed, measure it on the same input in the same run.
#
#   scripts/bench.sh                 # Rampart alone
#   CHECKOV=/path/to/checkov scripts/bench.sh   # and Checkov, side by side (takes minutes)
#   CORPUS=../shared/bench/terraform FRAMEWORK=terraform CHECKOV=... scripts/bench.sh
#
# Needs hyperfine and GNU time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${CORPUS:-../shared/bench/k8s}"
framework="${FRAMEWORK:-kubernetes}"   # Checkov's --framework for the corpus
[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS=...)"; exit 2; }

cargo build --release --quiet -p rampart
bin=target/release/rampart
files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.tf' \) | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
echo "corpus: $corpus ($files files, $bytes bytes), $(nproc) cores"

echo "== rampart: wall time"
hyperfine --warmup 2 --runs 10 -i --style basic \
  "$bin scan $corpus --format json --output /dev/null --no-progress"

echo "== rampart: peak memory"
/usr/bin/time -f "rampart: %e s wall, %M KiB peak RSS" \
  "$bin" scan "$corpus" --format json --output /dev/null --no-progress || true

if [ -n "${CHECKOV:-}" ]; then
  echo "== checkov (same input, one run)"
  timing=$(mktemp)
  /usr/bin/time -o "$timing" -f "checkov: %e s wall, %M KiB peak RSS" \
    "$CHECKOV" -d "$corpus" --framework "$framework" --quiet --compact -o json > /dev/null 2>&1 || true
  cat "$timing"
fi
