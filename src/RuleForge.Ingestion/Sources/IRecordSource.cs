using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Sources;

/// <summary>Reads one configured source as a stream of records, malformed inputs and unit ends.</summary>
public interface IRecordSource
{
    IAsyncEnumerable<SourceItem> ReadAsync(SourceContext context, CancellationToken cancellationToken);
}
