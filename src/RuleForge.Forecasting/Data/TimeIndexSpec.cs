namespace RuleForge.Forecasting.Data;

/// <summary>
/// How rows get their timestamps: a date column (ISO date/time, <c>yyyyMMdd</c> or a bare year), or
/// <c>year</c> + <c>quarter</c> (or <c>month</c>) columns; when nothing is named the reader looks for
/// <c>date</c>/<c>time</c>/<c>timestamp</c>, then <c>year</c>+<c>quarter</c>, then <c>year</c>+<c>month</c>, then <c>year</c>.
/// </summary>
public sealed record TimeIndexSpec
{
    /// <summary>Column holding a date or timestamp.</summary>
    public string? DateColumn { get; init; }

    /// <summary>Column holding the year; used with <see cref="QuarterColumn"/> or <see cref="MonthColumn"/> or alone.</summary>
    public string? YearColumn { get; init; }

    /// <summary>Column holding the quarter 1–4; a row is dated the first day of its quarter.</summary>
    public string? QuarterColumn { get; init; }

    /// <summary>Column holding the month 1–12; a row is dated the first day of its month.</summary>
    public string? MonthColumn { get; init; }

    /// <summary>Detect the index from the column names.</summary>
    public static TimeIndexSpec Auto { get; } = new();

    public bool IsAuto => DateColumn is null && YearColumn is null;
}
