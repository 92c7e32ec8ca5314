namespace RuleForge.Core.Costs;

/// <summary>Which charges a ledger total covers: time windows, a run and a batch (nulls: that total is not asked for).</summary>
public sealed record LedgerWindow
{
    /// <summary>The clock reading the windows are relative to; expired holds are ignored.</summary>
    public required DateTimeOffset Now { get; init; }

    public DateTimeOffset? DayStart { get; init; }

    public DateTimeOffset? MonthStart { get; init; }

    public string? RunId { get; init; }

    public string? BatchId { get; init; }
}
