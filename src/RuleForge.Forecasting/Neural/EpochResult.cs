namespace RuleForge.Forecasting.Neural;

/// <summary>One finished epoch: mean training and validation loss (MSE on standardised targets) and samples seen per second.</summary>
public sealed record EpochResult(int Epoch, double TrainLoss, double ValidationLoss, double SamplesPerSecond);
