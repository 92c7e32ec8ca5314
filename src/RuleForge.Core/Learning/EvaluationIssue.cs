namespace RuleForge.Core.Learning;

/// <summary>One concrete problem an evaluator found, e.g. a weak rule or a misclassified example.</summary>
public sealed record EvaluationIssue(string Code, string Message, string? Rule = null);
