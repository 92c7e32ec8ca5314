namespace RuleForge.EventCalculus.SimLp;

/// <summary>Structured issues and the same as Markdown text for a language model, at the requested detail.</summary>
public sealed record SimLpFeedback(FeedbackDetail Detail, IReadOnlyList<FeedbackIssue> Issues, string Markdown);
