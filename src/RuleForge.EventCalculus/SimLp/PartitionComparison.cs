namespace RuleForge.EventCalculus.SimLp;

/// <summary>The working result for one partition: rules of both sides, pairwise rule distances and the optimal assignment.</summary>
internal sealed class PartitionComparison
{
    private PartitionComparison(PartitionKey key, List<SimRule> generated, List<SimRule> reference, double similarity, bool typeMismatch, List<(SimRule? Generated, SimRule? Reference, double Distance, int[] Body)> pairs)
    {
        Key = key;
        Generated = generated;
        Reference = reference;
        Similarity = similarity;
        TypeMismatch = typeMismatch;
        Pairs = pairs;
    }

    public PartitionKey Key { get; }

    public List<SimRule> Generated { get; }

    public List<SimRule> Reference { get; }

    public double Similarity { get; }

    public bool TypeMismatch { get; }

    public bool IsReferenceOnly => Generated.Count == 0;

    /// <summary>Matched pairs (a null side is a dummy rule) with the rule distance and body assignment.</summary>
    public List<(SimRule? Generated, SimRule? Reference, double Distance, int[] Body)> Pairs { get; }

    public static PartitionComparison Compute(PartitionKey key, List<SimRule> generated, List<SimRule> reference, bool typeMismatch)
    {
        var n = Math.Max(generated.Count, reference.Count);
        var cost = new double[n, n];
        var bodies = new int[n, n][];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i < generated.Count && j < reference.Count)
                {
                    var (d, _, body, _) = SimLpDistance.Rule(generated[i], reference[j]);
                    cost[i, j] = d;
                    bodies[i, j] = body;
                }
                else
                {
                    cost[i, j] = 1;
                    bodies[i, j] = [];
                }
            }
        }

        var assignment = Hungarian.Solve(cost);
        var pairs = new List<(SimRule?, SimRule?, double, int[])>(n);
        for (var i = 0; i < n; i++)
        {
            var j = assignment[i];
            pairs.Add((i < generated.Count ? generated[i] : null, j < reference.Count ? reference[j] : null, cost[i, j], bodies[i, j]));
        }

        var similarity = typeMismatch ? 0.0 : 1.0 - (Hungarian.Cost(cost, assignment) / n);
        return new PartitionComparison(key, generated, reference, similarity, typeMismatch, pairs);
    }

    public static PartitionComparison Missing(PartitionKey key, List<SimRule> reference) =>
        new(key, [], reference, 0.0, false, reference.Select(r => ((SimRule?)null, (SimRule?)r, 1.0, Array.Empty<int>())).ToList());

    public PartitionResult ToResult() => new(
        Key.ToString(),
        Similarity,
        IsReferenceOnly ? PartitionStatus.ReferenceOnly : PartitionStatus.Shared,
        TypeMismatch,
        IsReferenceOnly ? [] : Pairs.Select(p => new RuleMatch(p.Generated?.Index, p.Reference?.Index, p.Generated?.Clause.Position.Line, p.Reference?.Clause.Position.Line, p.Distance)).ToList());
}
