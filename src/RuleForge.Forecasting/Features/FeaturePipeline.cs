using RuleForge.Core.Errors;
using RuleForge.Core.Serialization;
using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Features;

/// <summary>Feature steps applied in order; statistics (means, scales) are fitted on rows before the training end only, so nothing leaks from the future.</summary>
public sealed record FeaturePipeline(IReadOnlyList<FeatureStep> Steps)
{
    /// <summary>A pipeline suited to forecast rules: forward fill, first differences of every variable, and the target's rolling mean and deviation over <paramref name="window"/> rows.</summary>
    public static FeaturePipeline ForRules(string target, int window = 4) => new(
    [
        new FillMissingStep { Method = FillMethod.Forward },
        new DifferenceStep { Periods = 1 },
        new RollingStep { Columns = [target], Window = window },
        new IndicatorStep { Name = $"{target}_gap{window}", Operation = IndicatorOperation.Subtract, Left = target, Right = $"{target}_rollmean{window}" },
    ]);

    /// <summary>Reads <c>{"steps": [...]}</c> in canonical JSON.</summary>
    public static async Task<FeaturePipeline> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }

        return CanonicalJson.Deserialize<FeaturePipeline>(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    /// <summary>Applies every step; <paramref name="trainEnd"/> is the first row after the training span.</summary>
    public TimeSeriesFrame Apply(TimeSeriesFrame frame, int trainEnd)
    {
        trainEnd = Math.Clamp(trainEnd, 1, frame.Length);
        var columns = new Dictionary<string, double[]>(frame.Numeric.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone()));
        var order = frame.Numeric.Keys.ToList();
        foreach (var step in Steps)
        {
            var targets = step.Columns.Count > 0 ? step.Columns : order.ToArray();
            foreach (var c in step.Columns.Append((step as IndicatorStep)?.Left).Append((step as IndicatorStep)?.Right).Where(c => c is not null))
            {
                if (!columns.ContainsKey(c!))
                {
                    throw new InputException($"{frame.Source}: feature step '{Name(step)}' names unknown column '{c}'");
                }
            }

            void Add(string name, double[] values)
            {
                if (!columns.ContainsKey(name))
                {
                    order.Add(name);
                }

                columns[name] = values;
            }

            switch (step)
            {
                case FillMissingStep fill:
                    foreach (var c in targets)
                    {
                        Fill(columns[c], fill, trainEnd);
                    }

                    break;
                case NormalizeStep norm:
                    foreach (var c in targets)
                    {
                        Normalize(columns[c], norm.Method, trainEnd);
                    }

                    break;
                case LagStep lag:
                    foreach (var c in targets)
                    {
                        foreach (var k in lag.Lags)
                        {
                            Add($"{c}_lag{k}", Shift(columns[c], k));
                        }
                    }

                    break;
                case DifferenceStep diff:
                    foreach (var c in targets)
                    {
                        var x = columns[c];
                        var lagged = Shift(x, diff.Periods);
                        Add($"{c}_diff{diff.Periods}", x.Select((v, i) => v - lagged[i]).ToArray());
                    }

                    break;
                case RollingStep roll:
                    foreach (var c in targets)
                    {
                        var (mean, std) = Rolling(columns[c], roll.Window);
                        if (roll.Mean)
                        {
                            Add($"{c}_rollmean{roll.Window}", mean);
                        }

                        if (roll.Std)
                        {
                            Add($"{c}_rollstd{roll.Window}", std);
                        }
                    }

                    break;
                case IndicatorStep ind:
                    Add(ind.Name, Indicator(ind, columns, frame.Source));
                    break;
            }
        }

        return new TimeSeriesFrame(frame.Times, order.ToDictionary(c => c, c => columns[c]), frame.Categorical, frame.Source);
    }

    private static string Name(FeatureStep step) => step.GetType().Name.Replace("Step", "", StringComparison.Ordinal).ToLowerInvariant();

    private static void Fill(double[] x, FillMissingStep fill, int trainEnd)
    {
        var mean = x.Take(trainEnd).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Average();
        var last = double.NaN;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]))
            {
                last = x[i];
                continue;
            }

            x[i] = fill.Method switch
            {
                FillMethod.Forward => last,
                FillMethod.Mean => mean,
                _ => fill.Value,
            };
        }
    }

    private static void Normalize(double[] x, NormalizeMethod method, int trainEnd)
    {
        var train = x.Take(trainEnd).Where(v => !double.IsNaN(v)).ToArray();
        if (train.Length == 0)
        {
            return;
        }

        double shift, scale;
        if (method == NormalizeMethod.ZScore)
        {
            shift = train.Average();
            scale = Math.Sqrt(train.Sum(v => (v - shift) * (v - shift)) / Math.Max(1, train.Length - 1));
        }
        else
        {
            shift = train.Min();
            scale = train.Max() - shift;
        }

        scale = scale > 0 ? scale : 1;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (x[i] - shift) / scale;
        }
    }

    private static double[] Shift(double[] x, int k)
    {
        var r = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            r[i] = i - k >= 0 && i - k < x.Length ? x[i - k] : double.NaN;
        }

        return r;
    }

    private static (double[] Mean, double[] Std) Rolling(double[] x, int w)
    {
        var mean = new double[x.Length];
        var std = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            if (i + 1 < w)
            {
                mean[i] = std[i] = double.NaN;
                continue;
            }

            double s = 0, s2 = 0;
            var n = 0;
            for (var j = i - w + 1; j <= i; j++)
            {
                if (!double.IsNaN(x[j]))
                {
                    s += x[j];
                    s2 += x[j] * x[j];
                    n++;
                }
            }

            mean[i] = n > 0 ? s / n : double.NaN;
            std[i] = n > 1 ? Math.Sqrt(Math.Max(0, (s2 - (s * s / n)) / (n - 1))) : double.NaN;
        }

        return (mean, std);
    }

    private static double[] Indicator(IndicatorStep ind, Dictionary<string, double[]> columns, string source)
    {
        var a = columns[ind.Left];
        double[]? b = ind.Right is null ? null : columns[ind.Right];
        if (b is null && ind.Operation is IndicatorOperation.Add or IndicatorOperation.Subtract or IndicatorOperation.Multiply or IndicatorOperation.Ratio)
        {
            throw new InputException($"{source}: indicator '{ind.Name}' ({ind.Operation}) needs a right-hand column");
        }

        return ind.Operation switch
        {
            IndicatorOperation.Subtract => a.Select((v, i) => v - b![i]).ToArray(),
            IndicatorOperation.Add => a.Select((v, i) => v + b![i]).ToArray(),
            IndicatorOperation.Multiply => a.Select((v, i) => v * b![i]).ToArray(),
            IndicatorOperation.Ratio => a.Select((v, i) => b![i] != 0 ? v / b[i] : double.NaN).ToArray(),
            IndicatorOperation.PercentChange => a.Select((v, i) => i > 0 && a[i - 1] != 0 ? 100 * (v - a[i - 1]) / a[i - 1] : double.NaN).ToArray(),
            _ => a.Select(v => v > 0 ? Math.Log(v) : double.NaN).ToArray(),
        };
    }
}
