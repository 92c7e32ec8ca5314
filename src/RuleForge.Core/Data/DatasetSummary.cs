namespace RuleForge.Core.Data;

/// <summary>A dataset at a glance: its source, latest version and record counts.</summary>
public sealed record DatasetSummary(string Name, string SourceId, int? LatestVersion, long Records, long Quarantined, DateTimeOffset CreatedAt);
