namespace RuleForge.Core.Llm;

/// <summary>A provider-neutral request to a chat model.</summary>
public sealed record ChatRequest
{
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Model name; null uses the provider's configured default.</summary>
    public string? Model { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    public long? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Ask for a JSON object reply where the provider supports it.</summary>
    public bool JsonMode { get; init; }
}
