namespace RuleForge.EventCalculus.SimLp;

/// <summary>Whether a partition key occurs in both programs or only in the reference.</summary>
public enum PartitionStatus
{
    /// <summary>Both programs define this key.</summary>
    Shared,

    /// <summary>Only the reference defines it; it scores 0.</summary>
    ReferenceOnly,
}
