namespace RuleForge.Bench.EventCalculus;

/// <summary>Locates ../shared/data/rtec from the repository root (benchmarks need it; they stop with a clear message when it is absent).</summary>
public static class SharedFiles
{
    public static string Rtec
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RuleForge.slnx")))
            {
                dir = dir.Parent;
            }

            var root = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "rtec"));
            return root is not null && Directory.Exists(root)
                ? root
                : throw new DirectoryNotFoundException("../shared/data/rtec is absent: the SimLP benchmarks need the shared genRTEC files.");
        }
    }

    public static string MsaGenerated => Path.Combine(Rtec, "genrtec/rules/llms/gpt/exp1/syntactic_similarity/msa.prolog");

    public static string MsaReference => Path.Combine(Rtec, "genrtec/rules/ground_truth/syntactic_similarity/msa.prolog");
}
