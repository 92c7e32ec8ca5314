#!/usr/bin/env bash
# Tabular benchmark: RuleForge RIPPER vs Weka JRip (apt-get install weka).
#   bench/tabular-vs-jrip.sh accuracy   # 10-fold CV on the five shared ARFF files, side by side
#   bench/tabular-vs-jrip.sh speed      # one hold-out fold on a generated 1,000,000 x 20 table, CPU seconds
#   bench/tabular-vs-jrip.sh throughput # condition-row checks per second per core
# Machine note: timings are CPU (user+sys) seconds from /usr/bin/time, since the build machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
ARFF=${ARFF:-../shared/data/arff}
WEKA=${WEKA:-/usr/share/java/weka.jar}
mode=${1:-accuracy}
dotnet build bench/RuleForge.Bench.Tabular -c Release -v q -nologo >/dev/null
dotnet build src/RuleForge.Cli -c Release -v q -nologo >/dev/null
BENCH="dotnet bench/RuleForge.Bench.Tabular/bin/Release/net10.0/RuleForge.Bench.Tabular.dll"
RF="dotnet src/RuleForge.Cli/bin/Release/net10.0/ruleforge.dll"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case "$mode" in
accuracy)
  printf "%-14s %9s %6s | %9s %6s | %9s %6s\n" dataset jrip rules ripper rules learn rules
  for f in diabetes credit-g ionosphere vote breast-cancer; do
    java -cp "$WEKA" weka.classifiers.rules.JRip -t "$ARFF/$f.arff" -x 10 -s 1 > "$tmp/j.txt"
    jacc=$(grep -A3 'Stratified cross-validation' "$tmp/j.txt" | awk '/Correctly/ {print $5}')
    jrules=$(awk '/Number of Rules/ {print $5}' "$tmp/j.txt")
    read -r racc rrules < <($BENCH accuracy "$ARFF/$f.arff" | awk 'NR==2 {print $3, $4}')
    $RF --db "$tmp/b.db" learn "$ARFF/$f.arff" --folds 10 --seed 1 --json > "$tmp/l.json"
    lacc=$(python3 -c "import json;print(round(json.load(open('$tmp/l.json'))['accuracy']*100,1))")
    lrules=$(python3 -c "import json;print(json.load(open('$tmp/l.json'))['ruleCount'])")
    printf "%-14s %9s %6s | %9s %6s | %9s %6s\n" "$f" "$jacc" "$jrules" "$racc" "$rrules" "$lacc" "$lrules"
  done
  ;;
speed)
  rows=${ROWS:-1000000}
  $BENCH generate "$rows" "$tmp/big"
  echo "ruleforge learn (hold-out 0.3, 1 iteration):"
  /usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M KB" $RF --db "$tmp/b.db" learn "$tmp/big.csv" --target class --holdout 0.3 --seed 1 --max-iterations 1 --json > "$tmp/l.json"
  python3 -c "import json;d=json.load(open('$tmp/l.json'));print('  accuracy',d['accuracy'],'rules',d['ruleCount'])"
  echo "weka JRip (-split-percentage 70):"
  /usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M KB" java -Xmx8g -cp "$WEKA" weka.classifiers.rules.JRip -t "$tmp/big.arff" -split-percentage 70 -s 1 > "$tmp/j.txt"
  grep -A3 'Error on test split\|=== Error on test' "$tmp/j.txt" | awk '/Correctly/ {print "  accuracy", $5"%"}'
  awk '/Number of Rules/ {print "  rules", $5}' "$tmp/j.txt"
  ;;
throughput)
  $BENCH throughput "${ROWS:-1000000}"
  ;;
*)
  echo "usage: $0 accuracy|speed|throughput" >&2
  exit 2
  ;;
esac
