namespace RuleForge.Core.Rules;

/// <summary>A rule written as logic-program text (Prolog / RTEC clauses).</summary>
public sealed record LogicRule : RuleBody
{
    public required string Text { get; init; }

    /// <summary>The dialect of <see cref="Text"/>, e.g. <c>rtec</c> or <c>prolog</c>.</summary>
    public string Language { get; init; } = "rtec";
}
