using System.Globalization;
using RuleForge.Core.Stores;
using RuleForge.Ingestion.Config;

namespace RuleForge.Ingestion.Running;

/// <summary>Ingests sources into the data store: enabled ones, highest priority first, at most <see cref="IngestionOptions.Parallelism"/> at once.</summary>
public sealed class Ingestor(IDataStore store, IngestionOptions? options = null)
{
    private readonly IngestionOptions _options = options ?? new IngestionOptions();

    public async Task<IngestionReport> RunAsync(IReadOnlyList<SourceConfig> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (_options.BatchSize <= 0 || _options.Parallelism <= 0)
        {
            throw new ArgumentException("batch size and parallelism must be positive", nameof(sources));
        }

        var now = _options.Time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"ingest-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}")[..31];
        var ordered = sources.Select((s, i) => (Source: s, Index: i)).OrderByDescending(x => x.Source.Priority).ThenBy(x => x.Index).ToArray();
        var reports = new SourceReport[sources.Count];
        await Parallel.ForEachAsync(
            ordered,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (x, ct) => reports[x.Index] = await new SourceRunner(x.Source, store, _options, runId).RunAsync(ct));
        return new IngestionReport(runId, reports);
    }
}
