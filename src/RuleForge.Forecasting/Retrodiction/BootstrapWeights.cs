using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        var rng = new SplitMix((ulong)seed);

        // Draw a block of resamples' step counts into small per-resample arrays, then write them out so that each step's
        // block of counts is one contiguous run (scattered writes into the large array would miss the cache every time).
        const int Block = 16;
        var counts = new int[Block * steps];
        for (var b0 = 0; b0 < resamples; b0 += Block)
        {
            var width = Math.Min(Block, resamples - b0);
            Array.Clear(counts);
            for (var k = 0; k < width; k++)
            {
                var offset = k * steps;
                for (var j = 0; j < steps; j++)
                {
                    counts[offset + rng.Next(steps)]++;
                }
            }

            for (var i = 0; i < steps; i++)
            {
                var row = (i * resamples) + b0;
                for (var k = 0; k < width; k++)
                {
                    _w[row + k] = counts[(k * steps) + i];
                }
            }
        }
    }

    public int Steps { get; }

    public int Resamples { get; }

    /// <summary>acc[b] += w[step, b] × value for every resample b.</summary>
    public void AddScaled(int step, float value, Span<float> acc)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(_w);
        ref var a = ref MemoryMarshal.GetReference(acc);
        var offset = (nuint)step * (nuint)Resamples;
        nuint b = 0;
        var n = (nuint)Resamples;
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<float>(value);
            var width = (nuint)Vector<float>.Count;
            for (; b + width <= n; b += width)
            {
                (Vector.LoadUnsafe(ref a, b) + (Vector.LoadUnsafe(ref w, offset + b) * v)).StoreUnsafe(ref a, b);
            }
        }

        for (; b < n; b++)
        {
            Unsafe.Add(ref a, b) += Unsafe.Add(ref w, offset + b) * value;
        }
    }

    /// <summary>A small seeded generator (SplitMix64) with Lemire's multiply-shift for bounded draws: the resampling draws
    /// tens of millions of indices, and System.Random's bounded Next is several times slower.</summary>
    private struct SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int bound)
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(((z >> 32) * (ulong)bound) >> 32);
        }
    }
}
