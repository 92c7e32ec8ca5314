using RuleForge.Tabular.Data;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Tests.Support;
using RuleForge.Testing;

namespace RuleForge.Tabular.Tests.Readers;

public sealed class ArffDatasetReaderTests
{
    private const string Header = "% weather\n@relation weather\n@attribute outlook {sunny, overcast, 'rainy day'}\n@attribute temp numeric\n@attribute note string\n@attribute play {yes,no}\n@data\n";

    [Fact]
    public async Task Reads_numeric_nominal_string_and_missing_values()
    {
        var data = await Tables.Arff(Header + "sunny,85,'hot, dry',no\n'rainy day',?,?,yes\novercast,64.5,mild,yes\n");
        data.RowCount.ShouldBe(3);
        data.Column("outlook").Categories.ShouldBe(["sunny", "overcast", "rainy day"]);
        data.Column("outlook").Format(1).ShouldBe("rainy day");
        data.Column("temp").Kind.ShouldBe(ColumnKind.Numeric);
        data.Column("temp").IsMissing(1).ShouldBeTrue();
        data.Column("note").Format(0).ShouldBe("hot, dry");
        data.Column("note").IsMissing(1).ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_cut_inside_a_row_is_reported_as_truncated_with_its_line()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.Arff(Header + "sunny,85,x,no\novercast,64"));
        e.Message.ShouldContain("test.arff:9");
        e.Message.ShouldContain("truncated");
    }

    [Fact]
    public async Task A_file_cut_before_data_is_reported_as_truncated()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.Arff("@relation r\n@attribute a numeric\n"));
        e.Message.ShouldContain("no @data");
    }

    [Fact]
    public async Task A_value_outside_the_declared_categories_names_the_attribute()
    {
        var e = await Should.ThrowAsync<DataFormatException>(() => Tables.Arff(Header + "cloudy,85,x,no\n"));
        e.Message.ShouldContain("column 'outlook'");
        e.Message.ShouldContain("'cloudy'");
    }

    [SharedDataFact]
    public async Task Reads_a_shared_dataset()
    {
        var folder = SharedData.Require(null, "arff") ?? throw new InvalidOperationException("../shared/data/arff is absent");
        var data = await new ArffDatasetReader().ReadAsync(Path.Combine(folder, "diabetes.arff"), CancellationToken.None);
        data.RowCount.ShouldBe(768);
        data.Columns.Count.ShouldBe(9);
    }
}
