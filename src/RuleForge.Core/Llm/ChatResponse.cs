using RuleForge.Core.Costs;

namespace RuleForge.Core.Llm;

/// <summary>A chat model's reply with what it cost.</summary>
public sealed record ChatResponse
{
    public required string Text { get; init; }

    public required Usage Usage { get; init; }

    public string? Model { get; init; }

    public string? FinishReason { get; init; }
}
