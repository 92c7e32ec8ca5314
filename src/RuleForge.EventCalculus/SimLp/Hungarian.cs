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

        var result = new int[n];
        if (n == 0)
        {
            return result;
        }

        // 1-based arrays: u/v are row/column potentials, p[j] the row matched to column j, way[j] the previous column on the augmenting path.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        var minv = new double[n + 1];
        var used = new bool[n + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var cur = cost[i0 - 1, j - 1] - u[i0] - v[j];
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
                    if (used[j])
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

        for (var j = 1; j <= n; j++)
        {
            result[p[j] - 1] = j - 1;
        }

        return result;
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
