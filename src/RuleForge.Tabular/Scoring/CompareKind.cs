namespace RuleForge.Tabular.Scoring;

/// <summary>Numeric comparisons a compiled condition performs.</summary>
internal enum CompareKind
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    Between,
}
