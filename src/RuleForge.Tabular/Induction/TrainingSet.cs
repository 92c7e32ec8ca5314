using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Induction;

/// <summary>
/// The learner's view of a dataset: feature columns as raw arrays, classes renumbered rarest-first, weights, and
/// each numeric column presorted once so splits on large subsets scan in order instead of sorting again.
/// </summary>
internal sealed class TrainingSet
{
    public TrainingSet(Dataset data, ClassTarget target, int[] classOrder, int[] features, double[] weights, int[] rows)
    {
        _rows = rows;
        Data = data;
        Target = target;
        Features = features;
        Weights = weights;
        RowCount = data.RowCount;
        ClassCount = classOrder.Length;
        var rank = new int[target.ClassCount];
        Array.Fill(rank, -1);
        for (var i = 0; i < classOrder.Length; i++)
        {
            rank[classOrder[i]] = i;
        }

        Y = target.Classes.Select(c => c < 0 ? -1 : rank[c]).ToArray();
        ClassOrder = classOrder;
        Numbers = new double[data.Columns.Count][];
        Codes = new int[data.Columns.Count][];
        Sorted = new int[data.Columns.Count][];
        foreach (var f in features)
        {
            var col = data.Columns[f];
            if (col.IsNumeric)
            {
                Numbers[f] = col.Numbers;
            }
            else
            {
                Codes[f] = col.Codes;
            }
        }

        Membership = new bool[RowCount];
    }

    public Dataset Data { get; }

    public ClassTarget Target { get; }

    /// <summary>Column indexes usable in conditions, in column order.</summary>
    public int[] Features { get; }

    public double[] Weights { get; }

    public int RowCount { get; }

    public int ClassCount { get; }

    /// <summary>Class rank per row: 0 is the rarest class; -1 where missing.</summary>
    public int[] Y { get; }

    /// <summary>Original class code of each rank.</summary>
    public int[] ClassOrder { get; }

    public double[][] Numbers { get; }

    public int[][] Codes { get; }

    /// <summary>Scratch flags for subset scans; always all false between uses.</summary>
    public bool[] Membership { get; }

    private int[][] Sorted { get; }

    /// <summary>The rows learning may touch (the training rows); the presorted columns hold only these.</summary>
    private readonly int[] _rows;

    public bool IsNumeric(int feature) => Numbers[feature] is not null;

    public int CategoryCount(int feature) => Data.Columns[feature].Categories.Count;

    /// <summary>Training rows of the column with a value, ascending by value (ties by row), computed once on demand.</summary>
    public int[] SortedRows(int feature)
    {
        if (Sorted[feature] is { } s)
        {
            return s;
        }

        var values = Numbers[feature];
        var rows = _rows.Where(r => !double.IsNaN(values[r])).ToArray();
        var keys = rows.Select(r => values[r]).ToArray();
        Array.Sort(keys, rows);

        // Array.Sort is not stable; restore row order inside runs of equal values for determinism.
        var start = 0;
        for (var i = 1; i <= rows.Length; i++)
        {
            if (i == rows.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    Array.Sort(rows, start, i - start);
                }

                start = i;
            }
        }

        Sorted[feature] = rows;
        return rows;
    }
}
