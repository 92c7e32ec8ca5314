using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Errors;

namespace RuleForge.Llm.Resilience;

/// <summary>
/// Polly around a provider: retries with jittered exponential backoff on rate limits, server errors, timeouts and
/// unreadable replies (a Retry-After header sets the wait), a per-attempt timeout and a circuit breaker. Retries are
/// reported in the response's <c>Usage.Retries</c> (or the final <see cref="LlmException.Retries"/>).
/// </summary>
public sealed class ResilientChatModel : IChatModel
{
    private static readonly ResiliencePropertyKey<StrongBox<int>> RetriesKey = new("ruleforge.retries");
    private readonly IChatModel _inner;
    private readonly LlmSettings _settings;
    private readonly ResiliencePipeline _pipeline;

    public ResilientChatModel(IChatModel inner, LlmSettings settings, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(settings);
        _inner = inner;
        _settings = settings;
        var log = logger ?? NullLogger.Instance;
        var retry = settings.Retry;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<LlmException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is LlmException { RetryAfter: { } wait } ? (wait > retry.MaxDelay ? retry.MaxDelay : wait) : null),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(RetriesKey, out var count))
                    {
                        Interlocked.Increment(ref count.Value);
                    }

                    log.LogWarning("{Model}: attempt {Attempt} failed ({Reason}); retrying in {Delay} ms", inner.Name, args.AttemptNumber + 1, Reason(args.Outcome.Exception), (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<LlmException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
            FailureRatio = retry.CircuitFailureRatio,
            MinimumThroughput = Math.Max(2, retry.CircuitMinimumThroughput),
            SamplingDuration = retry.CircuitSamplingDuration,
            BreakDuration = retry.CircuitBreakDuration,
        });
        builder.AddTimeout(settings.Timeout);
        _pipeline = builder.Build();
    }

    public string Name => _inner.Name;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var retries = new StrongBox<int>();
        context.Properties.Set(RetriesKey, retries);
        try
        {
            var response = await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<ChatResponse>(state.Inner.CompleteAsync(state.Request, ctx.CancellationToken)),
                context,
                (Inner: _inner, Request: request));
            return response with { Usage = response.Usage with { Retries = response.Usage.Retries + retries.Value } };
        }
        catch (TimeoutRejectedException)
        {
            throw new LlmException(LlmErrorKind.Timeout, $"{_inner.Name}: no reply within {_settings.Timeout.TotalSeconds:0.###} s after {retries.Value + 1} attempt(s)") { Retries = retries.Value };
        }
        catch (BrokenCircuitException e)
        {
            throw new LlmException(LlmErrorKind.CircuitOpen, $"{_inner.Name}: too many recent failures; calls are paused (retry after {e.RetryAfter?.TotalSeconds ?? _settings.Retry.CircuitBreakDuration.TotalSeconds:0.#} s)") { Retries = retries.Value };
        }
        catch (LlmException e)
        {
            throw e.WithRetries(retries.Value);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static string Reason(Exception? e) => e switch
    {
        LlmException l => l.Kind.ToString(),
        TimeoutRejectedException => "Timeout",
        null => "no reply",
        _ => e.GetType().Name,
    };
}
