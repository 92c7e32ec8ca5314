namespace RuleForge.EventCalculus.SimLp;

/// <summary>The SimLP distances: between terms, between rules (optimal body-literal assignment) and within a partition (optimal rule assignment).</summary>
internal static class SimLpDistance
{
    /// <summary>d(a, b) ∈ [0, 1]; a null side is the dummy literal, at distance 1 from anything.</summary>
    public static double Term(SimTerm? a, SimTerm? b)
    {
        if (a is null || b is null || a.Kind != b.Kind)
        {
            return 1;
        }

        switch (a.Kind)
        {
            case SimTermKind.Variable:
                if (a.IsSingleton && b.IsSingleton)
                {
                    return 0;
                }

                if (a.IsSingleton || b.IsSingleton)
                {
                    return 1;
                }

                return a.Signature == b.Signature ? 0 : 1;
            case SimTermKind.Constant:
                return string.Equals(a.Name, b.Name, StringComparison.Ordinal) ? 0 : 1;
            default:
                if (a.Args.Length != b.Args.Length || !string.Equals(a.Name, b.Name, StringComparison.Ordinal))
                {
                    return 1;
                }

                var sum = 0.0;
                for (var i = 0; i < a.Args.Length; i++)
                {
                    sum += Term(a.Args[i], b.Args[i]);
                }

                return sum / (2 * a.Args.Length);
        }
    }

    /// <summary>The rule distance (d_head + S) / (m + 1) and the body assignment (generated literal index → reference literal index; indexes past a body's end are dummies).</summary>
    public static (double Distance, double HeadDistance, int[] BodyAssignment, double[,] BodyCosts) Rule(SimRule generated, SimRule reference)
    {
        var head = Term(generated.Head, reference.Head);
        var m = Math.Max(generated.Body.Length, reference.Body.Length);
        if (m == 0)
        {
            return (head, head, [], new double[0, 0]);
        }

        var cost = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            var g = i < generated.Body.Length ? generated.Body[i] : null;
            for (var j = 0; j < m; j++)
            {
                cost[i, j] = Term(g, j < reference.Body.Length ? reference.Body[j] : null);
            }
        }

        var assignment = Hungarian.Solve(cost);
        return ((head + Hungarian.Cost(cost, assignment)) / (m + 1), head, assignment, cost);
    }

    /// <summary>The rule distance alone.</summary>
    public static double RuleOnly(SimRule generated, SimRule reference) => Rule(generated, reference).Distance;
}
