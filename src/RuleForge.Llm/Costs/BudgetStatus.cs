namespace RuleForge.Llm.Costs;

/// <summary>How close spending is to the tightest budget: ok, warning (≥70%), critical (≥90%), shutdown (≥100%: no more calls).</summary>
public enum BudgetStatus
{
    Ok,
    Warning,
    Critical,
    Shutdown,
}
