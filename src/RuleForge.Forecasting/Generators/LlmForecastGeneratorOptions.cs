namespace RuleForge.Forecasting.Generators;

/// <summary>Settings of the LLM forecast-rule generator. Defaults: temperature 0.2, 800 reply tokens, 8 error patterns in the prompt.</summary>
public sealed record LlmForecastGeneratorOptions
{
    public string? Model { get; init; }

    public double Temperature { get; init; } = 0.2;

    public int MaxTokens { get; init; } = 800;

    public int Seed { get; init; } = 42;

    /// <summary>How many biased regions of the baseline (from the residual search) the prompt shows.</summary>
    public int ErrorPatterns { get; init; } = 8;
}
