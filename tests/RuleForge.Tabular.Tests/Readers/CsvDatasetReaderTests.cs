using RuleForge.Core.Errors;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Tests.Support;

namespace RuleForge.Tabular.Tests.Readers;

public sealed class CsvDatasetReaderTests
{
    [Fact]
    public async Task Infers_numeric_and_nominal_columns_and_reads_missing_values()
    {
        var data = await Tables.Csv("age,city,score\n30,Paris,1.5\n,Rome,?\n41,?,2\n");
        data.RowCount.ShouldBe(3);
        data.Column("age").Kind.ShouldBe(ColumnKind.Numeric);
        data.Column("city").Kind.ShouldBe(ColumnKind.Nominal);
        data.Column("age").IsMissing(1).ShouldBeTrue();
        data.Column("score").IsMissing(1).ShouldBeTrue();
        data.Column("city").IsMissing(2).ShouldBeTrue();
        data.Column("score").Numbers[2].ShouldBe(2.0);
    }

    [Fact]
    public async Task Sniffs_a_semicolon_delimiter()
    {
        var data = await Tables.Csv("a;b;c\n1;x;2,5\n3;y;4\n");
        data.Columns.Select(c => c.Name).ShouldBe(["a", "b", "c"]);
        data.Column("c").Kind.ShouldBe(ColumnKind.Nominal);
    }

    [Fact]
    public async Task Reads_quoted_fields_with_delimiters_quotes_and_line_breaks()
    {
        var data = await Tables.Csv("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n");
        var note = data.Column("note");
        note.Format(0).ShouldBe("a, b");
        note.Format(1).ShouldBe("say \"hi\"");
        note.Format(2).ShouldBe("two\nlines");
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_names_its_line()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.Csv("a,b\n1,2\n3\n"));
        e.Message.ShouldContain("test.csv:3");
        e.Message.ShouldContain("expected 2 fields");
    }

    [Fact]
    public async Task An_empty_file_is_a_clear_error()
    {
        var e = await Should.ThrowAsync<InputException>(() => Tables.Csv("\n\n"));
        e.Message.ShouldContain("empty");
    }

    [Fact]
    public async Task A_header_without_rows_is_a_clear_error()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.Csv("a,b\n"));
        e.Message.ShouldContain("no data rows");
    }

    [Fact]
    public async Task A_mostly_numeric_column_with_a_stray_text_names_line_and_column()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 40).Select(i => i == 17 ? "abc,1" : $"{i},1"));
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.Csv("age,k\n" + rows + "\n"));
        e.Message.ShouldContain("test.csv:19");
        e.Message.ShouldContain("column 'age'");
        e.Message.ShouldContain("'abc'");
    }

    [Fact]
    public async Task NaN_is_missing_and_infinity_is_an_extreme_number()
    {
        var data = await Tables.Csv("v,k\nNaN,a\nInfinity,b\n-Infinity,c\n1,d\n");
        var v = data.Column("v");
        v.Kind.ShouldBe(ColumnKind.Numeric);
        v.IsMissing(0).ShouldBeTrue();
        double.IsPositiveInfinity(v.Numbers[1]).ShouldBeTrue();
        double.IsNegativeInfinity(v.Numbers[2]).ShouldBeTrue();
    }
}
