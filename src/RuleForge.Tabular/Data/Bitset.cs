using System.Numerics;

namespace RuleForge.Tabular.Data;

/// <summary>A fixed-length set of row flags packed 64 to a word; the currency of vectorised rule evaluation.</summary>
public sealed class Bitset
{
    public Bitset(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Words = new ulong[(length + 63) >> 6];
    }

    /// <summary>Number of rows the set ranges over.</summary>
    public int Length { get; }

    /// <summary>The packed flags; bit <c>i % 64</c> of word <c>i / 64</c> is row i. Bits past <see cref="Length"/> stay zero.</summary>
    public ulong[] Words { get; }

    /// <summary>A set holding every row.</summary>
    public static Bitset All(int length)
    {
        var set = new Bitset(length);
        Array.Fill(set.Words, ulong.MaxValue);
        set.ClearTail();
        return set;
    }

    /// <summary>A set holding exactly the given rows.</summary>
    public static Bitset Of(int length, IEnumerable<int> rows)
    {
        var set = new Bitset(length);
        foreach (var row in rows)
        {
            set.Set(row);
        }

        return set;
    }

    public bool Get(int row) => (Words[row >> 6] & (1UL << row)) != 0;

    public void Set(int row) => Words[row >> 6] |= 1UL << row;

    public void Clear(int row) => Words[row >> 6] &= ~(1UL << row);

    public Bitset Copy()
    {
        var copy = new Bitset(Length);
        Words.CopyTo(copy.Words, 0);
        return copy;
    }

    /// <summary>Keeps only rows also in <paramref name="other"/>.</summary>
    public void And(Bitset other)
    {
        var a = Words;
        var b = other.Words;
        for (var i = 0; i < a.Length; i++)
        {
            a[i] &= b[i];
        }
    }

    /// <summary>Removes rows that are in <paramref name="other"/>.</summary>
    public void AndNot(Bitset other)
    {
        var a = Words;
        var b = other.Words;
        for (var i = 0; i < a.Length; i++)
        {
            a[i] &= ~b[i];
        }
    }

    public void Or(Bitset other)
    {
        var a = Words;
        var b = other.Words;
        for (var i = 0; i < a.Length; i++)
        {
            a[i] |= b[i];
        }
    }

    /// <summary>Number of rows in the set.</summary>
    public int Count()
    {
        var n = 0;
        foreach (var w in Words)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    /// <summary>Number of rows in both this set and <paramref name="other"/>.</summary>
    public int CountAnd(Bitset other)
    {
        var n = 0;
        var b = other.Words;
        for (var i = 0; i < Words.Length; i++)
        {
            n += BitOperations.PopCount(Words[i] & b[i]);
        }

        return n;
    }

    /// <summary>The rows in the set, ascending.</summary>
    public int[] ToRows()
    {
        var rows = new int[Count()];
        var k = 0;
        for (var i = 0; i < Words.Length; i++)
        {
            var w = Words[i];
            while (w != 0)
            {
                rows[k++] = (i << 6) + BitOperations.TrailingZeroCount(w);
                w &= w - 1;
            }
        }

        return rows;
    }

    internal void ClearTail()
    {
        var rem = Length & 63;
        if (rem != 0)
        {
            Words[^1] &= (1UL << rem) - 1;
        }
    }
}
