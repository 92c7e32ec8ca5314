namespace RuleForge.Ingestion.Running;

/// <summary>How an ingestion run works: batch size, parallel sources, HTTP client, clock and progress reports.</summary>
public sealed record IngestionOptions
{
    /// <summary>
    /// Records (and quarantined inputs) per committed transaction. 50,000 costs about a quarter less CPU per record
    /// than 5,000 in the SQLite store (fewer, better-ordered hash B-tree passes), at ~20 MB held per batch in flight.
    /// </summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>The default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 50_000;

    /// <summary>Sources ingested at the same time (started in priority order).</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>The client HTTP sources use (the caller owns it).</summary>
    public HttpClient? Http { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The persisted cost ledger HTTP sources charge every call to (provider <c>http</c>, key = source id) and whose
    /// atomic admission enforces their limits across processes; null: limits are checked against the data store's
    /// per-day usage of this process's runs only.
    /// </summary>
    public RuleForge.Core.Costs.ICostLedgerStore? Ledger { get; init; }

    /// <summary>Limits on all spending in <see cref="Ledger"/> (model calls and API sources together, ruleforge.yaml <c>costs:</c>).</summary>
    public RuleForge.Core.Costs.SpendingLimits Spending { get; init; } = RuleForge.Core.Costs.SpendingLimits.None;

    /// <summary>Called after every committed batch with the source's counts so far.</summary>
    public Action<SourceReport>? Progress { get; init; }
}
