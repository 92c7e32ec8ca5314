using System.Text;
using RuleForge.Core.Data;

namespace RuleForge.Core.Tests.Data;

public sealed class DataRecordInputTests
{
    private static readonly byte[] Hash = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Fact]
    public void A_record_made_from_text_and_one_made_from_utf8_bytes_read_and_compare_the_same()
    {
        const string json = """{"name":"Zoë","n":1}""";
        var buffer = new byte[64];
        var utf8 = Encoding.UTF8.GetBytes(json);
        Hash.CopyTo(buffer, 0);
        utf8.CopyTo(buffer, 16);

        var fromText = new DataRecordInput(json, Hash, "a.csv:2");
        var fromBytes = new DataRecordInput(buffer.AsMemory(16, utf8.Length), buffer.AsMemory(0, 16), "a.csv:2");

        fromBytes.Json.ShouldBe(json);
        fromText.Utf8Json.ToArray().ShouldBe(utf8);
        fromBytes.Hash.ShouldBe(Hash);
        fromBytes.ShouldBe(fromText);
        fromBytes.GetHashCode().ShouldBe(fromText.GetHashCode());
        (fromBytes with { SourceRef = "a.csv:3" }).ShouldNotBe(fromText);
    }

    [Fact]
    public void Empty_json_is_empty_in_either_form()
    {
        new DataRecordInput("", Hash, "x").IsEmpty.ShouldBeTrue();
        new DataRecordInput(ReadOnlyMemory<byte>.Empty, Hash, "x").IsEmpty.ShouldBeTrue();
        new DataRecordInput("{}", Hash, "x").IsEmpty.ShouldBeFalse();
    }
}
