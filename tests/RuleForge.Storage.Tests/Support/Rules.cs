using RuleForge.Core.Rules;

namespace RuleForge.Storage.Tests.Support;

/// <summary>Builders of test rules.</summary>
public static class Rules
{
    public static Rule Vip(string name = "vip", string domain = "tabular", double? score = null, params string[] tags) => new()
    {
        Name = name,
        Domain = domain,
        Description = "big spenders",
        Tags = tags,
        Metrics = score is { } s ? new Dictionary<string, double> { ["score"] = s } : new Dictionary<string, double>(),
        Body = new ConditionRule
        {
            Conditions = [new("points", ConditionOperator.Greater, RuleValue.Of(100))],
            Outcome = new("segment", RuleValue.Of("vip")),
        },
    };
}
