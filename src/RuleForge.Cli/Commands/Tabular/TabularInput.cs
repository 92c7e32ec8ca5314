using RuleForge.Core.Errors;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Readers;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>Reads a data file and resolves the class column the way every tabular command does.</summary>
internal static class TabularInput
{
    public static async Task<(Dataset Data, ClassTarget Target)> ReadAsync(string path, string? target, CancellationToken ct)
    {
        var data = await DatasetReader.ReadAsync(path, null, ct);
        if (data.Columns.Count < 2)
        {
            throw new InputException($"{path}: found {data.Columns.Count} column(s); rule learning needs a class column and at least one other column");
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            if (!DatasetReader.IsArff(path))
            {
                throw new InputException($"{path}: --target is required (the class column); columns are: {string.Join(", ", data.Columns.Select(c => c.Name))}");
            }

            target = data.Columns[^1].Name;
        }

        return (data, ClassTarget.Of(data, target));
    }
}
