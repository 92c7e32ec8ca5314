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

    /// <summary>Only charges of this provider (e.g. <see cref="LedgerProviders.Http"/> for API sources); null: every provider.</summary>
    public string? Provider { get; init; }

    /// <summary>Only charges of this model key (an LLM model, or an API source's id); null: every model.</summary>
    public string? Model { get; init; }

    /// <summary>Leaves out this provider's charges (the LLM ledger leaves out API sources' calls); null: none left out.</summary>
    public string? ExcludeProvider { get; init; }

    /// <summary>
    /// Also total every provider's and key's charges since <see cref="DayStart"/> and <see cref="MonthStart"/>
    /// (<see cref="LedgerTotals.AllDayNanoUsd"/>, <see cref="LedgerTotals.AllMonthNanoUsd"/>) for the shared
    /// <see cref="SpendingLimits"/>, read under the same lock as the rest.
    /// </summary>
    public bool AllSpending { get; init; }

    /// <summary>A window at <paramref name="now"/> whose day and month start at the UTC midnight and first of the month (the ledger's calendar).</summary>
    public static LedgerWindow Calendar(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new LedgerWindow
        {
            Now = now,
            DayStart = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            MonthStart = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>This window without its provider, key, run and batch filters: what the shared spending totals cover.</summary>
    public LedgerWindow Unfiltered() => this with { Provider = null, Model = null, ExcludeProvider = null, RunId = null, BatchId = null, AllSpending = false };
}
