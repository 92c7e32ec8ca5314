using RuleForge.Tabular.Data;
using RuleForge.Tabular.Readers;

namespace RuleForge.Tabular.Tests.Support;

/// <summary>Builders for small datasets used by the tests.</summary>
internal static class Tables
{
    public static Task<Dataset> Csv(string text, ReadOptions? options = null) =>
        new CsvDatasetReader(options).ReadAsync(new StringReader(text), "test.csv", CancellationToken.None);

    public static Task<Dataset> Arff(string text) =>
        new ArffDatasetReader().ReadAsync(new StringReader(text), "test.arff", CancellationToken.None);

    public static Task<Dataset> JsonLines(string text) =>
        new JsonLinesDatasetReader().ReadAsync(new StringReader(text), "test.jsonl", CancellationToken.None);

    /// <summary>Rows with x, y in [0,100) and a nominal colour; class "pos" exactly when x &gt;= 60 and colour = red, with optional label noise.</summary>
    public static Dataset Synthetic(int rows, int seed, double noise = 0.0)
    {
        var random = new Random(seed);
        var x = new double[rows];
        var y = new double[rows];
        var colour = new string?[rows];
        var cls = new string?[rows];
        string[] colours = ["red", "green", "blue"];
        for (var i = 0; i < rows; i++)
        {
            x[i] = random.Next(100);
            y[i] = random.Next(100);
            colour[i] = colours[random.Next(3)];
            var pos = x[i] >= 60 && colour[i] == "red";
            if (random.NextDouble() < noise)
            {
                pos = !pos;
            }

            cls[i] = pos ? "pos" : "neg";
        }

        return new Dataset("synthetic", [DataColumn.Numeric("x", x), DataColumn.Numeric("y", y), DataColumn.FromTexts("colour", colour), DataColumn.FromTexts("class", cls)]);
    }

    /// <summary>The shared ARFF folder (../shared/data/arff from the repository root), or null when absent.</summary>
    public static string? SharedArff()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null)
        {
            var candidate = Path.Combine(dir, "..", "shared", "data", "arff");
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }

            var alt = Path.Combine(dir, "shared", "data", "arff");
            if (Directory.Exists(alt) && File.Exists(Path.Combine(dir, "shared", "README.md")))
            {
                return Path.GetFullPath(alt);
            }

            dir = Path.GetDirectoryName(dir);
        }

        return Directory.Exists("/work/shared/data/arff") ? "/work/shared/data/arff" : null;
    }
}
