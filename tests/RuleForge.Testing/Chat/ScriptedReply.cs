namespace RuleForge.Testing.Chat;

/// <summary>One scripted answer of the <see cref="ChatTestServer"/>: a text with usage, or a fault; optionally after a latency.</summary>
public sealed record ScriptedReply
{
    public string Text { get; init; } = "";

    public int PromptTokens { get; init; } = 10;

    public int CompletionTokens { get; init; } = 5;

    /// <summary>Wait this long (on the server's clock) before answering.</summary>
    public TimeSpan Latency { get; init; }

    public ChatFault Fault { get; init; }

    /// <summary>The Retry-After header value of a fault reply (e.g. <c>1</c>).</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Finish reason to report (OpenAI spelling; mapped for Anthropic).</summary>
    public string FinishReason { get; init; } = "stop";

    public static ScriptedReply Reply(string text, int promptTokens = 10, int completionTokens = 5) =>
        new() { Text = text, PromptTokens = promptTokens, CompletionTokens = completionTokens };

    public static ScriptedReply RateLimited(string? retryAfter = null) => new() { Fault = ChatFault.RateLimited, RetryAfter = retryAfter };

    public static ScriptedReply ServerError() => new() { Fault = ChatFault.ServerError };

    public static ScriptedReply Unauthorized() => new() { Fault = ChatFault.Unauthorized };

    public static ScriptedReply BadRequest() => new() { Fault = ChatFault.BadRequest };

    public static ScriptedReply Hang() => new() { Fault = ChatFault.Hang };

    public static ScriptedReply Malformed() => new() { Fault = ChatFault.MalformedBody };
}
