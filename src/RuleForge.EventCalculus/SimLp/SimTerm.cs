using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.SimLp;

/// <summary>A term as SimLP sees it: operators, negation and lists already rewritten to compounds; variables carry their rule-local route signature.</summary>
internal sealed class SimTerm(SimTermKind kind, string name, SimTerm[] args, Term source)
{
    public SimTermKind Kind { get; } = kind;

    /// <summary>Variable name or functor name (empty for constants, which compare by <see cref="Source"/>).</summary>
    public string Name { get; } = name;

    public SimTerm[] Args { get; } = args;

    /// <summary>The Prolog term this came from (for feedback).</summary>
    public Term Source { get; } = source;

    /// <summary>For variables: -1 when singleton, else the interned id of the sorted multiset of routes.</summary>
    public int Signature { get; set; } = -1;

    public bool IsSingleton => Signature < 0;
}
