using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Forecasting.Features;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;

namespace RuleForge.Forecasting.Generators;

/// <summary>
/// Learns forecast rules with the feedback loop: the baseline is replayed once over the training span, the generator
/// searches the fit part and the evaluator judges the validation part; the best iteration's rules are then replayed on
/// the untouched test span (after the training end) and compared with the baseline there.
/// </summary>
public sealed class ForecastLearner(IRunStore runs, IRuleGenerator generator, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Builds the problem (features, baseline replay, spans) for <paramref name="request"/>.</summary>
    public static ForecastProblem BuildProblem(ForecastLearnRequest request)
    {
        var raw = request.Frame;
        raw.Column(request.Target);
        var trainEnd = raw.IndexAtOrBefore(request.TrainUntil) + 1;
        if (trainEnd <= 0 || trainEnd >= raw.Length)
        {
            throw new InputException($"--train-until {request.TrainUntil:yyyy-MM-dd}: the training span must leave rows on both sides ({raw.Source} spans {raw.Times[0]:yyyy-MM-dd} … {raw.Times[^1]:yyyy-MM-dd})");
        }

        var pipeline = request.Pipeline ?? FeaturePipeline.ForRules(request.Target);
        if (request.Pipeline is null)
        {
            // Growth rates of trending levels (GDP, prices, money) are the stationary signal a threshold can use.
            pipeline = new FeaturePipeline(pipeline.Steps.Concat(raw.Numeric.Keys.Where(k => Trending(raw.Numeric[k], trainEnd))
                .Select(k => new IndicatorStep { Name = $"{k}_pct1", Operation = IndicatorOperation.PercentChange, Left = k })).ToArray());
        }

        var frame = pipeline.Apply(raw, trainEnd);
        var spec = new ForecastSpec { Target = request.Target, Lags = request.Lags, Exogenous = request.Exogenous, Horizon = request.Horizon };
        spec.Validate();
        var p = 1 + request.Lags + (request.Exogenous.Count * spec.ExogenousLags);
        var warmup = request.Warmup ?? Math.Max(20, (3 * p) + request.Lags);
        if (trainEnd - warmup < 20)
        {
            throw new InputException($"--train-until {request.TrainUntil:yyyy-MM-dd}: only {Math.Max(0, trainEnd - warmup)} training steps after a warm-up of {warmup} rows; at least 20 are needed");
        }

        var forecaster = ForecasterFactory.Create(request.Model, spec, request.Seed);

        // One replay from the warm-up to the end: the training and test spans are slices of it (the expanding-window
        // forecasts do not depend on where the split is), and its residuals become a state variable.
        var full = Backtest.Run(forecaster, frame, spec.Target, spec.Horizon, warmup, frame.Length);
        var residual = Enumerable.Repeat(double.NaN, frame.Length).ToArray();
        for (var i = 0; i < full.Count; i++)
        {
            residual[full.Rows[i]] = full.Actual[i] - full.Forecast[i];
        }

        var residualName = $"{spec.Target}_resid";
        frame = frame.With(residualName, residual);
        frame = frame.With($"{spec.Target}_resid_mean4", Trailing(residual, 4));
        var training = full.Slice(warmup, trainEnd);
        var validationStart = training.Rows[(int)Math.Floor(training.Count * (1 - request.ValidationFraction))];
        return new ForecastProblem
        {
            Domain = "forecast",
            Target = request.Target,
            Description = $"adjustments of the {forecaster.Name} forecast of {request.Target}",
            Frame = frame,
            Spec = spec,
            Training = training,
            Test = full.Slice(trainEnd, frame.Length),
            RuleVariables = frame.Numeric.Keys.Where(k => !Trending(frame.Numeric[k], trainEnd)).ToArray(),
            ValidationStart = validationStart,
            TrainEnd = trainEnd,
            Retrodiction = new RetrodictionOptions { Seed = request.Seed },
            Options = new Dictionary<string, string> { ["model"] = forecaster.Name, ["seed"] = request.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>A level that mostly moves one way over the training span (|corr with time| &gt; 0.9): thresholds on it only split history into before/after.</summary>
    public static bool Trending(double[] x, int trainEnd)
    {
        double n = 0, st = 0, sx = 0, stt = 0, sxx = 0, stx = 0;
        for (var t = 0; t < trainEnd; t++)
        {
            if (double.IsNaN(x[t]))
            {
                continue;
            }

            n++;
            st += t;
            sx += x[t];
            stt += (double)t * t;
            sxx += x[t] * x[t];
            stx += t * x[t];
        }

        var cov = stx - (st * sx / n);
        var vt = stt - (st * st / n);
        var vx = sxx - (sx * sx / n);
        return n > 2 && vt > 0 && vx > 0 && Math.Abs(cov / Math.Sqrt(vt * vx)) > 0.9;
    }

    private static double[] Trailing(double[] x, int w)
    {
        var r = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var vals = Enumerable.Range(Math.Max(0, i - w + 1), Math.Min(w, i + 1)).Select(j => x[j]).ToArray();
            r[i] = vals.Length == w && vals.All(v => !double.IsNaN(v)) ? vals.Average() : double.NaN;
        }

        return r;
    }

    /// <summary>Runs (or resumes) the loop for <paramref name="runId"/> and tests the best rules out of sample.</summary>
    public async Task<ForecastLearnResult> LearnAsync(ForecastLearnRequest request, string runId, IProgress<Iteration>? progress, CancellationToken cancellationToken)
    {
        var problem = BuildProblem(request);
        if (await runs.GetRunAsync(runId, cancellationToken) is null)
        {
            var parameters = CanonicalJson.Serialize(new
            {
                source = request.Frame.Source,
                target = request.Target,
                trainUntil = request.TrainUntil,
                model = request.Model,
                lags = request.Lags,
                exogenous = request.Exogenous,
                horizon = request.Horizon,
                seed = request.Seed,
                generator = generator.Name,
            });
            await runs.CreateRunAsync(new RunRecord { Id = runId, Domain = "forecast", Target = request.Target, ParametersJson = parameters, CreatedAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow() }, cancellationToken);
        }

        var loop = new FeedbackLoop(generator, new ForecastRuleEvaluator(), runs, new FeedbackLoopOptions { MaxIterations = request.MaxIterations, Patience = 1, Threshold = 1.0 }, _time);
        var result = await loop.RunAsync(problem, runId, progress, cancellationToken);
        if (result.StopReason == StopReason.Error)
        {
            throw new InvalidOperationException($"forecast rule learning failed: {result.Error}");
        }

        var best = result.Best;
        var rules = best is not null && best.Score > 0.5 ? ForecastRuleEvaluator.Bodies(best.Candidate) : [];
        var report = new RetrodictionEvaluator(problem.Frame, problem.Test!, problem.Retrodiction).Evaluate(rules, problem.Spec.Target, problem.Spec.Horizon);
        var message = rules.Count == 0
            ? "no rule survived validation: the baseline is kept unchanged"
            : report.RmseImprovementPct > 0
                ? $"{rules.Count} rule(s) survived validation and improve the out-of-sample RMSE by {report.RmseImprovementPct:F2}%"
                : $"{rules.Count} rule(s) survived validation but do not improve the out-of-sample RMSE ({report.RmseImprovementPct:F2}%)";
        var provenance = new Provenance { RunId = runId, Iteration = best?.Number, Generator = generator.Name, DatasetVersion = request.Frame.Source };
        return new ForecastLearnResult
        {
            BaselineRmse = report.Baseline.Rmse,
            RulesRmse = report.WithRules.Rmse,
            ImprovementPct = report.RmseImprovementPct,
            CiLow = report.RmseImprovementCi.Low,
            CiHigh = report.RmseImprovementCi.High,
            RuleCount = rules.Count,
            TestSteps = report.Baseline.Steps,
            RunId = runId,
            StopReason = result.StopReason,
            Message = message,
            Rules = rules.Select(r => r.ToString()).ToArray(),
            RuleSet = Rules.ForecastRuleFile.ToRuleSet(request.Target, rules, generator.Name == "llm" ? RuleSource.Llm : RuleSource.Symbolic, provenance),
            Test = report,
            ValidationScore = best?.Score,
        };
    }
}
