using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Readers;

/// <summary>Reads a data file by its extension: <c>.arff</c>, <c>.jsonl</c>/<c>.ndjson</c>, anything else as delimited text.</summary>
public static class DatasetReader
{
    /// <summary>Whether the format names its class column (ARFF: the last attribute, as in Weka).</summary>
    public static bool IsArff(string path) => path.EndsWith(".arff", StringComparison.OrdinalIgnoreCase);

    public static async Task<Dataset> ReadAsync(string path, ReadOptions? options, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new DataFormatException(path, null, null, "is a folder, not a data file");
        }

        if (!File.Exists(path))
        {
            throw new DataFormatException(path, null, null, "no such file");
        }

        if (IsArff(path))
        {
            return await new ArffDatasetReader().ReadAsync(path, cancellationToken);
        }

        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            return await new JsonLinesDatasetReader(options).ReadAsync(path, cancellationToken);
        }

        return await new CsvDatasetReader(options).ReadAsync(path, cancellationToken);
    }
}
