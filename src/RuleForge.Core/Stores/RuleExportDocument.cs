using RuleForge.Core.Rules;

namespace RuleForge.Core.Stores;

/// <summary>A rules export file: a format marker, when it was written, and the rules (latest versions, or every version in order).</summary>
public sealed record RuleExportDocument
{
    public const string FormatName = "ruleforge-rules";

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = 1;

    public DateTimeOffset ExportedAt { get; init; }

    public IReadOnlyList<Rule> Rules { get; init; } = [];
}
