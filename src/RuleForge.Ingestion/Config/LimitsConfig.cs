namespace RuleForge.Ingestion.Config;

/// <summary>Daily limits of an API source; a call that would pass one is not made and the source stops as <c>limited</c>.</summary>
public sealed class LimitsConfig
{
    public long? CallsPerDay { get; set; }

    public long? BytesPerDay { get; set; }

    /// <summary>Estimated cost of one call (in the account's currency), summed per day.</summary>
    public decimal CostPerCall { get; set; }

    public decimal? CostPerDay { get; set; }

    /// <summary>Most estimated cost over all days (kept in the shared cost ledger, so it needs the ledger: <c>ruleforge ingest</c> has it).</summary>
    public decimal? CostTotal { get; set; }

    /// <summary>These limits as the cost ledger's per-key limits (cost in USD).</summary>
    public RuleForge.Core.Costs.CallLimits ToCallLimits() => new()
    {
        CallsPerDay = CallsPerDay,
        BytesPerDay = BytesPerDay,
        CostPerCallUsd = CostPerCall,
        CostPerDayUsd = CostPerDay,
        TotalCostUsd = CostTotal,
    };
}
