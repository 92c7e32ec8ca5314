using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.Replies;

/// <summary>A reply read and checked: the Prolog code it carries, the program when readable, and every problem found.</summary>
public sealed record ReplyAnalysis(string Code, PrologProgram? Program, IReadOnlyList<ReplyIssue> Issues)
{
    /// <summary>Whether the definition can be evaluated (readable, and it defines the asked fluent).</summary>
    public bool Usable => Program is not null && !Issues.Any(i => i.Blocking);

    /// <summary>The first blocking problem, if any.</summary>
    public ReplyIssue? Blocking => Issues.FirstOrDefault(i => i.Blocking);
}
