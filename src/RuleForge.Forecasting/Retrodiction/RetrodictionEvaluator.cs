using MathNet.Numerics.Distributions;
using RuleForge.Core.Rules;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Rules;

namespace RuleForge.Forecasting.Retrodiction;

/// <summary>
/// Judges forecast rules by replaying history: the baseline's rolling-origin forecasts are computed once, rules are
/// evaluated column-wise over all steps, and the RMSE improvement gets a seeded paired bootstrap interval.
/// </summary>
public sealed class RetrodictionEvaluator
{
    private readonly RetrodictionOptions _options;
    private readonly double[] _actual;
    private readonly double[] _forecast;
    private readonly double[] _previous;
    private readonly StateMatrix _state;
    private readonly ForecastMetrics _baseline;
    private readonly float[] _baseSse;
    private readonly double _baseSseTotal;
    private BootstrapWeights? _weights;

    public RetrodictionEvaluator(TimeSeriesFrame frame, Backtest baseline, RetrodictionOptions? options = null)
    {
        _options = options ?? new RetrodictionOptions();
        var valid = Enumerable.Range(0, baseline.Count).Where(i => !double.IsNaN(baseline.Actual[i]) && !double.IsNaN(baseline.Forecast[i])).ToArray();
        if (valid.Length == 0)
        {
            throw new Core.Errors.InputException($"{frame.Source}: no step of the replay has both a forecast and an actual value");
        }

        _actual = valid.Select(i => baseline.Actual[i]).ToArray();
        _forecast = valid.Select(i => baseline.Forecast[i]).ToArray();
        _previous = valid.Select(i => baseline.Previous[i]).ToArray();
        Rows = valid.Select(i => baseline.Rows[i]).ToArray();
        _state = new StateMatrix(frame, valid.Select(i => baseline.Origins[i]).ToArray());
        _baseline = ForecastMetrics.Compute(_actual, _forecast, _previous);
        _baseSse = new float[_options.Resamples];
        _baseSseTotal = _actual.Select((y, i) => (_forecast[i] - y) * (_forecast[i] - y)).Sum();
    }

    /// <summary>Target rows of the usable steps.</summary>
    public IReadOnlyList<int> Rows { get; }

    public int Steps => _actual.Length;

    public ForecastMetrics Baseline => _baseline;

    public StateMatrix State => _state;

    /// <summary>Baseline errors (forecast − actual) per usable step.</summary>
    public double[] BaselineErrors() => _actual.Select((y, i) => _forecast[i] - y).ToArray();

    /// <summary>Replays the baseline with <paramref name="rules"/> applied in order (rules for another variable or horizon are ignored).</summary>
    public RetrodictionReport Evaluate(IReadOnlyList<ForecastRule> rules, string target, int horizon)
    {
        var compiled = rules.Select(CompiledForecastRule.Compile).ToArray();
        var adjusted = (double[])_forecast.Clone();
        var fires = new bool[Steps];
        var performances = new List<RulePerformance>();
        foreach (var rule in compiled)
        {
            var applicable = rule.Rule.Variable == target && rule.Rule.Horizon == horizon;
            if (!applicable)
            {
                performances.Add(new RulePerformance { Rule = rule.Rule.ToString(), Applicable = false, Trust = Trust(0, 0).Mean, TrustLow = Trust(0, 0).Low });
                continue;
            }

            rule.Fire(_state, fires);
            for (var i = 0; i < Steps; i++)
            {
                if (fires[i])
                {
                    adjusted[i] = rule.Apply(adjusted[i]);
                }
            }

            performances.Add(Performance(rule, fires, withCi: false));
        }

        var withRules = ForecastMetrics.Compute(_actual, adjusted, _previous);
        return new RetrodictionReport
        {
            Baseline = _baseline,
            WithRules = withRules,
            ImprovementPct = Improvements(_baseline, withRules),
            RmseImprovementCi = Interval(adjusted),
            Rules = performances,
        };
    }

    /// <summary>Each candidate judged alone against the baseline (fired, helped/hurt, trust, RMSE improvement and its interval); candidates are evaluated in parallel.</summary>
    /// <param name="candidates">Rules to judge one by one.</param>
    /// <param name="confidence">Level of each interval (default: the options'); lower it for many candidates (Bonferroni).</param>
    public RulePerformance[] Screen(IReadOnlyList<ForecastRule> candidates, double? confidence = null)
    {
        var level = confidence ?? _options.Confidence;
        var compiled = candidates.Select(CompiledForecastRule.Compile).ToArray();
        EnsureWeights();
        var result = new RulePerformance[compiled.Length];
        Parallel.For(0, compiled.Length, () => new bool[Steps], (k, _, fires) =>
        {
            compiled[k].Fire(_state, fires);
            result[k] = Performance(compiled[k], fires, withCi: true, level);
            return fires;
        }, _ => { });
        return result;
    }

    private RulePerformance Performance(CompiledForecastRule rule, bool[] fires, bool withCi, double? level = null)
    {
        int fired = 0, helped = 0, hurt = 0;
        double biasBefore = 0, biasAfter = 0, sseDelta = 0;
        float[]? acc = withCi ? (float[])_baseSse.Clone() : null;
        for (var i = 0; i < Steps; i++)
        {
            if (!fires[i])
            {
                continue;
            }

            var before = _forecast[i] - _actual[i];
            var after = rule.Apply(_forecast[i]) - _actual[i];
            fired++;
            biasBefore += before;
            biasAfter += after;
            var d = (after * after) - (before * before);
            sseDelta += d;
            if (Math.Abs(after) < Math.Abs(before))
            {
                helped++;
            }
            else if (Math.Abs(after) > Math.Abs(before))
            {
                hurt++;
            }

            if (acc is not null)
            {
                _weights!.AddScaled(i, (float)d, acc);
            }
        }

        var trust = Trust(helped, hurt);
        return new RulePerformance
        {
            Rule = rule.Rule.ToString(),
            Fired = fired,
            Helped = helped,
            Hurt = hurt,
            Trust = trust.Mean,
            TrustLow = trust.Low,
            BaselineBiasWhereFired = fired > 0 ? biasBefore / fired : 0,
            BiasWhereFired = fired > 0 ? biasAfter / fired : 0,
            RmseImprovementPct = 100 * (1 - Math.Sqrt(Math.Max(0, _baseSseTotal + sseDelta) / _baseSseTotal)),
            RmseImprovementCi = acc is null ? null : Percentiles(acc, level ?? _options.Confidence),
        };
    }

    private (double Mean, double Low) Trust(int helped, int hurt)
    {
        var a = _options.PriorHelped + helped;
        var b = _options.PriorHurt + hurt;
        return (a / (a + b), Beta.InvCDF(a, b, 0.05));
    }

    private ConfidenceInterval Interval(double[] adjusted)
    {
        EnsureWeights();
        var acc = (float[])_baseSse.Clone();
        for (var i = 0; i < Steps; i++)
        {
            if (adjusted[i] != _forecast[i])
            {
                var before = _forecast[i] - _actual[i];
                var after = adjusted[i] - _actual[i];
                _weights!.AddScaled(i, (float)((after * after) - (before * before)), acc);
            }
        }

        return Percentiles(acc, _options.Confidence);
    }

    private ConfidenceInterval Percentiles(float[] ruleSse, double confidence)
    {
        var improvements = new double[ruleSse.Length];
        for (var b = 0; b < ruleSse.Length; b++)
        {
            improvements[b] = _baseSse[b] > 0 ? 100 * (1 - Math.Sqrt(Math.Max(0, ruleSse[b]) / _baseSse[b])) : 0;
        }

        Array.Sort(improvements);
        var alpha = 1 - confidence;
        return new ConfidenceInterval(ForecastMetrics.Quantile(improvements, alpha / 2), ForecastMetrics.Quantile(improvements, 1 - (alpha / 2)), confidence);
    }

    private void EnsureWeights()
    {
        if (_weights is not null)
        {
            return;
        }

        _weights = new BootstrapWeights(Steps, _options.Resamples, _options.Seed);
        Array.Clear(_baseSse);
        for (var i = 0; i < Steps; i++)
        {
            var e = _forecast[i] - _actual[i];
            _weights.AddScaled(i, (float)(e * e), _baseSse);
        }
    }

    private static Dictionary<string, double> Improvements(ForecastMetrics b, ForecastMetrics r)
    {
        static double Rel(double before, double after) => before != 0 && double.IsFinite(before) && double.IsFinite(after) ? 100 * (before - after) / Math.Abs(before) : 0;
        return new Dictionary<string, double>
        {
            ["rmse"] = Rel(b.Rmse, r.Rmse),
            ["mae"] = Rel(b.Mae, r.Mae),
            ["r2"] = double.IsFinite(b.R2) && double.IsFinite(r.R2) ? 100 * (r.R2 - b.R2) : 0,
            ["mape"] = Rel(b.Mape, r.Mape),
            ["meanBiasError"] = Rel(Math.Abs(b.MeanBiasError), Math.Abs(r.MeanBiasError)),
            ["medianAbsError"] = Rel(b.MedianAbsError, r.MedianAbsError),
            ["p90AbsError"] = Rel(b.P90AbsError, r.P90AbsError),
            ["theilU2"] = Rel(b.TheilU2, r.TheilU2),
        };
    }
}
