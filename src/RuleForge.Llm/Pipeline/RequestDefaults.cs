using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;

namespace RuleForge.Llm.Pipeline;

/// <summary>Fills a request's unset parameters from the settings (and caps max tokens), so every layer sees — and hashes — the same effective request.</summary>
public static class RequestDefaults
{
    public static ChatRequest Apply(LlmSettings settings, ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(request);
        var maxTokens = request.MaxTokens ?? settings.MaxTokens;
        if (settings.Budgets.MaxTokensPerRequest is { } cap && maxTokens > cap)
        {
            maxTokens = cap;
        }

        return request with
        {
            Model = request.Model ?? settings.Model,
            Temperature = request.Temperature ?? settings.Temperature,
            MaxTokens = maxTokens,
            Seed = request.Seed ?? settings.Seed,
            JsonMode = request.JsonMode || settings.JsonMode,
        };
    }
}
