namespace RuleForge.Forecasting.Curriculum;

/// <summary>A candidate training span: rows [Start, End) and their dates.</summary>
public sealed record CurriculumSpan(int Start, int End, DateTime From, DateTime To);
