using RuleForge.Core.Rules;

namespace RuleForge.Core.Tests.Rules;

public sealed class ConditionOperatorsTests
{
    private static RuleValue List(params RuleValue[] items) => RuleValue.List(items);

    [Fact]
    public void Values_that_fit_their_operator_pass()
    {
        ConditionOperators.Misfit(ConditionOperator.Greater, RuleValue.Of(100)).ShouldBeNull();
        ConditionOperators.Misfit(ConditionOperator.Equal, RuleValue.Of("vip")).ShouldBeNull();
        ConditionOperators.Misfit(ConditionOperator.NotEqual, RuleValue.Of(true)).ShouldBeNull();
        ConditionOperators.Misfit(ConditionOperator.In, List(RuleValue.Of("eu"), RuleValue.Of("us"))).ShouldBeNull();
        ConditionOperators.Misfit(ConditionOperator.NotIn, List(RuleValue.Of(1))).ShouldBeNull();
        ConditionOperators.Misfit(ConditionOperator.Between, List(RuleValue.Of(5), RuleValue.Of(5))).ShouldBeNull();
    }

    [Theory]
    [InlineData("between", "'between' needs a list of two numbers [low, high], not 5")]
    [InlineData("between-reversed", "'between' needs finite bounds with low ≤ high")]
    [InlineData("between-texts", "'between' needs a list of two numbers")]
    [InlineData("in-text", "'in' needs a non-empty list")]
    [InlineData("in-empty", "'in' needs a non-empty list")]
    [InlineData("greater-text", "'>' needs a finite number")]
    [InlineData("equal-list", "'==' needs one number, text or boolean, not the list")]
    public void Values_that_do_not_fit_are_explained(string shape, string expected)
    {
        var (op, value) = shape switch
        {
            "between" => (ConditionOperator.Between, RuleValue.Of(5)),
            "between-reversed" => (ConditionOperator.Between, List(RuleValue.Of(9), RuleValue.Of(1))),
            "between-texts" => (ConditionOperator.Between, List(RuleValue.Of("a"), RuleValue.Of("b"))),
            "in-text" => (ConditionOperator.In, RuleValue.Of("eu")),
            "in-empty" => (ConditionOperator.In, List()),
            "greater-text" => (ConditionOperator.Greater, RuleValue.Of("ten")),
            _ => (ConditionOperator.Equal, List(RuleValue.Of(1), RuleValue.Of(2))),
        };

        ConditionOperators.Misfit(op, value).ShouldNotBeNull().ShouldContain(expected);
    }
}
