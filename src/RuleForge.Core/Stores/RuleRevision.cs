using RuleForge.Core.Rules;

namespace RuleForge.Core.Stores;

/// <summary>A stored version of a rule together with the change that produced it.</summary>
public sealed record RuleRevision(Rule Rule, RuleChange Change);
