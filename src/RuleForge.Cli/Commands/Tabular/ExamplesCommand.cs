using System.CommandLine;
using System.Text;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Tabular.Examples;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary><c>ruleforge examples customers --rows N --seed S --out F</c>: writes a seeded example dataset with known rules.</summary>
public static class ExamplesCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rows = new Option<int>("--rows") { Description = "Rows to generate", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Seed (same seed, same file)", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "CSV file to write", DefaultValueFactory = _ => "customers.csv" };
        var customers = new Command("customers", "Customer segmentation with known ground-truth rules, 5% label noise and 1% missing values") { rows, seed, output };
        customers.Handle(console, time, async (ctx, ct) =>
        {
            var n = ctx.Value(rows);
            if (n < 1)
            {
                throw new InputException($"--rows must be at least 1 (got {n})");
            }

            var path = Path.GetFullPath(ctx.Value(output));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                await new CustomerDatasetGenerator().WriteCsvAsync(writer, n, ctx.Value(seed), ct);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new { output = path, rows = n, truth = CustomerDatasetGenerator.TruthRules });
            }
            else
            {
                ctx.WriteLine($"Wrote {n} customers to {path}. The segment follows these rules (plus noise):");
                foreach (var rule in CustomerDatasetGenerator.TruthRules)
                {
                    ctx.WriteLine($"  {rule}");
                }
            }

            return ExitCodes.Ok;
        });
        return new Command("examples", "Generate example datasets") { customers };
    }
}
