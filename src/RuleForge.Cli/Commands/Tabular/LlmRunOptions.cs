using RuleForge.Llm.Configuration;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>How a batch adjusts one problem's chat model: its batch id and last changes to the settings (its share of the budget, its model).</summary>
internal sealed record LlmRunOptions(string? BatchId, Func<LlmSettings, LlmSettings>? Configure);
