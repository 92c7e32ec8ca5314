using System.Globalization;
using RuleForge.Core.Errors;

namespace RuleForge.Tabular.Data;

/// <summary>
/// The target column seen as classes: a code per row (-1 where missing) and the class labels. A numeric target
/// becomes one class per distinct value (e.g. 0/1 flags).
/// </summary>
public sealed class ClassTarget
{
    /// <summary>Most classes a target may have; more means the column is not a class (an id, a measurement).</summary>
    public const int MaxClasses = 1000;

    private ClassTarget(string name, int index, int[] classes, IReadOnlyList<string> labels)
    {
        Name = name;
        ColumnIndex = index;
        Classes = classes;
        Labels = labels;
    }

    public string Name { get; }

    public int ColumnIndex { get; }

    /// <summary>Class code per row, -1 where the target is missing.</summary>
    public int[] Classes { get; }

    public IReadOnlyList<string> Labels { get; }

    public int ClassCount => Labels.Count;

    /// <summary>Resolves the target; a missing column, a constant or a near-continuous target is bad input.</summary>
    public static ClassTarget Of(Dataset data, string name)
    {
        var index = data.RequireColumn(name, "target column");
        var column = data.Columns[index];
        int[] classes;
        IReadOnlyList<string> labels;
        if (column.IsNumeric)
        {
            var distinct = new SortedSet<double>();
            foreach (var v in column.Numbers)
            {
                if (!double.IsNaN(v))
                {
                    distinct.Add(v);
                    if (distinct.Count > MaxClasses)
                    {
                        throw new InputException($"{data.Source}: target column '{name}' is numeric with more than {MaxClasses} distinct values; rule learning needs a class column (use a nominal target, or bin the values first)");
                    }
                }
            }

            var values = distinct.ToArray();
            labels = values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray();
            classes = column.Numbers.Select(v => double.IsNaN(v) ? -1 : Array.BinarySearch(values, v)).ToArray();
        }
        else
        {
            var used = new bool[column.Categories.Count];
            foreach (var c in column.Codes)
            {
                if (c >= 0)
                {
                    used[c] = true;
                }
            }

            var usedCount = used.Count(u => u);
            if (usedCount > MaxClasses)
            {
                throw new InputException($"{data.Source}: target column '{name}' has {usedCount} distinct values (more than {MaxClasses}); it looks like an identifier or free text, not a class");
            }

            // Keep declared categories (ARFF order), even unused ones, so class codes match the file.
            labels = column.Categories;
            classes = column.Codes;
        }

        var present = classes.Where(c => c >= 0).Distinct().Count();
        if (present == 0)
        {
            throw new InputException($"{data.Source}: target column '{name}' has no values (every row is missing)");
        }

        if (present == 1)
        {
            var only = labels[classes.First(c => c >= 0)];
            throw new InputException($"{data.Source}: target column '{name}' is constant ('{only}' on every row); there is nothing to learn — every row gets that class");
        }

        return new ClassTarget(name, index, classes, labels);
    }

    /// <summary>The class code of a label, or -1.</summary>
    public int CodeOf(string label)
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            if (Labels[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Rows whose target is present, ascending.</summary>
    public int[] LabelledRows() => Enumerable.Range(0, Classes.Length).Where(r => Classes[r] >= 0).ToArray();
}
