using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Tests.Support;
using RuleForge.Testing;
using Xunit.Abstractions;

namespace RuleForge.EventCalculus.Tests.Prolog;

public sealed class SharedCorpusReadTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_shared_rtec_prolog_file_reads_or_fails_with_a_position()
    {
        var root = SharedData.Require(output, "rtec");
        if (root is null)
        {
            return;
        }

        var files = Directory.EnumerateFiles(root, "*.prolog", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThan(100);
        var failures = new List<string>();
        foreach (var f in files)
        {
            try
            {
                PrologReader.ReadFile(f);
            }
            catch (ParseException e)
            {
                e.Line.ShouldBeGreaterThan(0);
                failures.Add(e.Message);
            }
        }

        foreach (var f in failures)
        {
            output.WriteLine(f);
        }

        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "rf-read-failures.txt"), failures);
        PrologReader.ReadFile(Path.Combine(root, "genrtec/rules/ground_truth/syntactic_similarity/msa.prolog")).Clauses.Count.ShouldBeGreaterThan(20);
    }
}
