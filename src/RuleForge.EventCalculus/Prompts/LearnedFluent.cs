namespace RuleForge.EventCalculus.Prompts;

/// <summary>A prerequisite fluent's accepted definition, injected into a prompt so the model can build on it.</summary>
public sealed record LearnedFluent(string Name, string Definition, double Score);
