namespace RuleForge.Llm.Configuration;

/// <summary>Most calls started per minute, hour and day across every process sharing the database (null: no limit).</summary>
public sealed record RateLimits
{
    public static RateLimits None { get; } = new();

    /// <summary>A call over this waits until the oldest call of the last minute is a minute old.</summary>
    public int? PerMinute { get; init; }

    /// <summary>A call over this is refused (BudgetExceededException).</summary>
    public int? PerHour { get; init; }

    /// <summary>A call over this is refused (BudgetExceededException).</summary>
    public int? PerDay { get; init; }
}
