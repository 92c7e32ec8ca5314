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
                return a.Source.Equals(b.Source) ? 0 : 1;
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

    /// <summary>The rule distance (d_head + S) / (m + 1); <paramref name="bodyAssignment"/> (length ≥ m) receives generated literal index → reference literal index (indexes past a body's end are dummies).</summary>
    public static double Rule(SimRule generated, SimRule reference, Span<int> bodyAssignment)
    {
        var head = Term(generated.Head, reference.Head);
        var m = Math.Max(generated.Body.Length, reference.Body.Length);
        if (m == 0)
        {
            return head;
        }

        Span<double> cost = m <= 16 ? stackalloc double[m * m] : new double[m * m];
        for (var i = 0; i < m; i++)
        {
            var g = i < generated.Body.Length ? generated.Body[i] : null;
            for (var j = 0; j < m; j++)
            {
                cost[(i * m) + j] = Term(g, j < reference.Body.Length ? reference.Body[j] : null);
            }
        }

        return (head + Hungarian.Solve(cost, m, bodyAssignment)) / (m + 1);
    }

    /// <summary>The rule distance alone.</summary>
    public static double RuleOnly(SimRule generated, SimRule reference)
    {
        var m = Math.Max(generated.Body.Length, reference.Body.Length);
        Span<int> assignment = m <= 64 ? stackalloc int[m] : new int[m];
        return Rule(generated, reference, assignment);
    }

    /// <summary>The optimal body assignment of two rules (for feedback).</summary>
    public static int[] BodyAssignment(SimRule generated, SimRule reference)
    {
        var result = new int[Math.Max(generated.Body.Length, reference.Body.Length)];
        Rule(generated, reference, result);
        return result;
    }
}
