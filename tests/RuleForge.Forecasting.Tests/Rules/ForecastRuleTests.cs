using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Forecasting.Rules;

namespace RuleForge.Forecasting.Tests.Rules;

public sealed class ForecastRuleTests
{
    private static readonly ForecastRule Sample = new()
    {
        Conditions = [new Condition("unemp_diff1", ConditionOperator.Greater, RuleValue.Of(0.3))],
        Variable = "infl",
        Adjustment = ForecastAdjustment.Add,
        Amount = -0.75,
        Horizon = 1,
    };

    [Fact]
    public void A_forecast_rule_round_trips_through_canonical_json_as_kind_forecast()
    {
        var rule = new Rule { Name = "r", Domain = "forecast", Body = Sample };

        var json = CanonicalJson.Serialize(rule);
        var back = CanonicalJson.Deserialize<Rule>(json, "test");

        json.ShouldContain("\"kind\":\"forecast\"");
        json.ShouldContain("\"adjustment\":\"add\"");
        back.Body.ShouldBeOfType<ForecastRule>().Conditions.ShouldBe(Sample.Conditions);
        ((ForecastRule)back.Body).Amount.ShouldBe(-0.75);
    }

    [Fact]
    public void The_grammar_formats_and_parses_the_same_rule()
    {
        var text = ForecastRuleGrammar.Format(Sample);

        var (rules, errors) = ForecastRuleGrammar.Parse(text);

        text.ShouldBe("IF unemp_diff1 > 0.3 THEN ADJUST infl BY -0.75");
        errors.ShouldBeEmpty();
        rules.ShouldHaveSingleItem().ShouldBe(Sample with { Conditions = rules[0].Conditions });
        rules[0].Conditions.ShouldBe(Sample.Conditions);
    }

    [Fact]
    public void The_grammar_rejects_prose_unknown_variables_other_targets_and_bad_factors()
    {
        var reply = """
            Sure! Here are some rules:
            IF tbilrate >= 8 AND unemp < 5 THEN ADJUST infl BY *1.1 FOR HORIZON 1
            IF secret_var > 1 THEN ADJUST infl BY +1
            IF unemp > 1 THEN ADJUST unemp BY +1
            ALWAYS THEN ADJUST infl BY *0
            IF unemp > 1; DROP TABLE runs THEN ADJUST infl BY +1
            """;

        var (rules, errors) = ForecastRuleGrammar.Parse(reply, v => v is "tbilrate" or "unemp", "infl");

        rules.ShouldHaveSingleItem().Adjustment.ShouldBe(ForecastAdjustment.Multiply);
        rules[0].Conditions.Count.ShouldBe(2);
        errors.Count.ShouldBe(5);
        errors.ShouldContain(e => e.Contains("unknown variable 'secret_var'"));
        errors.ShouldContain(e => e.Contains("only 'infl' is forecast"));
    }

    [Fact]
    public void A_rule_file_must_hold_only_forecast_rules()
    {
        var json = """[{"kind":"condition","conditions":[],"outcome":{"variable":"a","value":1}}]""";

        Should.Throw<InputException>(() => ForecastRuleFile.Parse(json, "rules.json")).Message.ShouldContain("not a forecast rule");
    }
}
