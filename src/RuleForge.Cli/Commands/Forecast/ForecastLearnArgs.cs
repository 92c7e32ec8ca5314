namespace RuleForge.Cli.Commands.Forecast;

/// <summary>The arguments of forecast-rule learning, shared by <c>ruleforge forecast learn</c> and <c>ruleforge learn --domain forecast</c>.</summary>
public sealed record ForecastLearnArgs
{
    public required string Data { get; init; }

    public required string Target { get; init; }

    /// <summary>Last date of the training span (yyyy-MM-dd, yyyy-Qn or yyyy).</summary>
    public required string TrainUntil { get; init; }

    public string Model { get; init; } = "ridge";

    public int Lags { get; init; } = 4;

    public IReadOnlyList<string> Exogenous { get; init; } = [];

    public int Horizon { get; init; } = 1;

    public int Seed { get; init; } = 42;

    public int MaxIterations { get; init; } = 3;

    /// <summary><c>symbolic</c> (default) or <c>llm</c>.</summary>
    public string Generator { get; init; } = "symbolic";

    public string? TimeColumn { get; init; }

    /// <summary>Resume this run instead of starting a new one.</summary>
    public string? RunId { get; init; }

    /// <summary>Write the learned rule set (canonical JSON) here.</summary>
    public string? RulesOut { get; init; }
}
