using RuleForge.Ingestion.Records;
using RuleForge.Ingestion.Validation;

namespace RuleForge.Ingestion.Tests.Records;

public sealed class FlatRowCanonicalizerTests
{
    private static readonly string[] Header = ["zeta", "amount", "Name", "vip", "id", "note"];

    private static FlatRecordItem Row(int line, params string[] values) => new(Header, values, $"a.csv:{line}");

    private static RecordValidator InferredValidator()
    {
        var validator = RecordValidator.Inferring();
        var sample = Enumerable.Range(0, 40).Select(i => Row(i + 2, $"z{i}", $"{i}.25", $"n{i}", i % 2 == 0 ? "true" : "False", $"{i}", "")).ToList();
        validator.Infer(sample.Select(r => r.ToRecordItem()));
        return validator;
    }

    [Theory]
    [InlineData("z", "12", "ann", "true", "1", "")]
    [InlineData("", "12.50", "Zoë \"quoted\" <b>&</b>", "FALSE", "-0", "日本語 + emoji 🎉")]
    [InlineData("line\nbreak", "1e3", "tab\there", " true ", "9007199254740993", "back\\slash")]
    [InlineData("x", " 7 ", "", "", "", "\u0001 control")]
    [InlineData("x", "-123456789.123456789", "b", "true", "12345678901234567890", "")]
    [InlineData("x", "0.0001", "b", "true", "123456789012345", "")]
    [InlineData("x", "0.00001", "b", "true", "1234567890123456", "")]
    [InlineData("x", "-0.5", "b", "true", "007", "")]
    [InlineData("x", "999999999999999.9", "b", "true", "+3", "")]
    [InlineData("x", "-12.345", "b", "true", "-0.0", "")]
    [InlineData("x", "0.1", "b", "true", "100", "")]
    public void Writes_the_same_canonical_json_and_hash_as_the_general_path(params string[] values)
    {
        var validator = InferredValidator();
        var row = Row(100, values);

        var fast = new FlatRowCanonicalizer().TryCanonicalize(row, validator);

        var item = row.ToRecordItem();
        validator.Validate(item, out var time).ShouldBeNull();
        var general = new RecordCanonicalizer().Canonicalize(item.Record, item.Ref, time);
        fast.ShouldNotBeNull();
        fast.Json.ShouldBe(general.Json);
        fast.Hash.ShouldBe(general.Hash);
        (fast.SourceRef, fast.RecordTime).ShouldBe((general.SourceRef, general.RecordTime));
    }

    [Fact]
    public void Column_names_needing_escapes_are_written_as_the_general_path_writes_them()
    {
        string[] header = ["naïve \"q\"", "a<b>&c", "日本", "tab\there", "\u0001x"];
        var validator = RecordValidator.Inferring();
        validator.Infer(Enumerable.Range(0, 30).Select(i => new FlatRecordItem(header, [$"v{i}", $"{i}", "x", "y", "z"], $"h.csv:{i + 2}").ToRecordItem()));
        var row = new FlatRecordItem(header, ["v", "5", "日本語", "t", "\"q\""], "h.csv:99");

        var fast = new FlatRowCanonicalizer().TryCanonicalize(row, validator);

        var item = row.ToRecordItem();
        validator.Validate(item, out var time).ShouldBeNull();
        fast.ShouldNotBeNull().Json.ShouldBe(new RecordCanonicalizer().Canonicalize(item.Record, item.Ref, time).Json);
    }

    [Fact]
    public void The_content_hash_is_the_first_16_bytes_of_sha256_of_the_canonical_json_on_every_call()
    {
        // Stores remember these hashes across runs: changing the hash or the canonical form would store duplicates.
        var validator = RecordValidator.Inferring();
        FlatRecordItem Ann() => new(["name", "age", "vip", "note"], ["ann", "31", "true", ""], "a.csv:2");
        validator.Infer([Ann().ToRecordItem()]);
        var canonicalizer = new FlatRowCanonicalizer();

        var hashes = Enumerable.Range(0, 3).Select(_ => canonicalizer.TryCanonicalize(Ann(), validator).ShouldNotBeNull()).ToList();

        hashes[0].Json.ShouldBe("""{"age":31,"name":"ann","note":null,"vip":true}""");
        hashes.ShouldAllBe(h => Convert.ToHexString(h.Hash) == "F4979B45BE6F66001092E7A2718E41A2");
    }

    [Theory]
    [InlineData("abc", "true", "field 'amount'")]
    [InlineData("1", "maybe", "field 'vip'")]
    public void Leaves_a_row_that_does_not_coerce_to_the_general_path(string amount, string vip, string reason)
    {
        var validator = InferredValidator();
        var row = Row(7, "z", amount, "n", vip, "1", "");

        new FlatRowCanonicalizer().TryCanonicalize(row, validator).ShouldBeNull();
        validator.Validate(row.ToRecordItem(), out _).ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void A_field_that_is_not_valid_utf8_is_left_to_the_general_path_which_reads_it_as_replacement_characters()
    {
        var validator = InferredValidator();
        byte[] utf8 = [.. "z,1,"u8, 0xFF, 0xFE, .. ",true,1,"u8];
        var row = new FlatRecordItem(Header, [.. utf8.Where(b => b != ',')], [1, 2, 4, 8, 9, 9], "a.csv:3");

        new FlatRowCanonicalizer().TryCanonicalize(row, validator).ShouldBeNull();
        row.Values[2].ShouldBe("\uFFFD\uFFFD");
        validator.Validate(row.ToRecordItem(), out _).ShouldBeNull();
    }

    [Fact]
    public void Flat_rows_skip_the_general_path_only_when_types_alone_decide()
    {
        RecordValidator.Inferring().TakesFlatRows.ShouldBeFalse(); // Types not inferred yet.
        InferredValidator().TakesFlatRows.ShouldBeTrue();
        var timed = RecordValidator.Inferring("id");
        timed.Infer([Row(2, "z", "1", "n", "true", "1", "").ToRecordItem()]);
        timed.TakesFlatRows.ShouldBeFalse();
    }
}
