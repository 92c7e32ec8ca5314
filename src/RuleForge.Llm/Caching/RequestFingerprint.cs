using RuleForge.Core.Llm;

namespace RuleForge.Llm.Caching;

/// <summary>The parts of a request that decide its reply, as hashed for the cache and matched on replay.</summary>
public sealed record RequestFingerprint
{
    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    public long? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool JsonMode { get; init; }

    /// <summary>The fingerprint of an effective request (defaults applied).</summary>
    public static RequestFingerprint Of(string provider, ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new()
        {
            Provider = provider,
            Model = request.Model ?? "",
            Messages = request.Messages,
            Temperature = request.Temperature,
            MaxTokens = request.MaxTokens,
            Seed = request.Seed,
            Stop = request.Stop,
            JsonMode = request.JsonMode,
        };
    }
}
