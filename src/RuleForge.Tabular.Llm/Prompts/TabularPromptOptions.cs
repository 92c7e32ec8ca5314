namespace RuleForge.Tabular.Llm.Prompts;

/// <summary>What goes into a tabular prompt. Defaults: 20 sample rows, 10 counterexamples, at most 30 rules.</summary>
public sealed record TabularPromptOptions
{
    public int SampleSize { get; init; } = 20;

    public int Counterexamples { get; init; } = 10;

    public int MaxRules { get; init; } = 30;
}
