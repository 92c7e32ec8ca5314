using System.Text.Json;
using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Core.Serialization;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;

namespace RuleForge.Llm.Caching;

/// <summary>Answers repeated requests from the persisted cache: a hit costs nothing, makes no request and counts in <c>Usage.CacheHits</c>.</summary>
public sealed class CachingChatModel(IChatModel inner, IResponseCacheStore store, LlmSettings settings, TimeProvider? time = null) : IChatModel
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Name => inner.Name;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var effective = RequestDefaults.Apply(settings, request);
        var provider = LlmProviders.Name(settings.Provider);
        var key = CacheKey.Of(RequestFingerprint.Of(provider, effective));
        var started = _time.GetTimestamp();
        if (await store.GetAsync(key, _time.GetUtcNow(), cancellationToken) is { } json && TryRead(json) is { } cached)
        {
            return cached.ToResponse(new Usage { CacheHits = 1, Latency = _time.GetElapsedTime(started) });
        }

        var response = await inner.CompleteAsync(effective, cancellationToken);
        var now = _time.GetUtcNow();
        await store.PutAsync(key, provider, effective.Model!, CanonicalJson.Serialize(StoredReply.From(response)), now, now + settings.CacheTtl, CancellationToken.None);
        return response;
    }

    private static StoredReply? TryRead(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredReply>(json, CanonicalJson.Options);
        }
        catch (JsonException)
        {
            return null; // A damaged entry is a miss; the fresh reply replaces it.
        }
    }
}
