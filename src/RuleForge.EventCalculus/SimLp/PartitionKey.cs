namespace RuleForge.EventCalculus.SimLp;

/// <summary>A SimLP partition: the fluent a rule defines and how (<c>initiatedAt</c>, <c>terminatedAt</c>, <c>holdsFor</c>), or <c>other</c>.</summary>
public readonly record struct PartitionKey(string Fluent, string Predicate) : IComparable<PartitionKey>
{
    /// <summary>The single key of rules that define no fluent.</summary>
    public static PartitionKey Other { get; } = new(string.Empty, "other");

    /// <summary>Whether this is the <c>other</c> key.</summary>
    public bool IsOther => Predicate == "other";

    /// <summary>"simple" for initiatedAt/terminatedAt, "static" for holdsFor, null for other.</summary>
    public string? DefinitionType => Predicate switch
    {
        "initiatedAt" or "terminatedAt" => "simple",
        "holdsFor" => "static",
        _ => null,
    };

    /// <inheritdoc/>
    public int CompareTo(PartitionKey other)
    {
        var c = string.CompareOrdinal(Fluent, other.Fluent);
        return c != 0 ? c : string.CompareOrdinal(Predicate, other.Predicate);
    }

    /// <summary><c>fluent/predicate</c>, e.g. <c>gap/initiatedAt</c>, or <c>other</c>.</summary>
    public override string ToString() => IsOther ? "other" : $"{Fluent}/{Predicate}";

    public static bool operator <(PartitionKey left, PartitionKey right) => left.CompareTo(right) < 0;

    public static bool operator >(PartitionKey left, PartitionKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(PartitionKey left, PartitionKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PartitionKey left, PartitionKey right) => left.CompareTo(right) >= 0;
}
