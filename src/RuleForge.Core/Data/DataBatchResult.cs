namespace RuleForge.Core.Data;

/// <summary>What a committed batch changed: records stored, records already held (duplicates), records quarantined.</summary>
/// <param name="Version">The dataset version the stored records joined, or null when nothing new was stored.</param>
public sealed record DataBatchResult(int Stored, int Duplicate, int Quarantined, int? Version);
