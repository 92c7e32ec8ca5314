using RuleForge.Core.Learning;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Induction;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// A tabular learning problem: the table, the class column, rows to learn from and rows that judge the rules.
/// Generators see <see cref="TrainRows"/> only; the evaluator scores on <see cref="ValidationRows"/>.
/// </summary>
public sealed record TabularProblem : Problem
{
    public required Dataset Data { get; init; }

    public required ClassTarget ClassTarget { get; init; }

    public required IReadOnlyList<int> TrainRows { get; init; }

    public required IReadOnlyList<int> ValidationRows { get; init; }

    public int Seed { get; init; } = 1;

    public RipperOptions Ripper { get; init; } = new();

    /// <summary>RIPPER restarts per symbolic candidate (the smallest description length wins).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Schema, column statistics, class balance and a stratified sample of the training rows (for prompts).</summary>
    public DatasetProfile Profile(int sampleSize = 20) => DatasetProfile.Build(Data, ClassTarget, TrainRows, sampleSize, Seed);
}
