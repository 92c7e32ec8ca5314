namespace RuleForge.Cli.Commands.Batch;

/// <summary>One problem of a batch: the same settings as <c>ruleforge learn</c>; unset values come from the batch's defaults.</summary>
public sealed class BatchProblem
{
    public string? Name { get; set; }

    public string? Data { get; set; }

    public string? Target { get; set; }

    public string? Method { get; set; }

    /// <summary>Model name for this problem (default: --model).</summary>
    public string? Model { get; set; }

    public int? MaxIterations { get; set; }

    public double? Threshold { get; set; }

    public int? Seed { get; set; }

    public double? Holdout { get; set; }

    public int? Folds { get; set; }

    /// <summary>This problem's share of the batch budget relative to the others (default: its max iterations).</summary>
    public double? Weight { get; set; }

    public string? Out { get; set; }

    /// <summary>A copy with every unset value taken from <paramref name="d"/>.</summary>
    public BatchProblem WithDefaults(BatchProblem d) => new()
    {
        Name = Name,
        Data = Data ?? d.Data,
        Target = Target ?? d.Target,
        Method = Method ?? d.Method,
        Model = Model ?? d.Model,
        MaxIterations = MaxIterations ?? d.MaxIterations,
        Threshold = Threshold ?? d.Threshold,
        Seed = Seed ?? d.Seed,
        Holdout = Holdout ?? d.Holdout,
        Folds = Folds ?? d.Folds,
        Weight = Weight ?? d.Weight,
        Out = Out,
    };
}
