using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Sources;

/// <summary>Reads one configured source as a stream of records, malformed inputs and unit ends.</summary>
public interface IRecordSource
{
    /// <summary>Whether values arrive as text only (CSV), so numbers and booleans must be inferred from text.</summary>
    bool Textual { get; }

    IAsyncEnumerable<SourceItem> ReadAsync(SourceContext context, CancellationToken cancellationToken);
}
