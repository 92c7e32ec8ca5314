using RuleForge.Tabular.Llm.Prompts;

namespace RuleForge.Tabular.Llm.Generation;

/// <summary>Request settings of the LLM generators. Defaults: provider's model, temperature 0.2, at most 2,000 reply tokens.</summary>
public sealed record LlmGeneratorOptions
{
    /// <summary>Model name; null uses the chat model's configured default.</summary>
    public string? Model { get; init; }

    public double? Temperature { get; init; } = 0.2;

    public int? MaxTokens { get; init; } = 2000;

    public TabularPromptOptions Prompt { get; init; } = new();

    public PromptTemplates Templates { get; init; } = PromptTemplates.Default;
}
