namespace RuleForge.Core.Costs;

/// <summary>A hold on the budget for one call about to be made: its estimated cost, charged until settled or released.</summary>
/// <param name="Id">Unique per call; settles or releases the hold.</param>
/// <param name="Provider">e.g. <c>openai</c>.</param>
/// <param name="Model">The model asked.</param>
/// <param name="RunId">The run charged, if any (per-run budgets).</param>
/// <param name="BatchId">The batch charged, if any (per-batch budgets).</param>
/// <param name="EstimatedTokens">Prompt estimate plus the maximum completion.</param>
/// <param name="EstimatedCostNanoUsd">Cost of <paramref name="EstimatedTokens"/> in 1e-9 USD (integers sum exactly).</param>
/// <param name="At">When the call starts.</param>
/// <param name="ExpiresAt">When an unsettled hold stops counting (its process died).</param>
public sealed record LedgerReservation(
    string Id,
    string Provider,
    string Model,
    string? RunId,
    string? BatchId,
    long EstimatedTokens,
    long EstimatedCostNanoUsd,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt);
