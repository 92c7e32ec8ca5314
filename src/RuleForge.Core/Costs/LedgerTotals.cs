namespace RuleForge.Core.Costs;

/// <summary>What the ledger has charged (settled calls plus live holds), in 1e-9 USD and request counts.</summary>
public sealed record LedgerTotals
{
    public static LedgerTotals Zero { get; } = new();

    public long TotalNanoUsd { get; init; }

    public long DayNanoUsd { get; init; }

    public long MonthNanoUsd { get; init; }

    public long RunNanoUsd { get; init; }

    public long BatchNanoUsd { get; init; }

    /// <summary>Calls started in the last minute, hour and day (for rate limits).</summary>
    public long RequestsLastMinute { get; init; }

    public long RequestsLastHour { get; init; }

    public long RequestsLastDay { get; init; }

    /// <summary>Settled calls only.</summary>
    public long Requests { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>Response bytes of settled calls (API sources record them; model calls leave 0).</summary>
    public long Bytes { get; init; }

    /// <summary>Calls (settled and in flight) started since <see cref="LedgerWindow.DayStart"/>.</summary>
    public long DayRequests { get; init; }

    /// <summary>Response bytes of calls started since <see cref="LedgerWindow.DayStart"/>.</summary>
    public long DayBytes { get; init; }

    /// <summary>When the oldest call of the last minute started (the minute rate limit frees up a minute later).</summary>
    public DateTimeOffset? OldestInLastMinute { get; init; }

    /// <summary>Every provider's and key's charges since the window's day start (asked with <see cref="LedgerWindow.AllSpending"/>).</summary>
    public long AllDayNanoUsd { get; init; }

    /// <summary>Every provider's and key's charges since the window's month start (asked with <see cref="LedgerWindow.AllSpending"/>).</summary>
    public long AllMonthNanoUsd { get; init; }

    /// <summary>These totals with the shared spending read from <paramref name="all"/>, the totals of <see cref="LedgerWindow.Unfiltered"/>.</summary>
    public LedgerTotals WithAllSpending(LedgerTotals all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return this with { AllDayNanoUsd = all.DayNanoUsd, AllMonthNanoUsd = all.MonthNanoUsd };
    }
}
