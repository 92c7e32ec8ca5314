using RuleForge.Tabular.Data;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Tests.Support;

namespace RuleForge.Tabular.Tests.Readers;

public sealed class JsonLinesDatasetReaderTests
{
    [Fact]
    public async Task Numbers_strings_booleans_and_nulls_become_typed_columns()
    {
        var data = await Tables.JsonLines("{\"a\":1,\"b\":\"x\",\"c\":true}\n\n{\"a\":null,\"b\":\"y\"}\n{\"a\":2.5,\"c\":false,\"d\":\"late\"}\n");
        data.RowCount.ShouldBe(3);
        data.Column("a").Kind.ShouldBe(ColumnKind.Numeric);
        data.Column("a").IsMissing(1).ShouldBeTrue();
        data.Column("c").Format(0).ShouldBe("true");
        data.Column("c").IsMissing(1).ShouldBeTrue();
        data.Column("d").IsMissing(0).ShouldBeTrue();
        data.Column("d").Format(2).ShouldBe("late");
    }

    [Fact]
    public async Task A_broken_line_is_reported_with_its_number()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.JsonLines("{\"a\":1}\n{\"a\":\n"));
        e.Message.ShouldContain("test.jsonl:2");
    }

    [Fact]
    public async Task Nested_values_are_rejected_naming_the_field()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.JsonLines("{\"a\":[1,2]}\n"));
        e.Message.ShouldContain("column 'a'");
    }
}
