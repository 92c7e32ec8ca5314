namespace RuleForge.Core.Learning;

/// <summary>Why a feedback loop ended; serialised camelCase (<c>threshold</c>, <c>maxIterations</c>…).</summary>
public enum StopReason
{
    Threshold,
    MaxIterations,
    Patience,
    Budget,
    Error,
    Cancelled,
}
