using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Loop;

/// <summary>What a rule author (a person or a language model) needs to know about the data: schema, statistics, class balance, sample rows.</summary>
public sealed record DatasetProfile
{
    public required string Target { get; init; }

    public required int Rows { get; init; }

    public required IReadOnlyList<ColumnStatistics> Columns { get; init; }

    /// <summary>Rows per class label.</summary>
    public required IReadOnlyDictionary<string, int> ClassBalance { get; init; }

    /// <summary>A stratified sample: each row as column → value text (empty when missing).</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, string>> Sample { get; init; }

    /// <summary>Profiles <paramref name="rows"/> of the data, with a seeded stratified sample of about <paramref name="sampleSize"/> rows.</summary>
    public static DatasetProfile Build(Dataset data, ClassTarget target, IReadOnlyList<int> rows, int sampleSize, int seed)
    {
        var balance = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var c = target.Classes[r];
            if (c >= 0)
            {
                balance[target.Labels[c]] = balance.GetValueOrDefault(target.Labels[c]) + 1;
            }
        }

        return new DatasetProfile
        {
            Target = target.Name,
            Rows = rows.Count,
            Columns = data.Columns.Select(c => ColumnStatistics.Of(c, rows)).ToArray(),
            ClassBalance = balance,
            Sample = StratifiedSample(data, target, rows, sampleSize, seed),
        };
    }

    /// <summary>The same profile with a sample re-drawn with another seed (statistics are not recomputed).</summary>
    public DatasetProfile WithSample(Dataset data, ClassTarget target, IReadOnlyList<int> rows, int sampleSize, int seed) =>
        this with { Sample = StratifiedSample(data, target, rows, sampleSize, seed) };

    /// <summary>About <paramref name="sampleSize"/> rows, each class in proportion (at least one each), seeded, in row order.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, string>> StratifiedSample(Dataset data, ClassTarget target, IReadOnlyList<int> rows, int sampleSize, int seed)
    {
        var random = new Random(seed);
        var sample = new List<int>();
        var labelled = rows.Where(r => target.Classes[r] >= 0).ToArray();
        foreach (var group in labelled.GroupBy(r => target.Classes[r]).OrderBy(g => g.Key))
        {
            var bag = group.ToArray();
            random.Shuffle(bag);
            var take = Math.Max(1, (int)Math.Round((double)sampleSize * bag.Length / Math.Max(1, labelled.Length)));
            sample.AddRange(bag.Take(take));
        }

        return sample.Order().Select(r => (IReadOnlyDictionary<string, string>)data.Columns.ToDictionary(c => c.Name, c => c.Format(r), StringComparer.Ordinal)).ToArray();
    }
}
