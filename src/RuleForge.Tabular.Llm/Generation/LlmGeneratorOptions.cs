using RuleForge.Tabular.Llm.Prompts;

namespace RuleForge.Tabular.Llm.Generation;

/// <summary>Request settings of the LLM generators; null values leave the chat model's configured defaults (model, temperature, max tokens, seed) in force.</summary>
public sealed record LlmGeneratorOptions
{
    /// <summary>Model name; null uses the chat model's configured default.</summary>
    public string? Model { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>Sampling seed; null uses the chat model's configured seed.</summary>
    public long? Seed { get; init; }

    public TabularPromptOptions Prompt { get; init; } = new();

    public PromptTemplates Templates { get; init; } = PromptTemplates.Default;
}
