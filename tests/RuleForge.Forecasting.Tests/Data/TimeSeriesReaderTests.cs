using RuleForge.Core.Errors;
using RuleForge.Forecasting.Data;
using RuleForge.Testing;

namespace RuleForge.Forecasting.Tests.Data;

public sealed class TimeSeriesReaderTests
{
    [Fact]
    public async Task Year_and_quarter_columns_date_each_row_at_the_start_of_its_quarter()
    {
        var frame = await TimeSeriesReader.ParseCsvAsync("\"year\",\"quarter\",\"infl\"\n1959,1,0\n1959,2,2.34\n1959,4,1.5\n1959,3,NA\n");

        frame.Times.ShouldBe([new DateTime(1959, 1, 1), new DateTime(1959, 4, 1), new DateTime(1959, 7, 1), new DateTime(1959, 10, 1)]);
        frame.Column("infl")[2].ShouldBe(double.NaN);
        frame.Column("infl")[3].ShouldBe(1.5);
        frame.Numeric.ContainsKey("year").ShouldBeFalse();
        frame.IsRegular.ShouldBeTrue();
    }

    [Fact]
    public async Task A_compact_date_column_is_parsed_and_irregular_gaps_are_detected()
    {
        var frame = await TimeSeriesReader.ParseCsvAsync("date,co2\n19580329,316.1\n19580405,317.3\n19580426,\n");

        frame.Times[1].ShouldBe(new DateTime(1958, 4, 5));
        frame.Column("co2")[2].ShouldBe(double.NaN);
        frame.IsRegular.ShouldBeFalse();
    }

    [Fact]
    public async Task Json_lines_keep_numeric_and_categorical_fields_with_missing_values()
    {
        using var folder = new TempFolder();
        var path = folder.File("s.jsonl");
        await File.WriteAllTextAsync(path, "{\"date\":\"2020-01-01\",\"x\":1.5,\"regime\":\"calm\"}\n{\"date\":\"2020-01-02\",\"x\":null,\"regime\":\"storm\"}\n");

        var frame = await TimeSeriesReader.ReadAsync(path);

        frame.Column("x")[1].ShouldBe(double.NaN);
        frame.Categorical["regime"].ShouldBe(["calm", "storm"]);
    }

    [Fact]
    public async Task A_bad_date_names_the_line_and_the_field()
    {
        var error = await Should.ThrowAsync<InputException>(() => TimeSeriesReader.ParseCsvAsync("date,x\n2020-01-01,1\nyesterday,2\n", source: "s.csv"));

        error.Message.ShouldContain("s.csv: line 3");
        error.Message.ShouldContain("'date'");
    }

    [Fact]
    public async Task A_duplicate_timestamp_is_rejected()
    {
        var error = await Should.ThrowAsync<InputException>(() => TimeSeriesReader.ParseCsvAsync("year,quarter,x\n1990,1,1\n1990,1,2\n", source: "s.csv"));

        error.Message.ShouldContain("duplicate timestamp");
    }

    [Fact]
    public async Task Without_a_time_index_the_error_says_how_to_give_one()
    {
        var error = await Should.ThrowAsync<InputException>(() => TimeSeriesReader.ParseCsvAsync("a,b\n1,2\n", source: "s.csv"));

        error.Message.ShouldContain("--time-column");
    }

    [Fact]
    public async Task Blending_two_sources_aligns_them_on_the_union_of_timestamps()
    {
        var a = await TimeSeriesReader.ParseCsvAsync("date,x\n2020-01-01,1\n2020-01-03,3\n");
        var b = await TimeSeriesReader.ParseCsvAsync("date,x,y\n2020-01-02,20,200\n2020-01-03,30,300\n");

        var outer = TimeSeriesBlender.Blend([("a", a), ("b", b)]);
        var inner = TimeSeriesBlender.Blend([("a", a), ("b", b)], inner: true);

        outer.Length.ShouldBe(3);
        outer.Column("a.x").ShouldBe([1, double.NaN, 3]);
        outer.Column("y").ShouldBe([double.NaN, 200, 300]);
        inner.Length.ShouldBe(1);
        inner.Column("b.x").ShouldBe([30]);
    }
}
