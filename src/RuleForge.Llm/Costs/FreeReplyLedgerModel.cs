using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;

namespace RuleForge.Llm.Costs;

/// <summary>
/// Writes replies that made no paid call into the persisted ledger as free entries — <c>replay</c> (answered from a
/// record file, with the recorded tokens) or <c>cache</c> (a response-cache hit) — so <c>ruleforge usage</c> shows
/// them; they cost 0 and count in no budget or rate limit.
/// </summary>
public sealed class FreeReplyLedgerModel(IChatModel inner, ICostLedgerStore store, LlmSettings settings, string runId, TimeProvider time, string kind) : IChatModel
{
    /// <summary>Every reply of the inner model is a replay.</summary>
    public const string Replay = "replay";

    /// <summary>Replies the inner model marks as cache hits (<c>Usage.CacheHits</c>) are recorded; paid calls are the ledger gate's.</summary>
    public const string Cache = "cache";

    public string Name => inner.Name;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var response = await inner.CompleteAsync(request, cancellationToken);
        if (kind == Replay || response.Usage.CacheHits > 0)
        {
            var now = time.GetUtcNow();
            var model = RequestDefaults.Apply(settings, request).Model!;
            var entry = new LedgerReservation(Guid.NewGuid().ToString("n"), LlmProviders.Name(settings.Provider), model, runId, settings.BatchId, 0, 0, now, now);
            await store.RecordFreeAsync(entry, kind, response.Usage.PromptTokens, response.Usage.CompletionTokens, CancellationToken.None);
        }

        return response;
    }
}
