namespace RuleForge.Llm.Configuration;

/// <summary>Spending limits in USD (null: no limit) and the largest completion one request may ask for.</summary>
public sealed record CostBudgets
{
    public static CostBudgets None { get; } = new();

    /// <summary>Completion tokens one request may ask for; larger requests are capped to it.</summary>
    public int? MaxTokensPerRequest { get; init; }

    public decimal? PerRunUsd { get; init; }

    public decimal? PerBatchUsd { get; init; }

    public decimal? PerDayUsd { get; init; }

    public decimal? PerMonthUsd { get; init; }

    public decimal? TotalUsd { get; init; }

    /// <summary>Share of a budget at which the status turns warning (default 70%).</summary>
    public double WarningRatio { get; init; } = 0.7;

    /// <summary>Share of a budget at which the status turns critical (default 90%).</summary>
    public double CriticalRatio { get; init; } = 0.9;
}
