using System.Text.Json.Serialization;
using RuleForge.Core.Serialization;

namespace RuleForge.Core.Rules;

/// <summary>The comparison a condition applies; written in JSON as its symbol (<c>&gt;=</c>, <c>in</c>, <c>between</c>…).</summary>
[JsonConverter(typeof(ConditionOperatorJsonConverter))]
public enum ConditionOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Between,
}
