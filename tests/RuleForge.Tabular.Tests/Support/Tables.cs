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
}
