namespace RuleForge.EventCalculus.Prolog;

/// <summary>What a read clause is.</summary>
public enum ClauseKind
{
    /// <summary>A fact <c>Head.</c>.</summary>
    Fact,

    /// <summary>A rule <c>Head :- Body.</c>.</summary>
    Rule,

    /// <summary>A directive <c>:- Goal.</c>.</summary>
    Directive,

    /// <summary>A query <c>?- Goal.</c>.</summary>
    Query,

    /// <summary>A grammar rule <c>Head --> Body.</c> (kept as read; not translated).</summary>
    GrammarRule,
}
