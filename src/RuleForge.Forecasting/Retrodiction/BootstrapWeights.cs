using System.Numerics;

namespace RuleForge.Forecasting.Retrodiction;

/// <summary>
/// Multiplicities of each step in each paired bootstrap resample, laid out step-major so that the sums over the few steps
/// a rule changes run contiguously (SIMD) across resamples; drawn once per replay from a seeded generator.
/// </summary>
internal sealed class BootstrapWeights
{
    private readonly float[] _w;

    public BootstrapWeights(int steps, int resamples, int seed)
    {
        Steps = steps;
        Resamples = resamples;
        _w = new float[steps * resamples];
        var rng = new Random(seed);
        for (var b = 0; b < resamples; b++)
        {
            for (var j = 0; j < steps; j++)
            {
                _w[(rng.Next(steps) * resamples) + b] += 1;
            }
        }
    }

    public int Steps { get; }

    public int Resamples { get; }

    /// <summary>acc[b] += w[step, b] × value for every resample b.</summary>
    public void AddScaled(int step, float value, Span<float> acc)
    {
        var row = _w.AsSpan(step * Resamples, Resamples);
        var b = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<float>(value);
            for (; b <= Resamples - Vector<float>.Count; b += Vector<float>.Count)
            {
                var a = new Vector<float>(acc[b..]);
                (a + (new Vector<float>(row[b..]) * v)).CopyTo(acc[b..]);
            }
        }

        for (; b < Resamples; b++)
        {
            acc[b] += row[b] * value;
        }
    }
}
