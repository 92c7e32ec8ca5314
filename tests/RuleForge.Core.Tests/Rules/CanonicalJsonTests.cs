using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;

namespace RuleForge.Core.Tests.Rules;

public sealed class CanonicalJsonTests
{
    private const string MinimalRule = """
        {"name":"vip","domain":"tabular","description":"big spenders","body":{"kind":"condition",
        "conditions":[{"variable":"points","operator":">","value":100}],"outcome":{"variable":"segment","value":"vip"}}}
        """;

    [Fact]
    public void A_minimal_rule_file_reads_into_a_condition_rule()
    {
        var rule = CanonicalJson.Deserialize<Rule>(MinimalRule, "r.json");

        var body = rule.Body.ShouldBeOfType<ConditionRule>();
        body.Conditions.ShouldHaveSingleItem().ShouldBe(new Condition("points", ConditionOperator.Greater, RuleValue.Of(100)));
        body.Outcome.ShouldBe(new Outcome("segment", RuleValue.Of("vip")));
        body.ToString().ShouldBe("IF points > 100 THEN segment = vip");
    }

    [Fact]
    public void Serialising_then_reading_gives_back_the_same_text()
    {
        var rule = CanonicalJson.Deserialize<Rule>(MinimalRule, "r.json") with
        {
            Id = "r1",
            Version = 3,
            Tags = ["a", "b"],
            Metrics = new Dictionary<string, double> { ["precision"] = 0.5 },
            Provenance = new Provenance { RunId = "run", Iteration = 2 },
            Status = RuleStatus.Active,
        };

        var once = CanonicalJson.Serialize(rule);
        var twice = CanonicalJson.Serialize(CanonicalJson.Deserialize<Rule>(once, "mem"));

        twice.ShouldBe(once);
        once.ShouldContain("\"status\":\"active\"");
    }

    [Fact]
    public void Every_operator_and_value_kind_round_trips()
    {
        var body = new ConditionRule
        {
            Conditions =
            [
                new("a", ConditionOperator.In, RuleValue.List([RuleValue.Of("x"), RuleValue.Of("y")])),
                new("b", ConditionOperator.Between, RuleValue.List([RuleValue.Of(1), RuleValue.Of(2.5)])),
                new("c", ConditionOperator.NotIn, RuleValue.List([RuleValue.Of(true)])),
                new("d", ConditionOperator.NotEqual, RuleValue.Of(-3)),
            ],
            Outcome = new Outcome("t", RuleValue.Of("yes")),
        };

        var json = CanonicalJson.Serialize<RuleBody>(body);
        CanonicalJson.Deserialize<RuleBody>(json, "mem").ShouldBeOfType<ConditionRule>().Conditions.ShouldBe(body.Conditions);
        json.ShouldContain("\"operator\":\"not_in\"");
    }

    [Fact]
    public void An_unknown_field_is_rejected_naming_the_field()
    {
        var json = MinimalRule.Replace("\"description\"", "\"colour\":\"red\",\"description\"", StringComparison.Ordinal);

        var error = Should.Throw<JsonFormatException>(() => CanonicalJson.Deserialize<Rule>(json, "r.json"));

        error.Message.ShouldContain("unknown field 'colour': a rule has the fields id, version, name, description");
        error.Message.ShouldNotContain("RuleForge.");
        error.Message.ShouldStartWith("r.json");
    }

    [Fact]
    public void An_unknown_field_of_a_nested_part_names_that_part()
    {
        var json = MinimalRule.Replace("\"operator\"", "\"op\":1,\"operator\"", StringComparison.Ordinal);

        var error = Should.Throw<JsonFormatException>(() => CanonicalJson.Deserialize<Rule>(json, "r.json"));

        error.Message.ShouldContain("unknown field 'op': a condition has the fields variable, operator, value");
    }

    [Fact]
    public void An_unknown_operator_is_rejected_listing_the_valid_ones()
    {
        var json = MinimalRule.Replace("\">\"", "\"~\"", StringComparison.Ordinal);

        var error = Should.Throw<JsonFormatException>(() => CanonicalJson.Deserialize<Rule>(json, "r.json"));

        error.Message.ShouldContain("unknown operator '~'");
        error.Path.ShouldNotBeNull().ShouldContain("operator");
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        var error = Should.Throw<JsonFormatException>(() => CanonicalJson.Deserialize<Rule>("""{"domain":"tabular","body":{"kind":"logic","text":"a."}}""", "r.json"));

        error.Message.ShouldContain("a rule needs the field(s) 'name'");
        error.Message.ShouldNotContain("RuleForge.");
    }

    [Fact]
    public void Retired_rules_cannot_go_back_to_draft()
    {
        RuleStatusTransitions.Explain(RuleStatus.Retired, RuleStatus.Draft).ShouldNotBeNull().ShouldContain("retired → draft");
        RuleStatusTransitions.IsAllowed(RuleStatus.Draft, RuleStatus.Candidate).ShouldBeTrue();
    }
}
