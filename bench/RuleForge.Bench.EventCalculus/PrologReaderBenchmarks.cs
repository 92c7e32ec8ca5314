using System.Text;
using BenchmarkDotNet.Attributes;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.Bench.EventCalculus;

/// <summary>Reading a 10 MB event description (the MSA ground truth repeated): throughput of the span lexer and parser.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class PrologReaderBenchmarks
{
    private string text = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var one = File.ReadAllText(SharedFiles.MsaReference);
        var sb = new StringBuilder();
        while (sb.Length < 10_000_000)
        {
            sb.Append(one).Append('\n');
        }

        text = sb.ToString();
    }

    /// <summary>Tokens only (no parsing), to separate lexer and parser costs.</summary>
    public int LexOnly()
    {
        var lexer = new PrologLexer(text, "bench");
        var count = 0;
        while (lexer.Next().Kind != TokenKind.EndOfFile)
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "read 10 MB")]
    public int Read10Mb() => PrologReader.Parse(text).Clauses.Count;
}
