namespace RuleForge.Tabular.Induction;

/// <summary>The test an <see cref="Antecedent"/> applies.</summary>
internal enum AntecedentKind
{
    LessOrEqual,
    GreaterOrEqual,
    Equal,
}
