namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>What a rule token is.</summary>
internal enum RuleTokenKind
{
    Word,
    Quoted,
    Symbol,
}
