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
        var cost = n <= 32 ? stackalloc double[n * n] : new double[n * n];
        var maxBody = 0;
        foreach (var r in generated)
        {
            maxBody = Math.Max(maxBody, r.Body.Length);
        }

        foreach (var r in reference)
        {
            maxBody = Math.Max(maxBody, r.Body.Length);
        }

        Span<int> scratch = maxBody <= 64 ? stackalloc int[maxBody] : new int[maxBody];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                cost[(i * n) + j] = i < generated.Count && j < reference.Count ? SimLpDistance.Rule(generated[i], reference[j], scratch) : 1;
            }
        }

        var assignment = new int[n];
        var total = Hungarian.Solve(cost, n, assignment);
        var pairs = new List<(SimRule?, SimRule?, double, int[])>(n);
        for (var i = 0; i < n; i++)
        {
            var j = assignment[i];
            var g = i < generated.Count ? generated[i] : null;
            var r = j < reference.Count ? reference[j] : null;
            var body = g is not null && r is not null && cost[(i * n) + j] > 0 ? SimLpDistance.BodyAssignment(g, r) : [];
            pairs.Add((g, r, cost[(i * n) + j], body));
        }

        var similarity = typeMismatch ? 0.0 : 1.0 - (total / n);
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
