using System.Text.Json.Serialization;

namespace RuleForge.Forecasting.Features;

/// <summary>One configured step of a feature pipeline, tagged by <c>step</c> in JSON.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "step")]
[JsonDerivedType(typeof(FillMissingStep), "fill")]
[JsonDerivedType(typeof(NormalizeStep), "normalize")]
[JsonDerivedType(typeof(LagStep), "lag")]
[JsonDerivedType(typeof(DifferenceStep), "difference")]
[JsonDerivedType(typeof(RollingStep), "rolling")]
[JsonDerivedType(typeof(IndicatorStep), "indicator")]
public abstract record FeatureStep
{
    /// <summary>Columns the step applies to; empty means every numeric column.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
}
