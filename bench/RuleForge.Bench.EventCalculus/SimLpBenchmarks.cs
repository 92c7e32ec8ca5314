using BenchmarkDotNet.Attributes;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.Bench.EventCalculus;

/// <summary>SimLP on the genRTEC MSA pair (gpt/exp1 vs ground truth), as the reference tool's 0.037 s in-process figure measures it: parse both texts and compare.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SimLpBenchmarks
{
    private string generated = string.Empty;
    private string reference = string.Empty;
    private PrologProgram generatedProgram = null!;
    private PrologProgram referenceProgram = null!;

    [GlobalSetup]
    public void Setup()
    {
        generated = File.ReadAllText(SharedFiles.MsaGenerated);
        reference = File.ReadAllText(SharedFiles.MsaReference);
        generatedProgram = PrologReader.Parse(generated, "g", SimLp.ReadOptions);
        referenceProgram = PrologReader.Parse(reference, "r", SimLp.ReadOptions);
    }

    [Benchmark(Baseline = true, Description = "parse both + compare (msa)")]
    public double ParseAndCompare() => SimLp.Compare(generated, reference).Similarity;

    [Benchmark(Description = "compare pre-parsed (msa)")]
    public double CompareOnly() => SimLp.Compare(generatedProgram, referenceProgram).Similarity;

    [Benchmark(Description = "compare + detailed feedback (msa)")]
    public double CompareWithFeedback() => SimLp.Compare(generatedProgram, referenceProgram, new SimLpOptions(FeedbackDetail.Detailed)).Similarity;

    [Benchmark(Description = "parse both (msa)")]
    public int ParseOnly() => PrologReader.Parse(generated).Clauses.Count + PrologReader.Parse(reference).Clauses.Count;
}
