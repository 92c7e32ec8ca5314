namespace RuleForge.Core.Stores;

/// <summary>Another writer changed the rule first; nothing was stored. Retry against the new latest version.</summary>
public sealed class ConcurrencyConflictException : StoreException
{
    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The version the rule is at now.</summary>
    public int? ActualVersion { get; init; }

    /// <summary>Whether a store may retry on its own (no expected version was demanded by the caller).</summary>
    public bool CanRetry { get; init; }
}
