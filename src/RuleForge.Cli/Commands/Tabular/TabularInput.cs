using RuleForge.Core.Errors;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Readers;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>Reads a data file and resolves the class column the way every tabular command does.</summary>
internal static class TabularInput
{
    /// <param name="path">The file to read.</param>
    /// <param name="target">The class column, or null for ARFF's last attribute.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <param name="label">How errors name the data when the file is a stand-in (a materialised <c>data:</c> reference); default the path.</param>
    public static async Task<(Dataset Data, ClassTarget Target)> ReadAsync(string path, string? target, CancellationToken ct, string? label = null)
    {
        label ??= path;
        var data = await DatasetReader.ReadAsync(path, null, ct);
        if (data.Columns.Count < 2)
        {
            throw new InputException($"{label}: found {data.Columns.Count} column(s); rule learning needs a class column and at least one other column");
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            if (!DatasetReader.IsArff(path))
            {
                throw new InputException($"{label}: --target is required (the class column); columns are: {string.Join(", ", data.Columns.Select(c => c.Name))}");
            }

            target = data.Columns[^1].Name;
        }

        return (data, ClassTarget.Of(data, target));
    }
}
