using RuleForge.EventCalculus.Rtec;
using RuleForge.EventCalculus.Tests.Support;
using RuleForge.Testing;
using Xunit.Abstractions;

namespace RuleForge.EventCalculus.Tests.Rtec;

/// <summary>The engine's output equals RTEC's expected recognitions, line for line and in RTEC's order, on the shared conformance material.</summary>
public sealed class RtecConformanceTests(ITestOutputHelper output)
{
    private static readonly string[] CtmInputs =
    [
        "abrupt_acceleration.csv", "abrupt_deceleration.csv", "internal_temperature_change.csv", "noise_level_change.csv",
        "passenger_density_change.csv", "sharp_turn.csv", "stop_enter_leave.csv",
    ];

    [Theory]
    [InlineData(10, 10)]
    [InlineData(50, 50)]
    public void Toy_matches_rtec(long window, long step)
    {
        var dir = Conformance("toy");
        if (dir is null)
        {
            return;
        }

        Check(RulesSource.FromFile(Path.Combine(dir, "rules.prolog"), Path.Combine(dir, "toy_var_domain.prolog")), [Path.Combine(dir, "toy_data.csv")],
            new StreamSettings(window, step, 0, 50, 1), Path.Combine(dir, $"expected-{window}-{step}.txt"));
    }

    [Fact]
    public void Ctm_10000_matches_rtec()
    {
        var dir = Conformance("ctm");
        if (dir is null)
        {
            return;
        }

        Check(RulesSource.FromFile(Path.Combine(dir, "rules.prolog"), Path.Combine(dir, "background", "vehicles.prolog")), [.. CtmInputs.Select(f => Path.Combine(dir, f))],
            new StreamSettings(10000, 10000, 0, 50000, 1), Path.Combine(dir, "expected-10000-10000.txt"));
    }

    [Theory]
    [InlineData(100000, 100000)]
    [InlineData(20000, 20000)]
    [InlineData(200000, 100000)]
    public void Caviar_matches_rtec(long window, long step)
    {
        var dir = Conformance("caviar");
        if (dir is null)
        {
            return;
        }

        var distance = Path.Combine(RepoRoot(), "examples", "rtec", "caviar-distance.pl");
        Check(RulesSource.FromFile(Path.Combine(dir, "rules.prolog"), distance), [Path.Combine(dir, "appearance.csv"), Path.Combine(dir, "movementB.csv")],
            new StreamSettings(window, step, 0, 1007000, 40), Path.Combine(dir, $"expected-{window}-{step}.txt"));
    }

    private string? Conformance(string app)
    {
        var root = SharedData.Require(output, "rtec");
        return root is null ? null : Path.Combine(root, "conformance", app);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RuleForge.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    internal static List<HashSet<string>> Blocks(IEnumerable<string> lines) =>
        [.. OrderedBlocks(lines).Select(b => b.ToHashSet(StringComparer.Ordinal))];

    /// <summary>The lines of each query time's block (blocks end with an empty line), in file order.</summary>
    internal static List<List<string>> OrderedBlocks(IEnumerable<string> lines)
    {
        var blocks = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blocks.Add(current);
                current = [];
            }
            else
            {
                current.Add(line);
            }
        }

        if (current.Count > 0)
        {
            blocks.Add(current);
        }

        return blocks;
    }

    private void Check(RulesSource rules, string[] inputs, StreamSettings stream, string expectedFile)
    {
        var run = Recognizer.Run(rules, inputs, stream);
        var lines = run.Windows.Select(w => w.Recognitions.Select(r => r.Line).ToList()).ToList();
        var ours = lines.Select(l => l.ToHashSet(StringComparer.Ordinal)).ToList();
        var expectedLines = OrderedBlocks(File.ReadLines(expectedFile));
        var expected = expectedLines.Select(l => l.ToHashSet(StringComparer.Ordinal)).ToList();
        output.WriteLine($"{run.WindowCount} windows, {run.RecognitionMsPerWindow:0.#} ms/window");
        ours.Count.ShouldBe(expected.Count, "number of window blocks");
        for (var i = 0; i < expected.Count; i++)
        {
            var missing = expected[i].Except(ours[i]).Take(3).ToList();
            var extra = ours[i].Except(expected[i]).Take(3).ToList();
            (missing.Count + extra.Count).ShouldBe(0, $"block {i}: missing {string.Join(" ", missing)}; extra {string.Join(" ", extra)}");
            lines[i].ShouldBe(expectedLines[i], $"block {i}: the same lines as RTEC's, in RTEC's order");
        }
    }
}
