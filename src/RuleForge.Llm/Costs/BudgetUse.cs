namespace RuleForge.Llm.Costs;

/// <summary>One budget's state: its scope (run, batch, day, month, total), spent and limit in USD.</summary>
public sealed record BudgetUse(string Scope, decimal SpentUsd, decimal LimitUsd, BudgetStatus Status)
{
    public double Ratio => LimitUsd <= 0 ? 1 : (double)(SpentUsd / LimitUsd);
}
