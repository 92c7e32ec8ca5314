namespace RuleForge.Core.Llm;

/// <summary>Persisted chat responses keyed by a hash of the request (RuleForge.Storage implements it on SQLite/PostgreSQL).</summary>
public interface IResponseCacheStore
{
    /// <summary>The stored response JSON for <paramref name="key"/> if it has not expired at <paramref name="now"/>; counts a hit.</summary>
    Task<string?> GetAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) the response JSON for <paramref name="key"/> until <paramref name="expiresAt"/>.</summary>
    Task PutAsync(string key, string provider, string model, string responseJson, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
