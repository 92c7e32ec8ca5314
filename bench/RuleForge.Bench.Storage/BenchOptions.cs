using System.Globalization;

namespace RuleForge.Bench.Storage;

/// <summary>Command-line options of the storage benchmark.</summary>
public sealed record BenchOptions(int Rules, int Searches, string? Postgres, string? SqlitePath = null, int Batch = 10_000, bool GivenIds = true)
{
    public static BenchOptions Parse(string[] args)
    {
        var rules = 200_000;
        var searches = 300;
        string? pg = "auto";
        string? sqlite = null;
        var batch = 10_000;
        var givenIds = true;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rules": rules = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--searches": searches = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--pg": pg = args[i + 1]; break;
                case "--sqlite": sqlite = args[i + 1]; break;
                case "--batch": batch = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--ids" when args[i + 1] is "given" or "generated": givenIds = args[i + 1] == "given"; break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --rules N --searches N --pg auto|none|<connection string> --sqlite <new file to keep> --batch <rules per AddManyAsync> --ids given|generated");
            }
        }

        return new BenchOptions(rules, searches, pg, sqlite, batch, givenIds);
    }
}
