using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Llm.Grammar;
using RuleForge.Tabular.Llm.Tests.Support;
using RuleForge.Testing.Tabular;

namespace RuleForge.Tabular.Llm.Tests.Grammar;

public sealed class TabularRuleParserTests
{
    private static readonly Dataset Table = SyntheticTables.Create(60);
    private static readonly TabularRuleParser Parser = new(Table, ClassTarget.Of(Table, "class"));

    private static string Errors(string reply) => string.Join("\n", Parser.ParseReply(reply).Errors);

    [Fact]
    public void A_valid_block_becomes_a_decision_list_with_typed_values()
    {
        var result = Parser.ParseReply(Tables.Block(
            "# red and large",
            "IF x >= 59.5 AND colour = red THEN class = pos",
            "if colour in {green, \"blue\"} and y < 10 then class = neg",
            "IF colour not in {red} THEN class = neg",
            "DEFAULT class = neg"));

        result.Errors.ShouldBeEmpty();
        var rules = result.Rules!.Rules;
        rules.Count.ShouldBe(4);
        var first = (ConditionRule)rules[0].Body;
        first.Conditions[0].ShouldBe(new Condition("x", ConditionOperator.GreaterOrEqual, RuleValue.Of(59.5)));
        first.Conditions[1].ShouldBe(new Condition("colour", ConditionOperator.Equal, RuleValue.Of("red")));
        first.Outcome.ShouldBe(new Outcome("class", RuleValue.Of("pos")));
        ((ConditionRule)rules[1].Body).Conditions[0].ShouldBe(new Condition("colour", ConditionOperator.In, RuleValue.List([RuleValue.Of("green"), RuleValue.Of("blue")])));
        ((ConditionRule)rules[2].Body).Conditions[0].Operator.ShouldBe(ConditionOperator.NotIn);
        ((ConditionRule)rules[3].Body).IsDefault.ShouldBeTrue();
        rules.ShouldAllBe(r => r.Source == RuleSource.Llm);
    }

    [Fact]
    public void An_unknown_column_is_reported_with_line_token_and_the_columns_there_are()
    {
        Errors(Tables.Block("IF z > 3 THEN class = pos", "DEFAULT class = neg"))
            .ShouldBe("line 1, token 2 'z': unknown column; columns are: x, y, colour");
    }

    [Fact]
    public void A_column_differing_only_in_case_gets_a_hint()
    {
        Errors(Tables.Block("IF X > 3 THEN class = pos", "DEFAULT class = neg"))
            .ShouldBe("line 1, token 2 'X': unknown column (did you mean 'x'? names are case-sensitive); columns are: x, y, colour");
    }

    [Fact]
    public void A_word_compared_with_a_numeric_column_is_rejected()
    {
        Errors(Tables.Block("IF x > big THEN class = pos", "DEFAULT class = neg"))
            .ShouldBe("line 1, token 4 'big': column 'x' is numeric; expected a number");
    }

    [Fact]
    public void An_order_comparison_on_a_nominal_column_is_rejected()
    {
        Errors(Tables.Block("IF colour > red THEN class = pos", "DEFAULT class = neg"))
            .ShouldBe("line 1, token 3 '>': column 'colour' holds categories; use =, !=, in or not in");
    }

    [Fact]
    public void A_value_the_column_does_not_have_is_rejected_listing_its_values()
    {
        Errors(Tables.Block("IF colour = purple THEN class = pos", "DEFAULT class = neg"))
            .ShouldBe("line 1, token 4 'purple': not a value of column 'colour'; values are: " + string.Join(", ", Table.Column("colour").Categories));
    }

    [Fact]
    public void An_unknown_class_and_a_wrong_target_are_rejected()
    {
        Errors(Tables.Block("IF x > 3 THEN class = maybe", "IF x > 4 THEN kind = pos", "DEFAULT class = neg")).ShouldBe(
            "line 1, token 8 'maybe': not a class of 'class'; classes are: " + string.Join(", ", ClassTarget.Of(Table, "class").Labels) + "\n" +
            "line 2, token 6 'kind': a rule must conclude the target column 'class'");
    }

    [Fact]
    public void Every_bad_line_is_reported_not_only_the_first()
    {
        var errors = Parser.ParseReply(Tables.Block("IF x > 3 OR y < 2 THEN class = pos", "WHEN x > 1 THEN class = pos", "IF x > 1 THEN class = pos extra", "DEFAULT class = neg")).Errors;
        errors.Select(e => e.ToString()).ShouldBe(
        [
            "line 1, token 5 'OR': expected AND or THEN after a condition (OR is not part of the grammar: write a second rule)",
            "line 2, token 1 'WHEN': a rule line starts with IF or DEFAULT",
            "line 3, token 9 'extra': unexpected text after the class; one rule per line",
        ]);
    }

    [Fact]
    public void A_missing_default_a_rule_after_it_and_an_unclosed_list_are_errors()
    {
        Errors(Tables.Block("IF x > 3 THEN class = pos")).ShouldBe("reply: the block has no DEFAULT line; end it with 'DEFAULT class = <class>'");
        Errors(Tables.Block("DEFAULT class = neg", "IF x > 3 THEN class = pos")).ShouldBe("line 2, token 1 'IF': nothing may follow the DEFAULT line (line 1)");
        Errors(Tables.Block("IF colour in {red, blue THEN class = pos", "DEFAULT class = neg")).ShouldBe("line 1, token 8 'THEN': expected ',' or '}' in the list of values");
    }

    [Fact]
    public void A_reply_without_exactly_one_rules_block_is_rejected()
    {
        Errors("IF x > 3 THEN class = pos\nDEFAULT class = neg").ShouldBe("reply: no fenced code block found; put the rules in one block that starts with ```rules and ends with ```");
        Errors(Tables.Block("DEFAULT class = neg") + Tables.Block("DEFAULT class = pos")).ShouldBe("reply: found 2 ```rules blocks; put all the rules in exactly one ```rules block");
    }

    [Fact]
    public void The_target_cannot_be_a_condition_and_quotes_must_close()
    {
        Errors(Tables.Block("IF class = pos THEN class = pos", "DEFAULT class = neg")).ShouldBe("line 1, token 2 'class': the target column 'class' cannot be used in a condition");
        Errors(Tables.Block("IF colour = \"red THEN class = pos", "DEFAULT class = neg")).ShouldBe("line 1: token 4 starts a quote \" that is never closed");
    }

    [Fact]
    public void Formatted_rules_parse_back_to_the_same_rules()
    {
        var original = Parser.ParseReply(Tables.Block("IF x >= 59.5 AND colour in {red, green} THEN class = pos", "IF y != 3 THEN class = neg", "DEFAULT class = neg")).Rules!;
        var text = string.Join("\n", original.Rules.Select(RuleText.Format));
        var again = Parser.ParseBlock(text).Rules!;
        again.Rules.Select(r => r.Body.ToString()).ShouldBe(original.Rules.Select(r => r.Body.ToString()));
    }

    [Fact]
    public void Names_with_spaces_are_quoted_when_written()
    {
        TabularRuleParser.Quote("unit price").ShouldBe("\"unit price\"");
        TabularRuleParser.Quote("and").ShouldBe("\"and\"");
        TabularRuleParser.Quote("x_1").ShouldBe("x_1");
    }
}
