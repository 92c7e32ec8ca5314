using RuleForge.Cli.Hosting;
using RuleForge.Ingestion.Export;
using RuleForge.Storage;
using RuleForge.Storage.Data;

namespace RuleForge.Cli.Commands.Ingestion;

/// <summary>
/// The data argument of a learning command: a file as given, or a stored dataset (<c>data:id[@version]</c>) read from
/// the <c>--db</c> data store and materialised as a CSV file for the file readers; disposing removes that file.
/// </summary>
internal sealed class DataInput : IDisposable
{
    private readonly MaterialisedDataset? _stored;

    private DataInput(string path, string label, MaterialisedDataset? stored)
    {
        Path = path;
        Label = label;
        _stored = stored;
    }

    /// <summary>The file to read.</summary>
    public string Path { get; }

    /// <summary>What to record as the data: the file path, or the pinned reference <c>data:dataset@version</c>.</summary>
    public string Label { get; }

    /// <summary>Whether the data came from the data store (its version is then the provenance).</summary>
    public bool IsStored => _stored is not null;

    /// <summary>A file path is passed through; a <c>data:</c> reference is resolved and exported (bad references are <see cref="Core.Errors.InputException"/>).</summary>
    public static async Task<DataInput> OpenAsync(CommandContext ctx, string data, CancellationToken ct)
    {
        if (!DataReference.IsReference(data))
        {
            return new DataInput(data, data, null);
        }

        var reference = DataReference.Parse(data);
        await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
        var stored = await MaterialisedDataset.CreateAsync(new SqlDataStore(db.Connector, ctx.Time), reference, ct);
        return new DataInput(stored.Path, stored.Reference.ToString(), stored);
    }

    /// <summary>A file argument as an absolute path; a <c>data:</c> reference unchanged.</summary>
    public static string Normalise(string data) => DataReference.IsReference(data) ? data : System.IO.Path.GetFullPath(data);

    public void Dispose() => _stored?.Dispose();
}
