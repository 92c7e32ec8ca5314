using RuleForge.Core.Rules;

namespace RuleForge.Core.Stores;

/// <summary>One page of search results and how many rules match in all.</summary>
public sealed record RuleSearchResult(int Total, IReadOnlyList<Rule> Items);
