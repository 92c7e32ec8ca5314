using RuleForge.Core.Data;
using RuleForge.Core.Stores;

namespace RuleForge.Ingestion.Tests.Support;

/// <summary>A data store that goes away at the n-th append: that append and every later one fail, committing nothing.</summary>
public sealed class CrashingStore(IDataStore inner, int failOnAppend) : IDataStore
{
    private int _appends;

    public Task<DataBatchResult> AppendAsync(DataBatch batch, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _appends) >= failOnAppend
            ? throw new StoreException("simulated crash: the database went away")
            : inner.AppendAsync(batch, cancellationToken);

    public Task<DataVersion?> SealAsync(string dataset, string runId, DataVersionStatus status, CancellationToken cancellationToken) =>
        Task.FromResult<DataVersion?>(null); // A crashed process never seals its version.

    public Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken) => inner.ListDatasetsAsync(cancellationToken);

    public Task<DatasetSummary?> FindDatasetAsync(string datasetOrSource, CancellationToken cancellationToken) => inner.FindDatasetAsync(datasetOrSource, cancellationToken);

    public Task<IReadOnlyList<DataVersion>> GetVersionsAsync(string dataset, CancellationToken cancellationToken) => inner.GetVersionsAsync(dataset, cancellationToken);

    public IAsyncEnumerable<DataRecord> QueryAsync(DataRecordQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public Task<long> CountAsync(DataRecordQuery query, CancellationToken cancellationToken) => inner.CountAsync(query, cancellationToken);

    public Task<IReadOnlyList<QuarantinedRecord>> GetQuarantineAsync(string dataset, int limit, CancellationToken cancellationToken) => inner.GetQuarantineAsync(dataset, limit, cancellationToken);

    public Task<string?> GetWatermarkAsync(string sourceId, CancellationToken cancellationToken) => inner.GetWatermarkAsync(sourceId, cancellationToken);

    public Task<CallUsage> GetUsageAsync(string sourceId, DateOnly day, CancellationToken cancellationToken) => inner.GetUsageAsync(sourceId, day, cancellationToken);
}
