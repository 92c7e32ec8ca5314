namespace RuleForge.Core.Rules;

/// <summary>Who authored a rule version.</summary>
public enum RuleSource
{
    Human,
    Symbolic,
    Llm,
    Hybrid,
}
