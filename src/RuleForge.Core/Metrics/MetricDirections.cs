namespace RuleForge.Core.Metrics;

/// <summary>Knows which way is better for common metric names; compound names (<c>val_loss</c>, <c>f1_macro</c>) are read word by word.</summary>
public static class MetricDirections
{
    private static readonly HashSet<string> Lower = new(StringComparer.OrdinalIgnoreCase)
    {
        "rmse", "mae", "mape", "smape", "mse", "msle", "rmsle", "loss", "logloss", "error", "errors", "err", "brier",
        "perplexity", "distance", "latency", "cost", "regret", "fpr", "fnr",
    };

    private static readonly HashSet<string> Higher = new(StringComparer.OrdinalIgnoreCase)
    {
        "r2", "f1", "accuracy", "acc", "similarity", "precision", "recall", "auc", "roc", "coverage", "score", "kappa",
        "mcc", "specificity", "sensitivity", "tpr", "support", "fitness",
    };

    public static MetricDirection Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split(['_', '-', '.', ' ', '/', ':'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Any(Lower.Contains))
        {
            return MetricDirection.LowerIsBetter;
        }

        return words.Any(Higher.Contains) ? MetricDirection.HigherIsBetter : MetricDirection.Unknown;
    }
}
