namespace RuleForge.Forecasting.Neural;

/// <summary>Why training was stopped as diverging.</summary>
public enum DivergenceKind
{
    /// <summary>The loss became NaN or infinite.</summary>
    NonFinite,

    /// <summary>The loss jumped far above its history by z-score.</summary>
    ZScoreSpike,

    /// <summary>The loss is an outlier above the history's interquartile range.</summary>
    IqrOutlier,
}
