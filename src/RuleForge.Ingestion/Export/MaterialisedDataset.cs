using RuleForge.Core.Data;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;

namespace RuleForge.Ingestion.Export;

/// <summary>
/// One stored dataset version written out as a CSV file (through <see cref="DataExporter"/>, the same path as
/// <c>ruleforge data export</c>) so the file readers of <c>learn</c> read it unchanged; disposing deletes the file.
/// </summary>
public sealed class MaterialisedDataset : IDisposable
{
    private readonly string _folder;

    private MaterialisedDataset(string folder, string path, string dataset, int version, long records)
    {
        _folder = folder;
        Path = path;
        Dataset = dataset;
        Version = version;
        Records = records;
    }

    /// <summary>The CSV file holding the version's records (named <c>&lt;dataset&gt;@v&lt;version&gt;.csv</c>).</summary>
    public string Path { get; }

    /// <summary>The dataset's name (a source id in the reference resolves to its dataset).</summary>
    public string Dataset { get; }

    /// <summary>The version materialised: the one asked for, or the latest when none was.</summary>
    public int Version { get; }

    public long Records { get; }

    /// <summary>The pinned reference, <c>data:dataset@version</c>: what provenance and resumed runs record.</summary>
    public DataReference Reference => new(Dataset, Version);

    /// <summary>Resolves <paramref name="reference"/> in <paramref name="store"/> and exports that version; unknown names, unknown versions and empty versions are bad input.</summary>
    public static async Task<MaterialisedDataset> CreateAsync(IDataStore store, DataReference reference, CancellationToken cancellationToken)
    {
        var pinned = await ResolveAsync(store, reference, cancellationToken);
        var dataset = pinned.Dataset;
        var version = pinned.Version!.Value;
        var query = new DataRecordQuery { Dataset = dataset, Version = version };
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ruleforge-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = System.IO.Path.Combine(folder, $"{SafeName(dataset)}@v{version}.csv");
            var records = await DataExporter.ExportAsync(store, query, path, cancellationToken);
            return records == 0
                ? throw new InputException($"{reference}: dataset '{dataset}' version {version} holds no records; nothing to learn from")
                : new MaterialisedDataset(folder, path, dataset, version, records);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The reference pinned to a stored version (<c>data:dataset@version</c>, the latest when none is given) without
    /// exporting anything; an unknown name, a dataset without versions or an unknown version is bad input.
    /// </summary>
    public static async Task<DataReference> ResolveAsync(IDataStore store, DataReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reference);
        var dataset = await store.FindDatasetAsync(reference.Dataset, cancellationToken);
        if (dataset is null)
        {
            var known = (await store.ListDatasetsAsync(cancellationToken)).Select(d => d.Name).DefaultIfEmpty("(none yet: run ruleforge ingest)");
            throw new InputException($"{reference}: no dataset or source named '{reference.Dataset}'; datasets: {string.Join(", ", known)}");
        }

        var versions = await store.GetVersionsAsync(dataset.Name, cancellationToken);
        var version = reference.Version ?? dataset.LatestVersion
            ?? throw new InputException($"{reference}: dataset '{dataset.Name}' has no versions yet (run ruleforge ingest)");
        return versions.Any(v => v.Version == version)
            ? new DataReference(dataset.Name, version)
            : throw new InputException($"{reference}: dataset '{dataset.Name}' has no version {version}; versions: {string.Join(", ", versions.Select(v => v.Version))}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string SafeName(string name) =>
        string.Concat(name.Select(c => System.IO.Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
}
