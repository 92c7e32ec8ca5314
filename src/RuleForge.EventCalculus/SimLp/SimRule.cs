using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.SimLp;

/// <summary>A rule (or fact: empty body) ready for SimLP: its key, head and body literals in SimLP form, and where it came from.</summary>
internal sealed class SimRule(PartitionKey key, SimTerm head, SimTerm[] body, Clause clause, int index)
{
    public PartitionKey Key { get; } = key;

    public SimTerm Head { get; } = head;

    public SimTerm[] Body { get; } = body;

    public Clause Clause { get; } = clause;

    /// <summary>The rule's position among the program's rules (0-based).</summary>
    public int Index { get; } = index;
}
