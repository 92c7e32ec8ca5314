using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Tests.Support;

/// <summary>Seeded synthetic series for tests.</summary>
internal static class Synthetic
{
    public static DateTime Quarter(int i) => new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(3 * i);

    /// <summary>y = c + a1·y[t−1] + a2·y[t−2] + noise, plus a regime variable z; when <paramref name="effect"/> ≠ 0, y jumps by it whenever z at the previous step exceeds 1.</summary>
    public static TimeSeriesFrame Ar2(int n, int seed, double effect = 0, double noise = 0.5)
    {
        var rng = new Random(seed);
        var y = new double[n];
        var z = new double[n];
        var w = new double[n];
        for (var t = 0; t < n; t++)
        {
            z[t] = Gaussian(rng);
            w[t] = Gaussian(rng);
            var prev1 = t > 0 ? y[t - 1] : 2;
            var prev2 = t > 1 ? y[t - 2] : 2;
            var jump = t > 0 && z[t - 1] > 1 ? effect : 0;
            y[t] = 1 + (0.5 * prev1) + (0.2 * prev2) + jump + (noise * Gaussian(rng));
        }

        return new TimeSeriesFrame(Enumerable.Range(0, n).Select(Quarter).ToArray(), new Dictionary<string, double[]> { ["y"] = y, ["z"] = z, ["w"] = w }, source: "synthetic");
    }

    public static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
