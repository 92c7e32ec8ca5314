using System.Text.Json.Serialization;

namespace RuleForge.Core.Rules;

/// <summary>What a rule says; one subtype per rule format, tagged by <c>kind</c> in JSON.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ConditionRule), "condition")]
[JsonDerivedType(typeof(LogicRule), "logic")]
[JsonDerivedType(typeof(GuidelineRule), "guideline")]
[JsonDerivedType(typeof(ForecastRule), "forecast")]
public abstract record RuleBody;
