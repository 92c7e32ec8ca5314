using System.Runtime.Intrinsics;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Scoring;

/// <summary>
/// Evaluates one comparison over a whole column into a bitset, 64 rows per word, with 256-bit SIMD compares where
/// the hardware has them. Missing values (NaN, code -1) never satisfy a condition.
/// </summary>
internal static class ConditionKernels
{
    public static void Numeric(double[] values, CompareKind kind, double a, double b, Bitset output)
    {
        var words = output.Words;
        var n = values.Length;
        var full = n >> 6;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            for (var w = 0; w < full; w++)
            {
                ulong word = 0;
                var baseIndex = w << 6;
                for (var k = 0; k < 64; k += 4)
                {
                    var v = Vector256.LoadUnsafe(ref values[baseIndex + k]);
                    var m = kind switch
                    {
                        CompareKind.Less => Vector256.LessThan(v, va),
                        CompareKind.LessOrEqual => Vector256.LessThanOrEqual(v, va),
                        CompareKind.Greater => Vector256.GreaterThan(v, va),
                        CompareKind.GreaterOrEqual => Vector256.GreaterThanOrEqual(v, va),
                        CompareKind.Equal => Vector256.Equals(v, va),
                        CompareKind.NotEqual => ~Vector256.Equals(v, va) & Vector256.Equals(v, v),
                        _ => Vector256.GreaterThanOrEqual(v, va) & Vector256.LessThanOrEqual(v, vb),
                    };
                    word |= (ulong)m.ExtractMostSignificantBits() << k;
                }

                words[w] = word;
            }
        }
        else
        {
            full = 0;
        }

        for (var i = full << 6; i < n; i++)
        {
            if (Scalar(values[i], kind, a, b))
            {
                words[i >> 6] |= 1UL << i;
            }
        }
    }

    public static void Codes(int[] codes, bool[] accepted, Bitset output)
    {
        var words = output.Words;
        for (var w = 0; w < words.Length; w++)
        {
            ulong word = 0;
            var baseIndex = w << 6;
            var end = Math.Min(64, codes.Length - baseIndex);
            for (var k = 0; k < end; k++)
            {
                var c = codes[baseIndex + k];
                if (c >= 0 && accepted[c])
                {
                    word |= 1UL << k;
                }
            }

            words[w] = word;
        }
    }

    /// <summary>Equality with one code, 8 rows per 256-bit compare.</summary>
    public static void CodeEquals(int[] codes, int code, Bitset output)
    {
        var words = output.Words;
        var n = codes.Length;
        var full = Vector256.IsHardwareAccelerated ? n >> 6 : 0;
        var vc = Vector256.Create(code);
        for (var w = 0; w < full; w++)
        {
            ulong word = 0;
            var baseIndex = w << 6;
            for (var k = 0; k < 64; k += 8)
            {
                var m = Vector256.Equals(Vector256.LoadUnsafe(ref codes[baseIndex + k]), vc);
                word |= (ulong)m.ExtractMostSignificantBits() << k;
            }

            words[w] = word;
        }

        for (var i = full << 6; i < n; i++)
        {
            if (codes[i] == code)
            {
                words[i >> 6] |= 1UL << i;
            }
        }
    }

    private static bool Scalar(double v, CompareKind kind, double a, double b) => kind switch
    {
        CompareKind.Less => v < a,
        CompareKind.LessOrEqual => v <= a,
        CompareKind.Greater => v > a,
        CompareKind.GreaterOrEqual => v >= a,
        CompareKind.Equal => v == a,
        CompareKind.NotEqual => v != a && !double.IsNaN(v),
        _ => v >= a && v <= b,
    };
}
