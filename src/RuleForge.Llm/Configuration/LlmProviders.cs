using RuleForge.Core.Errors;

namespace RuleForge.Llm.Configuration;

/// <summary>Provider names as written in flags and files (<c>openai</c>, <c>anthropic</c>) and their environment variables.</summary>
public static class LlmProviders
{
    public static string Name(LlmProvider provider) => provider switch
    {
        LlmProvider.OpenAi => "openai",
        LlmProvider.Anthropic => "anthropic",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Parses a provider name; unknown names are bad input naming <paramref name="field"/>.</summary>
    public static LlmProvider Parse(string name, string field = "--provider") => name.Trim().ToLowerInvariant() switch
    {
        "openai" => LlmProvider.OpenAi,
        "anthropic" => LlmProvider.Anthropic,
        _ => throw new InputException($"{field}: unknown provider '{name}'; expected openai or anthropic"),
    };

    /// <summary>The standard variable holding the provider's API key.</summary>
    public static string ApiKeyVariable(LlmProvider provider) => provider == LlmProvider.Anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";

    /// <summary>The standard variable holding the provider's base URL.</summary>
    public static string BaseUrlVariable(LlmProvider provider) => provider == LlmProvider.Anthropic ? "ANTHROPIC_BASE_URL" : "OPENAI_BASE_URL";
}
