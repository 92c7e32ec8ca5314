using System.Net;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Errors;

namespace RuleForge.Llm.Providers;

/// <summary>Builds classified, key-free <see cref="LlmException"/>s from what a provider's SDK reported.</summary>
internal static class ProviderErrors
{
    private const int MaxDetail = 300;

    public static LlmException FromStatus(string provider, int status, string? detail, TimeSpan? retryAfter, ApiKey? key)
    {
        var kind = LlmException.Classify(status);
        var text = Clean(detail, key);
        var hint = kind == LlmErrorKind.Auth ? $" (check the API key in ${LlmProviders.ApiKeyVariable(provider == "anthropic" ? LlmProvider.Anthropic : LlmProvider.OpenAi)})" : "";
        var message = $"{provider}: {Describe(kind)} (HTTP {status}){hint}{(text.Length > 0 ? $": {text}" : "")}";
        return new LlmException(kind, message, (HttpStatusCode)status, retryAfter);
    }

    public static LlmException Timeout(string provider, TimeSpan timeout) =>
        new(LlmErrorKind.Timeout, $"{provider}: no reply within {timeout.TotalSeconds:0.###} s");

    public static LlmException Network(string provider, Exception e, ApiKey? key) =>
        new(LlmErrorKind.Network, $"{provider}: connection failed: {Clean(e.Message, key)}");

    public static LlmException InvalidResponse(string provider, string detail, ApiKey? key) =>
        new(LlmErrorKind.InvalidResponse, $"{provider}: unreadable reply: {Clean(detail, key)}");

    private static string Describe(LlmErrorKind kind) => kind switch
    {
        LlmErrorKind.Auth => "authentication failed",
        LlmErrorKind.RateLimit => "rate limited",
        LlmErrorKind.BadRequest => "bad request",
        LlmErrorKind.Server => "server error",
        LlmErrorKind.Timeout => "timed out",
        _ => "failed",
    };

    private static string Clean(string? detail, ApiKey? key)
    {
        if (string.IsNullOrWhiteSpace(detail))
        {
            return "";
        }

        var text = key?.Redact(detail) ?? detail;
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > MaxDetail ? text[..MaxDetail] + "…" : text;
    }
}
