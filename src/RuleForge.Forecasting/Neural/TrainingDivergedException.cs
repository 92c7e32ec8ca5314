namespace RuleForge.Forecasting.Neural;

/// <summary>Training stopped because the loss diverged; carries the classification and the epoch, so callers report it instead of keeping garbage.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TrainingDivergedException(DivergenceKind kind, int epoch, double loss, string detail)
        : base($"training diverged at epoch {epoch} ({kind}): loss {loss:G4}; {detail}")
    {
        Kind = kind;
        Epoch = epoch;
        Loss = loss;
    }

    public DivergenceKind Kind { get; }

    public int Epoch { get; }

    public double Loss { get; }
}
