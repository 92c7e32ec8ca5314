using RuleForge.Core.Costs;

namespace RuleForge.Llm.Costs;

/// <summary>What the ledger shows now: totals, each configured budget's use, and the overall status.</summary>
public sealed record LedgerReport(LedgerTotals Totals, IReadOnlyList<BudgetUse> Budgets, BudgetStatus Status);
