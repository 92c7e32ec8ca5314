using RuleForge.Core.Llm;

namespace RuleForge.Testing.Chat;

/// <summary>A request the <see cref="ChatTestServer"/> received, parsed; headers exclude API keys.</summary>
public sealed record RecordedChatRequest
{
    /// <summary>1-based arrival number.</summary>
    public required int Number { get; init; }

    public required ChatApi Api { get; init; }

    public required string Path { get; init; }

    public string? Model { get; init; }

    /// <summary>The conversation, system prompt first (Anthropic's <c>system</c> becomes a system message).</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    public long? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool JsonMode { get; init; }

    /// <summary>Whether an API key (Authorization / x-api-key / api-key) was sent; its value is not kept.</summary>
    public bool HadApiKey { get; init; }

    /// <summary>Request headers other than the key headers.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The raw JSON body.</summary>
    public required string Body { get; init; }

    /// <summary>The text of the last user message.</summary>
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Content ?? "";
}
