using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Forecasting.Retrodiction;
using RuleForge.Forecasting.Rules;

namespace RuleForge.Forecasting.Generators;

/// <summary>
/// Threshold search on the baseline's residuals: finds states (a variable at the origin above or below a percentile)
/// where the baseline is biased, proposes the shrunk mean residual as +δ, and keeps only the rules whose RMSE
/// improvement interval on the validation span excludes zero. With history it refines: rules that hurt are dropped,
/// the amounts of the kept ones are corrected by the bias left where they fired, and untried candidates may join.
/// </summary>
public sealed class SymbolicForecastGenerator(SymbolicGeneratorOptions? options = null) : IRuleGenerator
{
    private readonly SymbolicGeneratorOptions _options = options ?? new SymbolicGeneratorOptions();
    private readonly ForecastRuleEvaluator _validation = new();

    public string Name => "symbolic";

    public Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var p = problem as ForecastProblem ?? throw new ArgumentException("the symbolic forecast generator needs a ForecastProblem", nameof(problem));
        cancellationToken.ThrowIfCancellationRequested();
        var fit = new RetrodictionEvaluator(p.Frame, p.Fit, p.Retrodiction);
        var proposals = Propose(p, fit);
        var validation = _validation.Evaluator(p);
        var previous = FeedbackLoop.Best(history);
        var kept = previous is null ? [] : Refine(p, ForecastRuleEvaluator.Bodies(previous.Candidate), validation);
        var tried = history.SelectMany(h => ForecastRuleEvaluator.Bodies(h.Candidate)).Select(Key).ToHashSet();
        var fresh = proposals.Where(r => !tried.Contains(Key(r)) && kept.All(k => Key(k) != Key(r))).Take(_options.ValidateTop).ToArray();
        var survivors = Validate(validation, fresh);
        var chosen = Select(validation, p, kept, survivors);
        var set = ForecastRuleFile.ToRuleSet(p.Target, chosen, RuleSource.Symbolic, new Provenance { Generator = Name, Iteration = history.Count + 1 });
        return Task.FromResult(new Candidate { Rules = set, Generator = Name });
    }

    /// <summary>Single-condition rules ranked by how much of the fit span's squared error they remove, best first.</summary>
    public IReadOnlyList<ForecastRule> Propose(ForecastProblem p, RetrodictionEvaluator fit)
    {
        var errors = fit.BaselineErrors();
        var residual = errors.Select(e => -e).ToArray();
        var n = residual.Length;
        var minSupport = Math.Max(_options.MinSupport, (int)Math.Ceiling(_options.MinSupportFraction * n));
        var found = new List<(double Gain, ForecastRule Rule)>();
        var variables = p.RuleVariables.Count > 0 ? p.RuleVariables : p.Frame.Numeric.Keys.ToArray();
        foreach (var variable in variables.Where(v => !_options.Exclude.Contains(v)))
        {
            var x = fit.State.Numeric(variable);
            var present = x.Where(v => !double.IsNaN(v)).Order().ToArray();
            if (present.Length < 2 * minSupport)
            {
                continue;
            }

            foreach (var threshold in _options.Quantiles.Select(q => ForecastMetrics.Quantile(present, q)).Distinct())
            {
                foreach (var op in new[] { ConditionOperator.LessOrEqual, ConditionOperator.Greater })
                {
                    double s = 0, s2 = 0;
                    var k = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var v = x[i];
                        if (double.IsNaN(v) || (op == ConditionOperator.LessOrEqual ? v > threshold : v <= threshold))
                        {
                            continue;
                        }

                        s += residual[i];
                        s2 += residual[i] * residual[i];
                        k++;
                    }

                    if (k < minSupport || k == n)
                    {
                        continue;
                    }

                    var mean = s / k;
                    var sd = Math.Sqrt(Math.Max(1e-300, (s2 - (k * mean * mean)) / (k - 1)));
                    if (Math.Abs(mean) / (sd / Math.Sqrt(k)) < _options.MinT)
                    {
                        continue;
                    }

                    var delta = mean * k / (k + _options.Shrinkage);
                    var rule = new ForecastRule
                    {
                        Conditions = [new Condition(variable, op, RuleValue.Of(Math.Round(threshold, 6)))],
                        Variable = p.Spec.Target,
                        Adjustment = ForecastAdjustment.Add,
                        Amount = Math.Round(delta, 6),
                        Horizon = p.Spec.Horizon,
                    };
                    found.Add((k * ((2 * mean * delta) - (delta * delta)), rule));
                }
            }
        }

        // The best threshold per variable and direction first, so the validated shortlist is diverse.
        return found.OrderByDescending(f => f.Gain)
            .GroupBy(f => (f.Rule.Conditions[0].Variable, f.Rule.Conditions[0].Operator))
            .Select(g => g.First())
            .OrderByDescending(f => f.Gain)
            .Select(f => f.Rule)
            .ToArray();
    }

    private List<ForecastRule> Validate(RetrodictionEvaluator validation, IReadOnlyList<ForecastRule> fresh)
    {
        if (fresh.Count == 0)
        {
            return [];
        }

        var screened = validation.Screen(fresh, 1 - (_options.FamilyErrorRate / fresh.Count));
        return fresh.Zip(screened).Where(x => x.Second.Fired >= _options.MinValidationFired && x.Second.RmseImprovementCi!.Low > 0).OrderByDescending(x => x.Second.RmseImprovementPct).Select(x => x.First).ToList();
    }

    private List<ForecastRule> Refine(ForecastProblem p, IReadOnlyList<ForecastRule> previous, RetrodictionEvaluator validation)
    {
        if (previous.Count == 0)
        {
            return [];
        }

        var report = validation.Evaluate(previous, p.Spec.Target, p.Spec.Horizon);
        var kept = new List<ForecastRule>();
        for (var i = 0; i < previous.Count; i++)
        {
            var perf = report.Rules[i];
            if (!perf.Applicable || perf.Hurt >= perf.Helped || perf.Fired == 0)
            {
                continue;
            }

            var rule = previous[i];
            var corrected = rule.Adjustment == ForecastAdjustment.Add
                ? rule with { Amount = Math.Round(rule.Amount - (perf.BiasWhereFired * perf.Fired / (perf.Fired + _options.Shrinkage)), 6) }
                : rule;
            kept.Add(corrected);
        }

        return kept;
    }

    private List<ForecastRule> Select(RetrodictionEvaluator validation, ForecastProblem p, List<ForecastRule> kept, List<ForecastRule> survivors)
    {
        var chosen = new List<ForecastRule>(kept);
        var best = chosen.Count > 0 ? validation.Evaluate(chosen, p.Spec.Target, p.Spec.Horizon).RmseImprovementCi.Low : 0;
        foreach (var rule in survivors)
        {
            if (chosen.Count >= _options.MaxRules)
            {
                break;
            }

            var trial = chosen.Append(rule).ToArray();
            var low = validation.Evaluate(trial, p.Spec.Target, p.Spec.Horizon).RmseImprovementCi.Low;
            if (low > best)
            {
                chosen.Add(rule);
                best = low;
            }
        }

        return chosen;
    }

    private static string Key(ForecastRule r) => string.Join("&", r.Conditions.Select(c => $"{c.Variable}{ConditionOperators.Symbol(c.Operator)}"));
}
