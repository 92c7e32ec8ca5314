namespace RuleForge.Tabular.Validation;

/// <summary>Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix (rows actual, columns predicted).</summary>
public sealed record ClassificationMetrics
{
    public required int Count { get; init; }

    public required double Accuracy { get; init; }

    public required double MacroF1 { get; init; }

    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Confusion[actual][predicted]; a last column counts rows no rule classified.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }

    /// <summary>Computes the metrics; a predicted code of -1 means unclassified (always wrong).</summary>
    public static ClassificationMetrics Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<string> labels)
    {
        var k = labels.Count;
        var confusion = new int[k][];
        for (var i = 0; i < k; i++)
        {
            confusion[i] = new int[k + 1];
        }

        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var p = predicted[i];
            confusion[actual[i]][p < 0 ? k : p]++;
            if (p == actual[i])
            {
                correct++;
            }
        }

        var per = new List<ClassMetrics>();
        for (var c = 0; c < k; c++)
        {
            var tp = confusion[c][c];
            var support = confusion[c].Sum();
            var predictedC = 0;
            for (var a = 0; a < k; a++)
            {
                predictedC += confusion[a][c];
            }

            var precision = predictedC == 0 ? 0 : (double)tp / predictedC;
            var recall = support == 0 ? 0 : (double)tp / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.Add(new ClassMetrics(labels[c], support, precision, recall, f1));
        }

        var present = per.Where(p => p.Support > 0).ToList();
        return new ClassificationMetrics
        {
            Count = actual.Count,
            Accuracy = actual.Count == 0 ? 0 : (double)correct / actual.Count,
            MacroF1 = present.Count == 0 ? 0 : present.Average(p => p.F1),
            PerClass = per,
            Labels = labels,
            Confusion = confusion,
        };
    }
}
