using RuleForge.Core.Llm;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Llm;

/// <summary>The LLM response cache on SQLite or PostgreSQL: one row per request hash, with an expiry and a hit count.</summary>
public sealed class SqlResponseCacheStore(DatabaseConnector db) : IResponseCacheStore
{
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(LlmSchema.Area, LlmSchema.For(db.Kind), cancellationToken);

    public async Task<string?> GetAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.WriteAsync(async (c, tx) =>
        {
            var json = await c.ScalarAsync<string>(tx, "SELECT response_json FROM llm_cache WHERE cache_key = @key AND expires_ticks > @now", cancellationToken, ("key", key), ("now", now.UtcTicks));
            if (json is not null)
            {
                await c.ExecuteAsync(tx, "UPDATE llm_cache SET hits = hits + 1 WHERE cache_key = @key", cancellationToken, ("key", key));
            }

            return json;
        }, cancellationToken);
    }

    public async Task PutAsync(string key, string provider, string model, string responseJson, DateTimeOffset at, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(
            async (c, tx) => await c.ExecuteAsync(
                tx,
                """
                INSERT INTO llm_cache (cache_key, provider, model, response_json, created_ticks, expires_ticks, hits) VALUES (@key, @provider, @model, @json, @at, @expires, 0)
                ON CONFLICT (cache_key) DO UPDATE SET provider = excluded.provider, model = excluded.model, response_json = excluded.response_json,
                  created_ticks = excluded.created_ticks, expires_ticks = excluded.expires_ticks, hits = 0
                """,
                cancellationToken,
                ("key", key),
                ("provider", provider),
                ("model", model),
                ("json", responseJson),
                ("at", at.UtcTicks),
                ("expires", expiresAt.UtcTicks)),
            cancellationToken);
    }

    /// <summary>Deletes expired entries; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.WriteAsync(async (c, tx) => await c.ExecuteAsync(tx, "DELETE FROM llm_cache WHERE expires_ticks <= @now", cancellationToken, ("now", now.UtcTicks)), cancellationToken);
    }
}
