using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;

namespace RuleForge.Llm.Costs;

/// <summary>Budget gate around a (resilient) model: holds the worst-case cost before the call, charges the real usage after; refused calls are never made.</summary>
public sealed class LedgerChatModel(IChatModel inner, CostLedger ledger, LlmSettings settings) : IChatModel
{
    public string Name => inner.Name;

    /// <exception cref="BudgetExceededException">The call would exceed a budget; it was not made.</exception>
    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var effective = RequestDefaults.Apply(settings, request);
        var hold = await ledger.ReserveAsync(LlmProviders.Name(settings.Provider), effective.Model!, TokenEstimate.Prompt(effective.Messages), effective.MaxTokens!.Value, cancellationToken);
        ChatResponse response;
        try
        {
            response = await inner.CompleteAsync(effective, cancellationToken);
        }
        catch
        {
            await ledger.ReleaseAsync(hold, CancellationToken.None);
            throw;
        }

        // The call happened: charge it even if the caller has given up meanwhile.
        var cost = await ledger.SettleAsync(hold, response.Usage.PromptTokens, response.Usage.CompletionTokens, CancellationToken.None);
        return response with { Usage = response.Usage with { CostUsd = cost } };
    }
}
