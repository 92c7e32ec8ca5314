namespace RuleForge.Core.Data;

/// <summary>Calls, bytes and estimated cost an API source spent (a delta to add, or a day's total).</summary>
public sealed record CallUsage(long Calls, long Bytes, decimal Cost)
{
    public static CallUsage None { get; } = new(0, 0, 0m);

    public bool IsEmpty => Calls == 0 && Bytes == 0 && Cost == 0m;
}
