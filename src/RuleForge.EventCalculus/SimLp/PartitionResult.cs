namespace RuleForge.EventCalculus.SimLp;

/// <summary>The similarity of one scored partition (shared or reference-only) and its optimal rule matching.</summary>
/// <param name="Key">The key as text, e.g. <c>gap/initiatedAt</c> or <c>other</c>.</param>
/// <param name="Similarity">1 − S′/n for a shared key; 0 for a reference-only key or a simple-vs-static mismatch.</param>
/// <param name="Status">Shared or reference-only.</param>
/// <param name="DefinitionTypeMismatch">The fluent is simple on one side and statically determined on the other (the key then scores 0).</param>
/// <param name="Matches">The optimal rule assignment (empty for a reference-only key).</param>
public sealed record PartitionResult(string Key, double Similarity, PartitionStatus Status, bool DefinitionTypeMismatch, IReadOnlyList<RuleMatch> Matches);
