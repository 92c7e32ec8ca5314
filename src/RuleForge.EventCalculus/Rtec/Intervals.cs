namespace RuleForge.EventCalculus.Rtec;

/// <summary>A half-open interval [Start, End) of time-points; <see cref="Inf"/> marks an open end.</summary>
public readonly record struct Interval(long Start, long End)
{
    /// <summary>The end of an interval that has not ended (RTEC's <c>inf</c>).</summary>
    public const long Inf = long.MaxValue;

    /// <summary>Whether the interval is still open.</summary>
    public bool IsOpen => End == Inf;

    /// <inheritdoc/>
    public override string ToString() => $"({Start},{(End == Inf ? "inf" : End.ToString(System.Globalization.CultureInfo.InvariantCulture))})";
}

/// <summary>RTEC's interval-list operations, ported clause by clause so results match RTEC even on unnormalised lists.</summary>
public static class Intervals
{
    /// <summary><c>union_all/2</c>.</summary>
    public static List<Interval> UnionAll(IReadOnlyList<IReadOnlyList<Interval>> lists)
    {
        if (lists.Count == 0)
        {
            return [];
        }

        var acc = new List<Interval>(lists[0]);
        for (var i = 1; i < lists.Count; i++)
        {
            acc = Union(acc, lists[i]);
        }

        return acc;
    }

    /// <summary><c>intersect_all/2</c>.</summary>
    public static List<Interval> IntersectAll(IReadOnlyList<IReadOnlyList<Interval>> lists)
    {
        if (lists.Count == 0 || lists.Any(l => l.Count == 0))
        {
            return [];
        }

        var acc = new List<Interval>(lists[0]);
        for (var i = 1; i < lists.Count; i++)
        {
            acc = Intersection(acc, lists[i]);
        }

        return acc;
    }

    /// <summary><c>relative_complement_all/3</c>.</summary>
    public static List<Interval> RelativeComplementAll(IReadOnlyList<Interval> list, IReadOnlyList<IReadOnlyList<Interval>> others)
    {
        var acc = new List<Interval>(list);
        foreach (var o in others)
        {
            if (acc.Count == 0)
            {
                return acc;
            }

            acc = Difference(acc, o);
        }

        return acc;
    }

    /// <summary><c>iset_union/3</c>.</summary>
    public static List<Interval> Union(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b)
    {
        var result = new List<Interval>(a.Count + b.Count);
        int i = 0, j = 0;
        while (true)
        {
            if (j >= b.Count)
            {
                for (; i < a.Count; i++)
                {
                    result.Add(a[i]);
                }

                return result;
            }

            if (i >= a.Count)
            {
                for (; j < b.Count; j++)
                {
                    result.Add(b[j]);
                }

                return result;
            }

            var x = a[i];
            var y = b[j];
            if (y.End < x.Start)
            {
                result.Add(y);
                j++;
                continue;
            }

            if (x.End < y.Start)
            {
                result.Add(x);
                i++;
                continue;
            }

            var u = new Interval(Math.Min(x.Start, y.Start), Math.Max(x.End, y.End));
            i++;
            j++;
            while (true)
            {
                if (i < a.Count && Coalescable(u, a[i]))
                {
                    u = new Interval(Math.Min(u.Start, a[i].Start), Math.Max(u.End, a[i].End));
                    i++;
                }
                else if (j < b.Count && Coalescable(u, b[j]))
                {
                    u = new Interval(Math.Min(u.Start, b[j].Start), Math.Max(u.End, b[j].End));
                    j++;
                }
                else
                {
                    break;
                }
            }

            result.Add(u);
        }
    }

    private static bool Coalescable(Interval p, Interval q) => !(p.End < q.Start || q.End < p.Start);

    /// <summary><c>iset_intersection/3</c>.</summary>
    public static List<Interval> Intersection(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b)
    {
        var result = new List<Interval>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var x = a[i];
            var y = b[j];
            if (x.End <= y.Start)
            {
                i++;
                continue;
            }

            if (y.End <= x.Start)
            {
                j++;
                continue;
            }

            result.Add(new Interval(Math.Max(x.Start, y.Start), Math.Min(x.End, y.End)));
            if (x == y)
            {
                i++;
                j++;
            }
            else if (x.End < y.End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }

    /// <summary><c>iset_difference/3</c>.</summary>
    public static List<Interval> Difference(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b)
    {
        var result = new List<Interval>();
        var ai = new List<Interval>(a);
        var bi = new List<Interval>(b);
        int i = 0, j = 0;
        while (true)
        {
            if (j >= bi.Count)
            {
                for (; i < ai.Count; i++)
                {
                    result.Add(ai[i]);
                }

                return result;
            }

            if (i >= ai.Count)
            {
                return result;
            }

            var x = ai[i];
            var y = bi[j];
            if (x.End <= y.Start)
            {
                result.Add(x);
                i++;
            }
            else if (y.End <= x.Start)
            {
                j++;
            }
            else if (x.Start < y.Start)
            {
                result.Add(new Interval(x.Start, y.Start));
                ai[i] = new Interval(y.Start, x.End);
            }
            else if (x.End == y.End)
            {
                i++;
                j++;
            }
            else if (x.End > y.End)
            {
                ai[i] = new Interval(y.End, x.End);
                j++;
            }
            else
            {
                bi[j] = new Interval(x.End, y.End);
                i++;
            }
        }
    }

    /// <summary><c>amalgamatePeriods/3</c>: joins the carried-over interval with the window's first interval when they meet.</summary>
    public static List<Interval> Amalgamate(IReadOnlyList<Interval> extension, IReadOnlyList<Interval> restricted)
    {
        if (extension.Count == 0)
        {
            return [.. restricted];
        }

        if (restricted.Count == 0)
        {
            return [.. extension];
        }

        var result = new List<Interval>(restricted.Count + 1);
        if (extension.Count == 1 && extension[0].End == restricted[0].Start)
        {
            result.Add(new Interval(extension[0].Start, restricted[0].End));
            for (var k = 1; k < restricted.Count; k++)
            {
                result.Add(restricted[k]);
            }

            return result;
        }

        result.AddRange(extension);
        result.AddRange(restricted);
        return result;
    }

    /// <summary>RTEC's <c>tinIntervals/2</c>: the first interval ending after <paramref name="t"/> must start at or before it.</summary>
    public static bool Contains(IReadOnlyList<Interval> list, long t)
    {
        foreach (var iv in list)
        {
            if (iv.End > t)
            {
                return iv.Start <= t;
            }
        }

        return false;
    }

    /// <summary>RTEC's <c>nextTimePoint/2</c>: the next multiple of the clock tick after <paramref name="t"/>.</summary>
    public static long NextTimePoint(long t, long tick) => t == Interval.Inf ? t : t + tick - FloorMod(t, tick);

    /// <summary>Prolog's <c>mod</c> (the result has the divisor's sign).</summary>
    public static long FloorMod(long a, long b)
    {
        var m = a % b;
        return m != 0 && ((m < 0) != (b < 0)) ? m + b : m;
    }

    /// <summary>RTEC's <c>makeIntervalsFromAllPoints</c>: sorted points at most one tick apart form one interval; a run ending at the query time stays open.</summary>
    public static List<Interval> FromPoints(IReadOnlyList<long> sortedPoints, long tick, long queryTime)
    {
        var result = new List<Interval>();
        var k = 0;
        while (k < sortedPoints.Count)
        {
            var start = sortedPoints[k];
            var last = start;
            k++;
            while (k < sortedPoints.Count && sortedPoints[k] - last <= tick)
            {
                last = sortedPoints[k];
                k++;
            }

            var end = k >= sortedPoints.Count && last == queryTime ? Interval.Inf : NextTimePoint(last, tick);
            result.Add(new Interval(start, end));
        }

        return result;
    }

    /// <summary>RTEC's <c>makeIntervalsFromSEPoints/3</c> over sorted starting and ending points (termination wins on ties).</summary>
    public static List<Interval> FromStartsAndEnds(IReadOnlyList<long> starts, IReadOnlyList<long> ends)
    {
        var result = new List<Interval>();
        int s = 0, e = 0;
        while (s < starts.Count)
        {
            var ts = starts[s];
            if (s == starts.Count - 1)
            {
                // A single remaining start: the first end at or after it closes it; an end at the same point cancels it.
                var k = e;
                while (k < ends.Count && ends[k] < ts)
                {
                    k++;
                }

                if (k < ends.Count)
                {
                    if (ends[k] != ts)
                    {
                        result.Add(new Interval(ts, ends[k]));
                    }
                }
                else
                {
                    result.Add(new Interval(ts, Interval.Inf));
                }

                return result;
            }

            if (e >= ends.Count)
            {
                result.Add(new Interval(ts, Interval.Inf));
                return result;
            }

            var tf = ends[e];
            if (tf == ts)
            {
                s++;
                e++;
                continue;
            }

            if (tf < ts)
            {
                e++;
                continue;
            }

            // ts < tf: later starts before tf are absorbed; an end equal to the next start closes the interval there.
            var next = starts[s + 1];
            if (tf <= next)
            {
                result.Add(new Interval(ts, tf));
                s++;
                if (tf < next)
                {
                    e++;
                }

                continue;
            }

            // next < tf: the next start is absorbed into this interval.
            starts = Splice(starts, s + 1);
        }

        return result;
    }

    private static List<long> Splice(IReadOnlyList<long> list, int removeAt)
    {
        var l = new List<long>(list);
        l.RemoveAt(removeAt);
        return l;
    }
}
