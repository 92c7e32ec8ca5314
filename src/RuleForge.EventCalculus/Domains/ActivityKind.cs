namespace RuleForge.EventCalculus.Domains;

/// <summary>How RTEC defines an activity: a simple fluent (initiatedAt/terminatedAt) or a statically determined one (holdsFor).</summary>
public enum ActivityKind
{
    Simple,
    Static,
}
