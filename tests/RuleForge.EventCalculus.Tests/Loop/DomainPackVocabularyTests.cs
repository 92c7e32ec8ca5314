using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Replies;
using RuleForge.EventCalculus.Tests.Support;
using RuleForge.Testing;
using Xunit.Abstractions;

namespace RuleForge.EventCalculus.Tests.Loop;

/// <summary>
/// The packs declare the vocabulary the published reference definitions use: none of them reads as "invented"
/// (the syntactic-similarity references; the predictive-accuracy ones add helper fluents such as closeSymmetric_30).
/// </summary>
public sealed class DomainPackVocabularyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("msa", "msa", "syntactic_similarity")]
    [InlineData("har", "acr", "syntactic_similarity")]
    public void Reference_definitions_use_only_declared_vocabulary(string domain, string file, string kind)
    {
        if (SharedData.Require(output, "rtec") is not { } rtec)
        {
            return;
        }

        var pack = DomainPackLoader.Load(domain);
        var text = File.ReadAllText(Path.Combine(rtec, "genrtec", "rules", "ground_truth", kind, file + ".prolog"));
        var parser = new ReplyParser(pack);
        var checkedCount = 0;
        foreach (var activity in pack.Activities)
        {
            var analysis = parser.Check(text, activity);
            if (analysis.Issues.Any(i => i.Kind == ReplyProblem.WrongFluent))
            {
                continue; // not in this reference
            }

            checkedCount++;
            analysis.Issues.Where(i => i.Kind == ReplyProblem.InventedPredicate).Select(i => $"{activity.Name}: {i.Message}").ShouldBeEmpty();
        }

        checkedCount.ShouldBeGreaterThan(3);
    }
}
