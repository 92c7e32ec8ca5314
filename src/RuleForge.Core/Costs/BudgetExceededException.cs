namespace RuleForge.Core.Costs;

/// <summary>Thrown instead of making a call that would exceed a budget; the feedback loop stops with reason <c>budget</c>.</summary>
public sealed class BudgetExceededException : Exception
{
    public BudgetExceededException()
    {
    }

    public BudgetExceededException(string message)
        : base(message)
    {
    }

    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
