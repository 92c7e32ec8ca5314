namespace RuleForge.Llm.Providers;

/// <summary>
/// The process's one pooled HTTP handler for the SDK clients: sessions come and go (a batch opens one per problem),
/// but their calls reuse the same keep-alive connections instead of each session opening its own.
/// </summary>
internal static class SharedHttpHandler
{
    /// <summary>Never disposed; connections are recycled after a few minutes so DNS changes are seen.</summary>
    public static SocketsHttpHandler Instance { get; } = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    };
}
