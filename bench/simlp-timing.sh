#!/usr/bin/env bash
# Whole-process timings of `ruleforge simlp` (Release build) on the genRTEC files in ../shared.
# Usage: bench/simlp-timing.sh [runs]   — prints wall, user and sys seconds per run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
R=../shared/data/rtec/genrtec/rules
[ -d "$R" ] || { echo "../shared/data/rtec is absent: nothing to time" >&2; exit 1; }
dotnet build -c Release src/RuleForge.Cli -v q -nologo >/dev/null
CLI=src/RuleForge.Cli/bin/Release/net10.0/ruleforge
PAIRS=$(mktemp)
trap 'rm -f "$PAIRS"' EXIT
find "$R/llms" -path '*syntactic_similarity*' -name '*.prolog' | sort | while read -r f; do
  echo "$f $R/ground_truth/syntactic_similarity/$(basename "$f")"
done > "$PAIRS"
time_it() { # label, command…
  local label=$1; shift
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys" "$@" >/dev/null 2>/tmp/simlp-time.$$ || true
    tail -1 /tmp/simlp-time.$$
  done
}
time_it "msa pair (text)" "$CLI" simlp "$R/llms/gpt/exp1/syntactic_similarity/msa.prolog" "$R/ground_truth/syntactic_similarity/msa.prolog"
time_it "msa pair (--json)" "$CLI" simlp "$R/llms/gpt/exp1/syntactic_similarity/msa.prolog" "$R/ground_truth/syntactic_similarity/msa.prolog" --json
time_it "75 genRTEC pairs (--batch)" "$CLI" simlp --batch "$PAIRS"
rm -f /tmp/simlp-time.$$
