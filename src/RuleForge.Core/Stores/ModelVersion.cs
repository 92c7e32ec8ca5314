namespace RuleForge.Core.Stores;

/// <summary>One registered model version as stored, with its stage and tags.</summary>
public sealed record ModelVersion
{
    public required string Name { get; init; }

    public required int Version { get; init; }

    public string Kind { get; init; } = "";

    public string Description { get; init; } = "";

    public string ParametersJson { get; init; } = "{}";

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public string? DataVersion { get; init; }

    public string? ArtifactPath { get; init; }

    public ModelRef? Parent { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string? RunId { get; init; }

    public ModelStage Stage { get; init; } = ModelStage.None;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ModelRef Ref => new(Name, Version);
}
