using RuleForge.Llm.Configuration;
using RuleForge.Testing.Chat;

namespace RuleForge.Llm.Tests.Support;

/// <summary>Settings pointing at a <see cref="ChatTestServer"/>.</summary>
public static class Settings
{
    public const string Key = "sk-test-SECRET-1234567890";

    public static LlmSettings OpenAi(ChatTestServer server, string model = "m") => new()
    {
        Provider = LlmProvider.OpenAi,
        Model = model,
        BaseUrl = server.OpenAiBaseUrl,
        ApiKey = new ApiKey(Key),
        MaxTokens = 100,
        Retry = new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(5) },
    };

    public static LlmSettings Anthropic(ChatTestServer server, string model = "claude-test") => new()
    {
        Provider = LlmProvider.Anthropic,
        Model = model,
        BaseUrl = server.AnthropicBaseUrl,
        ApiKey = new ApiKey(Key),
        MaxTokens = 100,
        Retry = new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(5) },
    };
}
