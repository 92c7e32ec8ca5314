using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Testing;

namespace RuleForge.Cli.Tests.Commands;

public sealed class SimLpCommandTests : IDisposable
{
    private const string Reference = """
        initiatedAt(gap(V)=nearPorts, T) :-
            happensAt(gap_start(V), T),
            holdsAt(withinArea(V, nearPorts)=true, T).
        terminatedAt(gap(V)=_S, T) :-
            happensAt(gap_end(V), T).
        holdsFor(stopped(V)=true, I) :- holdsFor(speed(V)=low, I).

        """;

    private const string Generated = """
        initiatedAt(gap(Vessel)=nearPorts, T) :-
            happensAt(gap_start(Vessel), T).
        terminatedAt(gap(Vessel)=_S, T) :-
            happensAt(gap_end(Vessel), T).
        holdsFor(extra(V)=true, I) :- holdsFor(speed(V)=low, I).

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

    private (string G, string R) Files(string generated = Generated, string reference = Reference)
    {
        File.WriteAllText(temp.File("g.pl"), generated);
        File.WriteAllText(temp.File("r.pl"), reference);
        return (temp.File("g.pl"), temp.File("r.pl"));
    }

    [Fact]
    public async Task Json_output_follows_the_contract()
    {
        var (g, r) = Files();
        var (code, output, _) = await Run("simlp", g, r, "--json");
        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var similarity = root.GetProperty("similarity").GetDouble();
        similarity.ShouldBeGreaterThan(0);
        similarity.ShouldBeLessThan(1);
        var partitions = root.GetProperty("partitions").EnumerateArray().ToList();
        partitions.Select(p => p.GetProperty("key").GetString()).ShouldBe(["gap/initiatedAt", "gap/terminatedAt", "stopped/holdsFor"]);
        partitions[1].GetProperty("similarity").GetDouble().ShouldBe(1.0);
        partitions[2].GetProperty("similarity").GetDouble().ShouldBe(0.0);
        root.GetProperty("generatedOnly").EnumerateArray().Select(e => e.GetString()).ShouldBe(["extra/holdsFor"]);
        root.GetProperty("referenceOnly").EnumerateArray().Select(e => e.GetString()).ShouldBe(["stopped/holdsFor"]);
        similarity.ShouldBe((partitions[0].GetProperty("similarity").GetDouble() + 1.0) / 3.0, 1e-15);
    }

    [Fact]
    public async Task Text_output_lists_partitions_matches_and_generated_only_keys()
    {
        var (g, r) = Files();
        var (code, output, _) = await Run("simlp", g, r);
        code.ShouldBe(0);
        output.ShouldContain("similarity: ");
        output.ShouldContain("gap/initiatedAt");
        output.ShouldContain("generated line 1 ↔ reference line 1: distance");
        output.ShouldContain("generated-only: extra/holdsFor");
        output.ShouldContain("reference-only: stopped/holdsFor");
    }

    [Fact]
    public async Task Feedback_levels_control_what_is_revealed()
    {
        var (g, r) = Files();
        var structure = await Run("simlp", g, r, "--feedback", "structure");
        structure.Out.ShouldContain("missing condition");
        structure.Out.ShouldNotContain("withinArea(V, nearPorts)");
        var detailed = await Run("simlp", g, r, "--feedback", "detailed", "--json");
        using var doc = JsonDocument.Parse(detailed.Out);
        doc.RootElement.GetProperty("feedback").GetProperty("issues").EnumerateArray()
            .ShouldContain(i => i.GetProperty("kind").GetString() == "missingBodyLiteral" && i.GetProperty("expected").GetString()!.Contains("withinArea(V, nearPorts)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_warns_that_detailed_feedback_reveals_the_reference()
    {
        var (_, output, _) = await Run("simlp", "--help");
        output.ShouldContain("REVEALS THE REFERENCE");
    }

    [Fact]
    public async Task A_syntax_error_exits_with_2_and_a_positioned_message()
    {
        var (g, r) = Files(Generated + "initiatedAt(x(V)=true, T) :- happensAt(e(V), T)\n");
        var (code, _, error) = await Run("simlp", g, r, "--json");
        code.ShouldBe(2);
        error.ShouldContain("g.pl:6:48");
        error.ShouldContain("full stop");
    }

    [Fact]
    public async Task A_missing_file_exits_with_2()
    {
        var (code, _, error) = await Run("simlp", temp.File("nope.pl"), temp.File("nope2.pl"));
        code.ShouldBe(2);
        error.ShouldContain("does not exist");
    }

    [Fact]
    public async Task Batch_mode_scores_pairs_from_directories_and_reports_unreadable_files()
    {
        var gen = Directory.CreateDirectory(temp.File("gen/model/exp1/variant"));
        var refs = Directory.CreateDirectory(temp.File("ref/variant"));
        File.WriteAllText(Path.Combine(gen.FullName, "a.prolog"), Generated);
        File.WriteAllText(Path.Combine(gen.FullName, "b.prolog"), "p :- (q.\n");
        File.WriteAllText(Path.Combine(refs.FullName, "a.prolog"), Reference);
        File.WriteAllText(Path.Combine(refs.FullName, "b.prolog"), Reference);
        var (code, output, _) = await Run("simlp", "--batch", temp.File("gen"), temp.File("ref"), "--json");
        code.ShouldBe(2);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("count").GetInt32().ShouldBe(2);
        doc.RootElement.GetProperty("failed").GetInt32().ShouldBe(1);
        var pairs = doc.RootElement.GetProperty("pairs").EnumerateArray().ToList();
        pairs[0].GetProperty("similarity").GetDouble().ShouldBeGreaterThan(0);
        pairs[1].GetProperty("error").GetString()!.ShouldContain("b.prolog:1:");
    }

    [Fact]
    public async Task Batch_mode_reads_a_pairs_file()
    {
        var (g, r) = Files();
        File.WriteAllText(temp.File("pairs.txt"), $"# generated reference\n{g}\t{r}\n{r} {r}\n");
        var (code, output, _) = await Run("simlp", "--batch", temp.File("pairs.txt"));
        code.ShouldBe(0);
        output.ShouldContain("2 pair(s), 0 unreadable");
        output.ShouldContain($"1\t{r}\t{r}");
    }
}
