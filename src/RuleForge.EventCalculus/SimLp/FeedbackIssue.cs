namespace RuleForge.EventCalculus.SimLp;

/// <summary>One difference between a generated and a reference event description.</summary>
/// <param name="Kind">What kind of difference.</param>
/// <param name="Partition">The partition key, e.g. <c>gap/initiatedAt</c>.</param>
/// <param name="GeneratedLine">The line of the generated rule concerned, when there is one.</param>
/// <param name="Location">Where in the rule: <c>head</c>, <c>body literal 2</c>, with an argument path such as <c>arg 1 → arg 2</c>.</param>
/// <param name="Message">A sentence for a person or a language model (reference content only at <see cref="FeedbackDetail.Detailed"/>).</param>
/// <param name="Actual">The generated text concerned, if any.</param>
/// <param name="Expected">The reference text concerned; only at <see cref="FeedbackDetail.Detailed"/>.</param>
public sealed record FeedbackIssue(FeedbackIssueKind Kind, string Partition, int? GeneratedLine, string Location, string Message, string? Actual = null, string? Expected = null);
