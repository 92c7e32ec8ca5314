using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Llm.Caching;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Costs;
using RuleForge.Llm.Metering;
using RuleForge.Llm.Providers;
using RuleForge.Llm.Recording;
using RuleForge.Llm.Resilience;

namespace RuleForge.Llm.Pipeline;

/// <summary>
/// Composes the chat-model pipeline from <see cref="LlmSettings"/>, innermost first: provider (OpenAI or Anthropic
/// SDK) → resilience (Polly) → cost ledger (budget gate) → response cache → record, all metered. With a replay file
/// the provider, ledger and cache are replaced by the file. Without stores, the ledger and cache live in memory.
/// </summary>
public sealed class ChatModelBuilder(LlmSettings settings)
{
    private readonly List<object> _owned = [];
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = NullLogger.Instance;
    private ICostLedgerStore? _ledgerStore;
    private IResponseCacheStore? _cacheStore;
    private HttpMessageHandler? _handler;
    private IChatModel? _provider;

    public LlmSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>The clock for latency, backoff, timeouts, budgets' days and cache TTLs (tests pass a fake one).</summary>
    public ChatModelBuilder UseTimeProvider(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        return this;
    }

    public ChatModelBuilder UseLogger(ILogger logger)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        return this;
    }

    /// <summary>Where the ledger persists (the RuleForge database's <c>LlmLedger</c>); default: in memory.</summary>
    public ChatModelBuilder UseLedgerStore(ICostLedgerStore store)
    {
        _ledgerStore = store ?? throw new ArgumentNullException(nameof(store));
        return this;
    }

    /// <summary>Where the cache persists (the RuleForge database's <c>LlmCache</c>); default: in memory.</summary>
    public ChatModelBuilder UseCacheStore(IResponseCacheStore store)
    {
        _cacheStore = store ?? throw new ArgumentNullException(nameof(store));
        return this;
    }

    /// <summary>The HTTP handler under the SDK client (benchmarks, proxies); default: a pooled SocketsHttpHandler.</summary>
    public ChatModelBuilder UseHttpHandler(HttpMessageHandler handler)
    {
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    /// <summary>Replaces the SDK provider with <paramref name="provider"/> (the other layers stay).</summary>
    public ChatModelBuilder UseProvider(IChatModel provider)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        return this;
    }

    /// <summary>Disposes <paramref name="resource"/> with the session (e.g. the database the stores use).</summary>
    public ChatModelBuilder Own(object resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _owned.Add(resource);
        return this;
    }

    /// <summary>Builds the session; a replay file is loaded now (bad input names it).</summary>
    public async Task<LlmSession> BuildAsync(CancellationToken cancellationToken)
    {
        var owned = new List<object>(_owned);
        try
        {
            var meter = new UsageMeter();
            var ledgerStore = _ledgerStore ?? new InMemoryCostLedgerStore();
            var ledger = new CostLedger(ledgerStore, Settings, _time, _logger);
            IChatModel model;
            if (Settings.ReplayPath is { } replay)
            {
                model = await ReplayChatModel.LoadAsync(replay, Settings, cancellationToken);
                model = new FreeReplyLedgerModel(model, ledgerStore, Settings, ledger.RunId, _time, FreeReplyLedgerModel.Replay);
            }
            else
            {
                model = _provider ?? CreateProvider(owned);
                model = new ResilientChatModel(model, Settings, _time, _logger);
                model = new LedgerChatModel(model, ledger, Settings);
                if (Settings.CacheEnabled)
                {
                    model = new CachingChatModel(model, _cacheStore ?? new InMemoryResponseCacheStore(), Settings, _time);
                    model = new FreeReplyLedgerModel(model, ledgerStore, Settings, ledger.RunId, _time, FreeReplyLedgerModel.Cache);
                }

                if (Settings.RecordPath is { } record)
                {
                    var recorder = new RecordingChatModel(model, record, Settings, _time);
                    owned.Add(recorder);
                    model = recorder;
                }
            }

            return new LlmSession(new MeteredChatModel(model, meter), meter, ledger, Settings, owned);
        }
        catch
        {
            foreach (var o in owned)
            {
                if (o is IAsyncDisposable a)
                {
                    await a.DisposeAsync();
                }
                else if (o is IDisposable d)
                {
                    d.Dispose();
                }
            }

            throw;
        }
    }

    private IChatModel CreateProvider(List<object> owned)
    {
        IChatModel provider = Settings.Provider switch
        {
            LlmProvider.Anthropic => new AnthropicChatModel(Settings, _time, _handler),
            _ => new OpenAiChatModel(Settings, _time, _handler),
        };
        owned.Add(provider);
        return provider;
    }
}
