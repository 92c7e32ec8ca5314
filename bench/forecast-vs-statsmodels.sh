#!/usr/bin/env bash
# Ridge AR (RuleForge) vs statsmodels AutoReg(y, lags=4, trend='c') on macrodata infl and unemp:
# one-step-ahead forecasts from 1990Q1 to the end, expanding window refitted at every origin.
# Needs Debian python3-statsmodels (apt-get install -y python3-statsmodels) and ../shared/data/timeseries.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${DATA:-$root/../shared/data/timeseries/macrodata.csv}"
[ -f "$data" ] || { echo "macrodata.csv not found at $data (set DATA=...)" >&2; exit 2; }
dotnet build "$root/src/RuleForge.Cli" -c Release -v q -nologo >/dev/null
cli="$root/src/RuleForge.Cli/bin/Release/net10.0/ruleforge.dll"
printf '%-8s %-14s %-14s %-10s %s\n' target ruleforge statsmodels diff% steps
status=0
for target in infl unemp; do
  rf=$(dotnet "$cli" forecast retrodict --data "$data" --target "$target" --model ridge --lags 4 --from 1990-01-01 --json \
       | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rmse"], d["steps"])')
  sm=$(/usr/bin/python3 - "$data" "$target" <<'PY'
import sys, numpy as np, pandas as pd
from statsmodels.tsa.ar_model import AutoReg
df = pd.read_csv(sys.argv[1]); y = df[sys.argv[2]].to_numpy(float)
start = int(np.where((df.year == 1990) & (df.quarter == 1))[0][0])
errs = []
for t in range(start, len(y)):
    fit = AutoReg(y[:t], lags=4, trend='c').fit()
    errs.append(fit.predict(start=t, end=t)[0] - y[t])
errs = np.array(errs)
print(np.sqrt(np.mean(errs ** 2)), len(errs))
PY
)
  read -r rf_rmse rf_steps <<<"$rf"; read -r sm_rmse sm_steps <<<"$sm"
  diff=$(/usr/bin/python3 -c "print(f'{100*abs($rf_rmse-$sm_rmse)/$sm_rmse:.4f}')")
  printf '%-8s %-14.6f %-14.6f %-10s %s/%s\n' "$target" "$rf_rmse" "$sm_rmse" "$diff" "$rf_steps" "$sm_steps"
  /usr/bin/python3 -c "import sys; sys.exit(0 if abs($rf_rmse-$sm_rmse)/$sm_rmse <= 0.02 else 1)" || status=1
done
exit $status
