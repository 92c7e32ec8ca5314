using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Testing;

namespace RuleForge.Cli.Tests.EventCalculus;

public sealed class EcCommandTests : IDisposable
{
    private const string Rules = """
        initiatedAt(on(X)=true, T) :- happensAt(up(X), T).
        terminatedAt(on(X)=true, T) :- happensAt(down(X), T).
        holdsFor(off(X)=true, I) :- holdsFor(on(X)=true, I1), complement_all([I1], I).
        grounding(on(X)=true) :- dev(X).
        grounding(off(X)=true) :- dev(X).
        dev(d1).

        """;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(output, error, TextReader.Null, true));
        return (code, output.ToString(), error.ToString());
    }

    private string[] Stream(string csv)
    {
        File.WriteAllText(temp.File("in.csv"), csv);
        return ["--input", temp.File("in.csv"), "--window", "10", "--step", "10", "--start", "0", "--end", "20"];
    }

    [Fact]
    public async Task Run_writes_rtec_blocks_and_json_stats()
    {
        File.WriteAllText(temp.File("r.pl"), Rules);
        var (code, output, _) = await Run(["ec", "run", "--rules", temp.File("r.pl"), .. Stream("up|3|3|d1\ndown|14|14|d1\n"), "--output", temp.File("out.txt"), "--json"]);
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("windows").GetInt32().ShouldBe(2);
        doc.RootElement.GetProperty("recognitionMsPerWindow").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        doc.RootElement.GetProperty("wallMs").GetDouble().ShouldBeGreaterThan(0);
        doc.RootElement.GetProperty("warnings").GetInt32().ShouldBe(0);
        File.ReadAllText(temp.File("out.txt")).ShouldBe(
            "recognitions(predictions,on,[[d1],true],[(4,11)]).\nrecognitions(predictions,off,[[d1],true],[(1,4)]).\n\n" +
            "recognitions(predictions,on,[[d1],true],[(11,15)]).\nrecognitions(predictions,off,[[d1],true],[(15,21)]).\n\n");
    }

    [Fact]
    public async Task Compare_prints_the_contract_json()
    {
        File.WriteAllText(temp.File("r.pl"), Rules);
        File.WriteAllText(temp.File("g.pl"), Rules.Replace("happensAt(down(X), T)", "happensAt(never(X), T)", StringComparison.Ordinal));
        var (code, output, _) = await Run(["ec", "compare", "--rules", temp.File("g.pl"), "--reference", temp.File("r.pl"), .. Stream("up|3|3|d1\ndown|14|14|d1\n"), "--json"]);
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var micro = doc.RootElement.GetProperty("microF1").GetDouble();
        micro.ShouldBeGreaterThan(0);
        micro.ShouldBeLessThan(1);
        doc.RootElement.GetProperty("macroF1").GetDouble().ShouldBeLessThan(1);
        var fluents = doc.RootElement.GetProperty("fluents").EnumerateArray().ToList();
        fluents.Select(f => f.GetProperty("name").GetString() + "=" + f.GetProperty("value").GetString()).ShouldBe(["off=true", "on=true"]);
        foreach (var f in fluents)
        {
            f.GetProperty("precision").GetDouble().ShouldBeInRange(0, 1);
            f.GetProperty("recall").GetDouble().ShouldBeInRange(0, 1);
            f.GetProperty("f1").GetDouble().ShouldBeInRange(0, 1);
        }
    }

    [Fact]
    public async Task Graph_prints_mermaid_and_dot()
    {
        File.WriteAllText(temp.File("r.pl"), Rules);
        var (code, output, _) = await Run("ec", "graph", "--rules", temp.File("r.pl"));
        code.ShouldBe(0);
        output.ShouldContain("graph BT");
        output.ShouldContain("n_on_1 --> n_off_1");
        (code, output, _) = await Run("ec", "graph", "--rules", temp.File("r.pl"), "--format", "dot");
        code.ShouldBe(0);
        output.ShouldContain("\"on/1\" -> \"off/1\"");
    }

    [Fact]
    public async Task Bad_rules_exit_2_with_file_and_line()
    {
        File.WriteAllText(temp.File("bad.pl"), "initiatedAt(on(X)=true, T) :-\n  happensAt(up(X) T).\n");
        var (code, _, err) = await Run(["ec", "run", "--rules", temp.File("bad.pl"), .. Stream("up|3|3|d1\n"), "--output", temp.File("o.txt")]);
        code.ShouldBe(2);
        err.ShouldContain("bad.pl:2");
        File.Exists(temp.File("o.txt")).ShouldBeFalse();
    }
}
