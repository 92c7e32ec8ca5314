namespace RuleForge.EventCalculus.Learning;

/// <summary>How the generator calls the model. Defaults: provider's model, temperature 0, one sample per iteration.</summary>
public sealed record ActivityGeneratorOptions
{
    public string? Model { get; init; }

    public double? Temperature { get; init; } = 0;

    public int? MaxTokens { get; init; }

    public long? Seed { get; init; }

    /// <summary>Candidates drawn per iteration; the most self-consistent (highest mean pairwise SimLP) is kept.</summary>
    public int Samples { get; init; } = 1;
}
