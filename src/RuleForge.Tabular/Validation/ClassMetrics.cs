namespace RuleForge.Tabular.Validation;

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassMetrics(string Label, int Support, double Precision, double Recall, double F1);
