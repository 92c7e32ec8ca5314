using RuleForge.Core.Data;

namespace RuleForge.Core.Stores;

/// <summary>
/// The versioned data store: ingested records deduplicated by content hash, grouped into immutable dataset versions
/// with lineage, plus quarantined records, source watermarks and API call accounting.
/// </summary>
public interface IDataStore
{
    /// <summary>Commits one batch atomically (records, quarantine, watermark, usage): all of it or nothing.</summary>
    Task<DataBatchResult> AppendAsync(DataBatch batch, CancellationToken cancellationToken);

    /// <summary>Seals the version a run opened in <paramref name="dataset"/> (if it stored anything); returns it, or null.</summary>
    Task<DataVersion?> SealAsync(string dataset, string runId, DataVersionStatus status, CancellationToken cancellationToken);

    Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken);

    /// <summary>The dataset named <paramref name="datasetOrSource"/>, or the one fed by that source; null when neither exists.</summary>
    Task<DatasetSummary?> FindDatasetAsync(string datasetOrSource, CancellationToken cancellationToken);

    /// <summary>Every version of a dataset, oldest first.</summary>
    Task<IReadOnlyList<DataVersion>> GetVersionsAsync(string dataset, CancellationToken cancellationToken);

    /// <summary>Stored records matching <paramref name="query"/>, in ingestion order, streamed.</summary>
    IAsyncEnumerable<DataRecord> QueryAsync(DataRecordQuery query, CancellationToken cancellationToken);

    Task<long> CountAsync(DataRecordQuery query, CancellationToken cancellationToken);

    /// <summary>Quarantined records of a dataset, oldest first.</summary>
    Task<IReadOnlyList<QuarantinedRecord>> GetQuarantineAsync(string dataset, int limit, CancellationToken cancellationToken);

    /// <summary>The source's stored watermark (JSON scalar text), or null before its first complete run.</summary>
    Task<string?> GetWatermarkAsync(string sourceId, CancellationToken cancellationToken);

    /// <summary>The source's API usage on one UTC day.</summary>
    Task<CallUsage> GetUsageAsync(string sourceId, DateOnly day, CancellationToken cancellationToken);
}
