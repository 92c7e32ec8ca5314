using RuleForge.Core.Llm;
using RuleForge.Llm.Errors;

namespace RuleForge.Llm.Metering;

/// <summary>The outermost layer: adds every reply's usage (and every failure's retries) to a <see cref="UsageMeter"/>, and reports a span and metrics (<see cref="LlmTelemetry"/>).</summary>
public sealed class MeteredChatModel(IChatModel inner, UsageMeter meter) : IChatModel
{
    public string Name => inner.Name;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = LlmTelemetry.Source.StartActivity("chat");
        activity?.SetTag("gen_ai.request.model", request.Model ?? inner.Name);
        var model = new KeyValuePair<string, object?>("model", inner.Name);
        try
        {
            var response = await inner.CompleteAsync(request, cancellationToken);
            var usage = response.Usage;
            meter.Record(usage);
            LlmTelemetry.Requests.Add(usage.Requests, model);
            LlmTelemetry.Tokens.Add(usage.PromptTokens, model, new("direction", "prompt"));
            LlmTelemetry.Tokens.Add(usage.CompletionTokens, model, new("direction", "completion"));
            LlmTelemetry.Cost.Add((double)usage.CostUsd, model);
            LlmTelemetry.Retries.Add(usage.Retries, model);
            LlmTelemetry.CacheHits.Add(usage.CacheHits, model);
            LlmTelemetry.Latency.Record(usage.Latency.TotalMilliseconds, model);
            activity?.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
            activity?.SetTag("gen_ai.usage.output_tokens", usage.CompletionTokens);
            activity?.SetTag("ruleforge.cache_hit", usage.CacheHits > 0);
            return response;
        }
        catch (LlmException e)
        {
            meter.RecordFailure(e.Retries);
            LlmTelemetry.Failures.Add(1, model, new("kind", e.Kind.ToString()));
            LlmTelemetry.Retries.Add(e.Retries, model);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Kind.ToString());
            throw;
        }
    }
}
