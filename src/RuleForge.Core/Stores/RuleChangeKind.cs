namespace RuleForge.Core.Stores;

/// <summary>What a recorded change did to a rule.</summary>
public enum RuleChangeKind
{
    Create,
    Update,
    Delete,
    Restore,
}
