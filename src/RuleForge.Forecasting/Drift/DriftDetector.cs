using MathNet.Numerics.Distributions;
using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Drift;

/// <summary>Per-feature two-sample tests between reference (training) data and current data: Kolmogorov–Smirnov for numeric features, χ² for categorical ones.</summary>
public static class DriftDetector
{
    public static DriftReport Compare(TimeSeriesFrame reference, TimeSeriesFrame current, DriftOptions? options = null)
    {
        options ??= new DriftOptions();
        var wanted = options.Features.Count > 0 ? options.Features.ToHashSet() : null;
        var results = new List<FeatureDrift>();
        foreach (var (name, values) in reference.Numeric)
        {
            if ((wanted is null || wanted.Contains(name)) && current.Numeric.TryGetValue(name, out var now))
            {
                results.Add(KolmogorovSmirnov(name, values, now, options));
            }
        }

        foreach (var (name, values) in reference.Categorical)
        {
            if ((wanted is null || wanted.Contains(name)) && current.Categorical.TryGetValue(name, out var now))
            {
                results.Add(ChiSquare(name, values, now, options));
            }
        }

        if (wanted is not null)
        {
            foreach (var missing in wanted.Where(w => results.All(r => r.Feature != w)))
            {
                throw new Core.Errors.InputException($"drift: feature '{missing}' is not present in both datasets");
            }
        }

        return new DriftReport(results, options.Alpha);
    }

    /// <summary>Two-sample KS test; the p-value from the asymptotic Kolmogorov distribution with the Stephens small-sample correction.</summary>
    public static FeatureDrift KolmogorovSmirnov(string name, IReadOnlyList<double> reference, IReadOnlyList<double> current, DriftOptions options)
    {
        var a = reference.Where(double.IsFinite).Order().ToArray();
        var b = current.Where(double.IsFinite).Order().ToArray();
        if (a.Length < options.MinCount || b.Length < options.MinCount)
        {
            return new FeatureDrift(name, "ks", double.NaN, 1, false, a.Length, b.Length);
        }

        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
        }

        var ne = (double)a.Length * b.Length / (a.Length + b.Length);
        var p = KolmogorovQ((Math.Sqrt(ne) + 0.12 + (0.11 / Math.Sqrt(ne))) * d);
        return new FeatureDrift(name, "ks", d, p, p < options.Alpha, a.Length, b.Length);
    }

    /// <summary>χ² test of homogeneity of the category frequencies (p-value from MathNet's χ² distribution).</summary>
    public static FeatureDrift ChiSquare(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current, DriftOptions options)
    {
        var a = reference.Where(v => v is not null).GroupBy(v => v!).ToDictionary(g => g.Key, g => g.Count());
        var b = current.Where(v => v is not null).GroupBy(v => v!).ToDictionary(g => g.Key, g => g.Count());
        int na = a.Values.Sum(), nb = b.Values.Sum();
        var categories = a.Keys.Union(b.Keys).ToArray();
        if (na < options.MinCount || nb < options.MinCount || categories.Length < 2)
        {
            return new FeatureDrift(name, "chi2", double.NaN, 1, false, na, nb);
        }

        double stat = 0;
        double total = na + nb;
        foreach (var c in categories)
        {
            var oa = a.GetValueOrDefault(c);
            var ob = b.GetValueOrDefault(c);
            var col = oa + ob;
            var ea = col * na / total;
            var eb = col * nb / total;
            stat += ((oa - ea) * (oa - ea) / ea) + ((ob - eb) * (ob - eb) / eb);
        }

        var p = 1 - ChiSquared.CDF(categories.Length - 1, stat);
        return new FeatureDrift(name, "chi2", stat, p, p < options.Alpha, na, nb);
    }

    /// <summary>Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²); hand-written because MathNet has no Kolmogorov distribution.</summary>
    private static double KolmogorovQ(double lambda)
    {
        if (lambda < 1e-3)
        {
            return 1;
        }

        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}
