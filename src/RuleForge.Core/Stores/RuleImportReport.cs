namespace RuleForge.Core.Stores;

/// <summary>What an import did: rules added, rules that got a new version, and rules already up to date.</summary>
public sealed record RuleImportReport(IReadOnlyList<string> Added, IReadOnlyList<string> Updated, IReadOnlyList<string> Unchanged);
