namespace RuleForge.Core.Rules;

/// <summary>Which kind of constant a <see cref="RuleValue"/> holds.</summary>
public enum RuleValueKind
{
    Number,
    Text,
    Boolean,
    List,
}
