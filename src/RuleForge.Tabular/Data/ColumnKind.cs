namespace RuleForge.Tabular.Data;

/// <summary>How a column's values are stored and compared: ordered numbers or unordered categories.</summary>
public enum ColumnKind
{
    Numeric,
    Nominal,
}
