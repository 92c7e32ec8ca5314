using RuleForge.EventCalculus.SimLp;
using RuleForge.EventCalculus.Tests.Support;
using RuleForge.Testing;
using Xunit.Abstractions;

namespace RuleForge.EventCalculus.Tests.SimLp;

using SimLp = RuleForge.EventCalculus.SimLp.SimLp;

public sealed class SimLpConformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("test1", 0.9140625, 1e-12)]
    [InlineData("test2", 1.0, 1e-12)]
    [InlineData("test3", 0.8073, 5e-5)]
    [InlineData("test4", 0.9167, 5e-5)]
    [InlineData("test5", 0.4062, 5e-5)]
    public async Task Simlp_unit_cases_match_the_reference(string test, double expected, double tolerance)
    {
        var root = SharedData.Require(output, "rtec");
        if (root is null)
        {
            return;
        }

        var dir = Path.Combine(root, "simlp-unit", test);
        var result = await SimLp.CompareFilesAsync(Path.Combine(dir, "generated.prolog"), Path.Combine(dir, "ground.prolog"));
        output.WriteLine($"{test}: {result.Similarity:R}");
        result.Similarity.ShouldBe(expected, tolerance);
        result.Partitions.Count.ShouldBe(1);

        // results.csv: the matching, the matched rule distances and the partition similarity, 4 decimals.
        var csv = File.ReadAllLines(Path.Combine(dir, "results.csv")).Where(l => l.Trim().Length > 0).ToList();
        var matches = result.Partitions[0].Matches;
        var distances = csv[1].Trim('[', ']', ' ').Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        matches.Select(m => m.Distance).ToList().Count.ShouldBe(distances.Count);
        for (var i = 0; i < distances.Count; i++)
        {
            matches[i].Distance.ShouldBe(distances[i], 5e-5);
        }

        double.Parse(csv[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(result.Similarity, 5e-5);
    }

    [Fact]
    public async Task Genrtec_gpt_exp1_msa_matches_the_reference_figure()
    {
        var root = SharedData.Require(output, "rtec");
        if (root is null)
        {
            return;
        }

        var rules = Path.Combine(root, "genrtec", "rules");
        var result = await SimLp.CompareFilesAsync(
            Path.Combine(rules, "llms/gpt/exp1/syntactic_similarity/msa.prolog"),
            Path.Combine(rules, "ground_truth/syntactic_similarity/msa.prolog"));
        foreach (var p in result.Partitions)
        {
            output.WriteLine($"{p.Key}: {p.Similarity:R}");
        }

        output.WriteLine($"total {result.Similarity:R}; gen-only {string.Join(",", result.GeneratedOnly)}; ref-only {string.Join(",", result.ReferenceOnly)}");
        result.SharedCount.ShouldBe(22);
        result.Similarity.ShouldBe(0.9109662472943723, 1e-12);
    }
}
