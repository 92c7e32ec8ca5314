using RuleForge.Ingestion.Records;
using RuleForge.Ingestion.Validation;

namespace RuleForge.Ingestion.Tests.Records;

public sealed class JsonLineCanonicalizerTests
{
    private static JsonLineItem Line(string json) => new(json, "a.jsonl:9");

    /// <summary>Types as inferred from JSON: amount and id numbers, vip boolean, name and code text, extra anything.</summary>
    private static RecordValidator InferredValidator()
    {
        var validator = RecordValidator.Inferring();
        var sample = Enumerable.Range(0, 40)
            .Select(i => (RecordItem)Line($$"""{"zeta":"z{{i}}","amount":{{i}}.25,"Name":"n{{i}}","vip":{{(i % 2 == 0 ? "true" : "false")}},"id":{{i}},"code":"c{{i}}","extra":{{(i % 2 == 0 ? "1" : "\"x\"")}}}""").ToItem())
            .ToList();
        validator.Infer(sample);
        return validator;
    }

    [Theory]
    [InlineData("""{"zeta":"z","amount":12,"Name":"ann","vip":true,"id":1,"code":"c","extra":null}""")]
    [InlineData("""  {"id":-0,"amount":12.50,"Name":"Zoë \"quoted\" <b>&</b> \u00e9\u2028","vip":false,"zeta":"日本語 + emoji 🎉","code":"x","extra":"y"}  """)]
    [InlineData("""{"amount":1e3,"id":9007199254740993,"Name":"tab\there\nnew","vip":null,"zeta":"back\\slash \/","code":12.50,"extra":true}""")]
    [InlineData("""{"amount":"7","id":" 8 ","Name":"","vip":"TRUE","zeta":"\u0001 control","code":true,"extra":1.0}""")]
    [InlineData("""{"amount":-123456789.123456789,"id":12345678901234567890,"Name":"b","vip":true,"zeta":"\ud83c\udf89","code":false,"extra":-1E-7}""")]
    [InlineData("""{"b":1,"a":"2","amount":3,"\u0061\u006d":4,"\u00e9":"e"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"amount":0.0001,"id":123456789012345,"code":0.00001,"extra":1234567890123456,"b":-0.5,"c":999999999999999.9,"d":-12.345,"e":0.1,"f":100,"g":-0,"h":-0.0}""")]
    public void Writes_the_same_canonical_json_and_hash_as_the_general_path(string json)
    {
        var validator = InferredValidator();
        var canonicalizer = new JsonLineCanonicalizer();

        var fast = canonicalizer.TryCanonicalize(Line(json), validator);
        var again = canonicalizer.TryCanonicalize(Line(json), validator); // The second line of a shape takes the cached keys.

        var item = (RecordItem)Line(json).ToItem();
        validator.Validate(item, out var time).ShouldBeNull();
        var general = new RecordCanonicalizer().Canonicalize(item.Record, item.Ref, time);
        fast.ShouldNotBeNull();
        fast.Json.ShouldBe(general.Json);
        fast.Hash.ShouldBe(general.Hash);
        (fast.SourceRef, fast.RecordTime).ShouldBe((general.SourceRef, general.RecordTime));
        again.ShouldNotBeNull().Json.ShouldBe(general.Json);
    }

    [Fact]
    public void A_file_of_one_shape_gives_each_line_its_own_values()
    {
        var validator = InferredValidator();
        var canonicalizer = new JsonLineCanonicalizer();

        var first = canonicalizer.TryCanonicalize(Line("""{"id":1,"Name":"a"}"""), validator).ShouldNotBeNull();
        var second = canonicalizer.TryCanonicalize(Line("""{"id":2,"Name":"b"}"""), validator).ShouldNotBeNull();
        var reordered = canonicalizer.TryCanonicalize(Line("""{"Name":"c","id":3}"""), validator).ShouldNotBeNull();

        (first.Json, second.Json, reordered.Json).ShouldBe(("""{"Name":"a","id":1}""", """{"Name":"b","id":2}""", """{"Name":"c","id":3}"""));
    }

    [Theory]
    [InlineData("""{"id":"abc"}""", "field 'id'")]
    [InlineData("""{"vip":1}""", "field 'vip'")]
    [InlineData("""{"amount":true}""", "field 'amount'")]
    [InlineData("""{"Name":{"first":"a"}}""", "field 'Name'")]
    public void Leaves_a_line_that_does_not_coerce_to_the_general_path(string json, string reason)
    {
        var validator = InferredValidator();

        new JsonLineCanonicalizer().TryCanonicalize(Line(json), validator).ShouldBeNull();
        validator.Validate((RecordItem)Line(json).ToItem(), out _).ShouldNotBeNull().ShouldContain(reason);
    }

    [Theory]
    [InlineData("""{"id":1,"nested":{"a":1}}""")]
    [InlineData("""{"id":1,"list":[1,2]}""")]
    [InlineData("""{"id":1,"id":2}""")]
    public void Leaves_nested_values_and_repeated_keys_to_the_general_path(string json) =>
        new JsonLineCanonicalizer().TryCanonicalize(Line(json), InferredValidator()).ShouldBeNull();

    [Theory]
    [InlineData("""{"id":1""", "invalid JSON")]
    [InlineData("""{"id":1} x""", "invalid JSON")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""42""", "not a JSON object")]
    public void Leaves_a_line_that_is_not_a_json_object_to_the_general_path_which_names_the_reason(string json, string reason)
    {
        new JsonLineCanonicalizer().TryCanonicalize(Line(json), InferredValidator()).ShouldBeNull();
        Line(json).ToItem().ShouldBeOfType<MalformedItem>().Reason.ShouldContain(reason);
    }
}
