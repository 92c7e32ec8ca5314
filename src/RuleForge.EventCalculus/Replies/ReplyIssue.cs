namespace RuleForge.EventCalculus.Replies;

/// <summary>One problem found in a reply; a blocking one makes the reply unusable (it is sent back for repair).</summary>
/// <param name="Kind">The class of problem.</param>
/// <param name="Message">A sentence for the model and for people, with line and column where there is one.</param>
/// <param name="Blocking">Whether the definition cannot be used at all.</param>
public sealed record ReplyIssue(ReplyProblem Kind, string Message, bool Blocking);
