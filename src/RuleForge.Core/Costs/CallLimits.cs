namespace RuleForge.Core.Costs;

/// <summary>Limits of one metered API key (an ingestion source's calls) per UTC day and in total; null: no limit.</summary>
public sealed record CallLimits
{
    public static CallLimits None { get; } = new();

    public long? CallsPerDay { get; init; }

    public long? BytesPerDay { get; init; }

    /// <summary>Estimated cost of one call in USD, charged to the ledger for every call made.</summary>
    public decimal CostPerCallUsd { get; init; }

    public decimal? CostPerDayUsd { get; init; }

    public decimal? TotalCostUsd { get; init; }
}
