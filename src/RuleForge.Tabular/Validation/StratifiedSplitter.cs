using RuleForge.Core.Errors;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Validation;

/// <summary>Seeded stratified splits: k folds, or a hold-out share, each keeping the class proportions.</summary>
public static class StratifiedSplitter
{
    /// <summary>Assigns each labelled row a fold in 0..k−1 (classes shuffled, then dealt round-robin).</summary>
    public static int[][] Folds(ClassTarget target, IReadOnlyList<int> rows, int k, int seed)
    {
        if (k < 2)
        {
            throw new InputException($"--folds must be at least 2 (got {k})");
        }

        var labelled = rows.Where(r => target.Classes[r] >= 0).ToArray();
        if (labelled.Length < k)
        {
            throw new InputException($"{k} folds need at least {k} labelled rows; the data has {labelled.Length}");
        }

        var random = new Random(seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        var next = 0;
        foreach (var group in labelled.GroupBy(r => target.Classes[r]).OrderBy(g => g.Key))
        {
            var bag = group.ToArray();
            random.Shuffle(bag);
            foreach (var r in bag)
            {
                folds[next].Add(r);
                next = (next + 1) % k;
            }
        }

        return folds.Select(f => f.Order().ToArray()).ToArray();
    }

    /// <summary>Splits labelled rows into (train, test) with about <paramref name="testShare"/> of each class in test.</summary>
    public static (int[] Train, int[] Test) Holdout(ClassTarget target, IReadOnlyList<int> rows, double testShare, int seed)
    {
        if (!(testShare > 0 && testShare < 1))
        {
            throw new InputException($"--holdout must be a share between 0 and 1, e.g. 0.3 (got {testShare})");
        }

        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in rows.Where(r => target.Classes[r] >= 0).GroupBy(r => target.Classes[r]).OrderBy(g => g.Key))
        {
            var bag = group.ToArray();
            random.Shuffle(bag);
            var cut = (int)Math.Round(bag.Length * testShare);
            test.AddRange(bag[..cut]);
            train.AddRange(bag[cut..]);
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new InputException($"a hold-out of {testShare} leaves an empty training or test set ({rows.Count} rows)");
        }

        return (train.Order().ToArray(), test.Order().ToArray());
    }
}
