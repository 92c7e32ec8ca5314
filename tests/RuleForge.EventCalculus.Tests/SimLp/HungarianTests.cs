using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Tests.SimLp;

public sealed class HungarianTests
{
    private static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0)
        {
            yield return [];
            yield break;
        }

        foreach (var p in Permutations(n - 1))
        {
            for (var i = 0; i <= p.Length; i++)
            {
                var q = new int[n];
                Array.Copy(p, 0, q, 0, i);
                q[i] = n - 1;
                Array.Copy(p, i, q, i + 1, p.Length - i);
                yield return q;
            }
        }
    }

    [Fact]
    public void Finds_the_minimum_cost_of_every_small_random_matrix()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 300; trial++)
        {
            var n = random.Next(1, 7);
            var cost = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    cost[i, j] = random.Next(3) == 0 ? 1 : Math.Round(random.NextDouble(), 3);
                }
            }

            var assignment = Hungarian.Solve(cost);
            assignment.Distinct().Count().ShouldBe(n);
            var best = Permutations(n).Min(p => Hungarian.Cost(cost, p));
            Hungarian.Cost(cost, assignment).ShouldBe(best, 1e-12);
        }
    }

    [Fact]
    public void Empty_and_non_square_matrices()
    {
        Hungarian.Solve(new double[0, 0]).ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => Hungarian.Solve(new double[2, 3]));
    }
}
