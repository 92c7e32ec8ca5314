using System.Diagnostics;
using System.Globalization;
using RuleForge.Core.Rules;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Neural;
using RuleForge.Forecasting.Retrodiction;

// Forecasting benchmarks: retrodiction of many candidate rules (vectorised, baseline computed once) and MLP throughput.
// Usage: dotnet run -c Release --project bench/RuleForge.Bench.Forecasting [retrodiction|mlp|all]
var mode = args.Length > 0 ? args[0] : "all";
if (mode is "retrodiction" or "all")
{
    Retrodiction(steps: 10_000, variables: 20, rules: 100, repeats: 5);
}

if (mode is "mlp" or "all")
{
    Mlp();
}

static void Retrodiction(int steps, int variables, int rules, int repeats)
{
    var rng = new Random(1);
    var columns = new Dictionary<string, double[]>();
    for (var v = 0; v < variables; v++)
    {
        columns[$"x{v}"] = Enumerable.Range(0, steps + 50).Select(_ => Gaussian(rng)).ToArray();
    }

    var y = new double[steps + 50];
    for (var t = 1; t < y.Length; t++)
    {
        y[t] = (0.6 * y[t - 1]) + (0.3 * columns["x0"][t - 1]) + Gaussian(rng);
    }

    columns["y"] = y;
    var frame = new TimeSeriesFrame(Enumerable.Range(0, y.Length).Select(i => new DateTime(2000, 1, 1).AddHours(i)).ToArray(), columns, source: "bench");
    var baselineClock = Stopwatch.StartNew();
    var backtest = Backtest.Run(new RidgeArForecaster(new ForecastSpec { Target = "y", Lags = 4 }), frame, "y", 1, 50, y.Length);
    var baselineMs = baselineClock.Elapsed.TotalMilliseconds;
    var candidates = Enumerable.Range(0, rules).Select(_ => new ForecastRule
    {
        Conditions = Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => new Condition($"x{rng.Next(variables)}", rng.Next(2) == 0 ? ConditionOperator.Greater : ConditionOperator.LessOrEqual, RuleValue.Of(Math.Round(Gaussian(rng) * 0.8, 2)))).ToArray(),
        Variable = "y",
        Amount = Math.Round(Gaussian(rng) * 0.2, 3),
    }).ToArray();

    var times = new List<double>();
    var cpu = new List<double>();
    RulePerformance[] result = [];
    for (var r = 0; r < repeats + 1; r++)
    {
        var clock = Stopwatch.StartNew();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var evaluator = new RetrodictionEvaluator(frame, backtest, new RetrodictionOptions { Resamples = 1000, Seed = r });
        result = evaluator.Screen(candidates);
        var set = evaluator.Evaluate(candidates.Take(10).ToArray(), "y", 1);
        _ = set.RmseImprovementCi;
        if (r > 0)
        {
            times.Add(clock.Elapsed.TotalMilliseconds); // the first run warms up the JIT
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds);
        }
    }

    times.Sort();
    cpu.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retrodiction: {rules} rules × {steps} steps × {variables} variables, 1,000 paired bootstrap resamples each, trust, + one 10-rule set: wall median {times[times.Count / 2]:F0} ms, min {times[0]:F0} ms; CPU median {cpu[cpu.Count / 2]:F0} ms, min {cpu[0]:F0} ms over {repeats} runs (ridge AR(4) baseline replay refitted at every origin, computed once: {baselineMs:F0} ms); mean fired {result.Average(p => p.Fired):F0} steps/rule"));
}

static void Mlp()
{
    var rng = new Random(2);
    var n = 5000;
    var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 8).Select(_ => Gaussian(rng)).ToArray()).ToArray();
    var y = x.Select(r => Math.Sin(r[0]) + (r[1] * r[2]) + (0.1 * Gaussian(rng))).ToArray();
    foreach (var hidden in new[] { new[] { 16 }, new[] { 64, 32 } })
    {
        var options = new MlpOptions { Hidden = hidden, Epochs = 20, Dropout = 0.1 };
        var clock = Stopwatch.StartNew();
        var history = new MlpRegressor(options).FitAsync(x, y, null, null, CancellationToken.None).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        var trained = (int)(n * (1 - options.ValidationFraction)) * options.Epochs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mlp 8→{string.Join("→", hidden)}→1, batch {options.BatchSize}, dropout {options.Dropout}, AdamW: {trained / seconds:N0} training samples/s ({options.Epochs} epochs × {trained / options.Epochs} rows in {seconds:F2} s, validation included; final val loss {history[^1].ValidationLoss:F3})"));
    }
}

static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
