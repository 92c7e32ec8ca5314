using System.Collections.Concurrent;
using RuleForge.Core.Llm;

namespace RuleForge.Llm.Caching;

/// <summary>A response cache for one process without a database (library use and tests).</summary>
public sealed class InMemoryResponseCacheStore : IResponseCacheStore
{
    private readonly ConcurrentDictionary<string, (string Json, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);

    public Task<string?> GetAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now ? entry.Json : null);

    public Task PutAsync(string key, string provider, string model, string responseJson, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        _entries[key] = (responseJson, expiresAt);
        return Task.CompletedTask;
    }
}
