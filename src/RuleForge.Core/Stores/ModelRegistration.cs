namespace RuleForge.Core.Stores;

/// <summary>What to register as a new version of a model: its parameters, metrics, data version, artifact and parent.</summary>
public sealed record ModelRegistration
{
    public required string Name { get; init; }

    /// <summary>Model family, e.g. <c>ridge</c>, <c>mlp</c>.</summary>
    public string Kind { get; init; } = "";

    public string Description { get; init; } = "";

    /// <summary>Canonical JSON of the hyper-parameters (and fitted parameters where small).</summary>
    public string ParametersJson { get; init; } = "{}";

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Which data the model was trained on (a dataset version, a file hash).</summary>
    public string? DataVersion { get; init; }

    /// <summary>Path or URI of the saved model file.</summary>
    public string? ArtifactPath { get; init; }

    /// <summary>The version this one was derived from (retrained, fine-tuned), for lineage.</summary>
    public ModelRef? Parent { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The run that produced the model, if any.</summary>
    public string? RunId { get; init; }
}
