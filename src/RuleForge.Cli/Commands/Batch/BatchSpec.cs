using System.Globalization;
using RuleForge.Core.Errors;
using RuleForge.Ingestion.Export;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RuleForge.Cli.Commands.Batch;

/// <summary>
/// A batch file (YAML, see docs/llm-tabular.md): how many problems run at once, the shared budget, defaults, and
/// the problems. Mutable because YamlDotNet fills it; <see cref="Load"/> validates it before anything runs.
/// </summary>
public sealed class BatchSpec
{
    /// <summary>Problems running at once (default 4).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Total USD for the batch, split over the problems in proportion to their weight (null: no limit).</summary>
    public decimal? BudgetUsd { get; set; }

    /// <summary>Values a problem takes when it does not set them.</summary>
    public BatchProblem Defaults { get; set; } = new();

    public List<BatchProblem> Problems { get; set; } = [];

    /// <summary>Reads and validates a batch file; paths of data files are resolved against the file's folder.</summary>
    public static BatchSpec Load(string path, string text)
    {
        BatchSpec? spec;
        try
        {
            spec = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<BatchSpec>(text);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message is { Length: > 0 } m ? $": {m}" : "";
            throw new InputException($"{path}: line {e.Start.Line}, column {e.Start.Column}: {e.Message}{inner}", e);
        }

        spec ??= new BatchSpec();
        if (spec.Problems.Count == 0)
        {
            throw new InputException($"{path}: no problems; list them under 'problems:' (each with data and target)");
        }

        if (spec.Concurrency < 1)
        {
            throw new InputException($"{path}: concurrency must be at least 1 (got {spec.Concurrency})");
        }

        if (spec.BudgetUsd is < 0)
        {
            throw new InputException($"{path}: budgetUsd must not be negative (got {spec.BudgetUsd.Value.ToString(CultureInfo.InvariantCulture)})");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Problems.Count; i++)
        {
            var p = spec.Problems[i].WithDefaults(spec.Defaults);
            var where = Where(path, i, p);
            if (string.IsNullOrWhiteSpace(p.Data))
            {
                throw new InputException($"{where}: 'data' is required (a .csv, .arff or .jsonl file, or data:<dataset>[@<version>])");
            }

            // A data: reference names a stored dataset (checked against the data store by PinDataAsync); anything else is a file beside the spec.
            var stored = DataReference.IsReference(p.Data) ? Reference(where, p.Data) : null;
            p.Data = stored is null ? Path.GetFullPath(Path.Combine(folder, p.Data)) : p.Data;
            p.Name ??= (stored?.Dataset ?? Path.GetFileNameWithoutExtension(p.Data)) + (spec.Problems.Count(q => q.Data == spec.Problems[i].Data) > 1 ? $"-{i + 1}" : "");
            if (!names.Add(p.Name))
            {
                throw new InputException($"{where}: name '{p.Name}' is used twice; names must be unique");
            }

            if (p.MaxIterations is < 1)
            {
                throw new InputException($"{where}: maxIterations must be at least 1 (got {p.MaxIterations})");
            }

            if (p.Weight is <= 0)
            {
                throw new InputException($"{where}: weight must be positive (got {p.Weight.Value.ToString(CultureInfo.InvariantCulture)})");
            }

            spec.Problems[i] = p;
        }

        return spec;
    }

    /// <summary>
    /// Pins every <c>data:</c> problem to a stored version before anything runs, so all problems read the versions that
    /// existed when the batch started; an unknown dataset or version is bad input naming the file and the problem.
    /// </summary>
    public async Task PinDataAsync(string path, Func<DataReference, CancellationToken, Task<DataReference>> resolve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        for (var i = 0; i < Problems.Count; i++)
        {
            var p = Problems[i];
            if (!DataReference.IsReference(p.Data))
            {
                continue;
            }

            try
            {
                p.Data = (await resolve(DataReference.Parse(p.Data!), ct)).ToString();
            }
            catch (InputException e)
            {
                throw new InputException($"{Where(path, i, p)}: {e.Message}", e);
            }
        }
    }

    /// <summary>Each problem's share of <paramref name="total"/>: weight (default: its iterations) over the sum of weights.</summary>
    public IReadOnlyList<decimal?> Shares(decimal? total)
    {
        if (total is null)
        {
            return Problems.Select(_ => (decimal?)null).ToArray();
        }

        var weights = Problems.Select(p => (decimal)(p.Weight ?? p.MaxIterations ?? 3)).ToArray();
        var sum = weights.Sum();
        return weights.Select(w => (decimal?)(total.Value * w / sum)).ToArray();
    }

    private static string Where(string path, int index, BatchProblem p) => $"{path}: problems[{index}]{(p.Name is null ? "" : $" ({p.Name})")}";

    private static DataReference Reference(string where, string data)
    {
        try
        {
            return DataReference.Parse(data);
        }
        catch (InputException e)
        {
            throw new InputException($"{where}: {e.Message}", e);
        }
    }
}
