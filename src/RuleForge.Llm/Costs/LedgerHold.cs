namespace RuleForge.Llm.Costs;

/// <summary>A budget hold taken before a call; settle it with the call's usage or release it if the call failed.</summary>
public sealed record LedgerHold(string Id, string Model, long EstimatedCostNanoUsd);
