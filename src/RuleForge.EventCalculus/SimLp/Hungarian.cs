namespace RuleForge.EventCalculus.SimLp;

/// <summary>Minimum-cost perfect assignment on a square cost matrix (Hungarian method with potentials, O(n³)).</summary>
/// <remarks>Written by hand: no package available to RuleForge provides a linear-sum-assignment solver.</remarks>
public static class Hungarian
{
    /// <summary>Returns, for each row, the column assigned to it so that the total cost is minimal.</summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var n = cost.GetLength(0);
        if (cost.GetLength(1) != n)
        {
            throw new ArgumentException("The cost matrix must be square.", nameof(cost));
        }

        var flat = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                flat[(i * n) + j] = cost[i, j];
            }
        }

        var result = new int[n];
        Solve(flat, n, result);
        return result;
    }

    /// <summary>Allocation-free form: <paramref name="cost"/> is row-major n×n; <paramref name="assignment"/>[row] receives the column; returns the minimal total cost.</summary>
    public static double Solve(ReadOnlySpan<double> cost, int n, Span<int> assignment)
    {
        if (cost.Length != n * n || assignment.Length < n)
        {
            throw new ArgumentException("The cost span must hold n×n values and the assignment n.");
        }

        if (n == 0)
        {
            return 0;
        }

        if (n == 1)
        {
            assignment[0] = 0;
            return cost[0];
        }

        // 1-based: u/v are row/column potentials, p[j] the row matched to column j, way[j] the previous column on the augmenting path.
        var size = n + 1;
        Span<double> doubles = size <= 64 ? stackalloc double[3 * size] : new double[3 * size];
        Span<int> ints = size <= 64 ? stackalloc int[3 * size] : new int[3 * size];
        doubles.Clear();
        ints.Clear();
        var u = doubles[..size];
        var v = doubles.Slice(size, size);
        var minv = doubles.Slice(2 * size, size);
        var p = ints[..size];
        var way = ints.Slice(size, size);
        var used = ints.Slice(2 * size, size);
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            minv.Fill(double.PositiveInfinity);
            used.Clear();
            do
            {
                used[j0] = 1;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                var row = cost.Slice((i0 - 1) * n, n);
                for (var j = 1; j <= n; j++)
                {
                    if (used[j] != 0)
                    {
                        continue;
                    }

                    var cur = row[j - 1] - u[i0] - v[j];
                    if (cur < minv[j])
                    {
                        minv[j] = cur;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= n; j++)
                {
                    if (used[j] != 0)
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var total = 0.0;
        for (var j = 1; j <= n; j++)
        {
            assignment[p[j] - 1] = j - 1;
        }

        for (var i = 0; i < n; i++)
        {
            total += cost[(i * n) + assignment[i]];
        }

        return total;
    }

    /// <summary>The total cost of an assignment.</summary>
    public static double Cost(double[,] cost, int[] assignment)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(assignment);
        var sum = 0.0;
        for (var i = 0; i < assignment.Length; i++)
        {
            sum += cost[i, assignment[i]];
        }

        return sum;
    }
}
