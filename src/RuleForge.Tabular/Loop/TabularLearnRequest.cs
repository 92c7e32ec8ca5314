using RuleForge.Tabular.Data;
using RuleForge.Tabular.Induction;

namespace RuleForge.Tabular.Loop;

/// <summary>Everything the learning procedure needs besides the rows: data, class, method, seed and loop limits.</summary>
public sealed record TabularLearnRequest
{
    public required Dataset Data { get; init; }

    public required ClassTarget Target { get; init; }

    public string Method { get; init; } = SymbolicRuleGenerator.MethodName;

    public int Seed { get; init; } = 1;

    /// <summary>Most loop iterations (generate → evaluate → refine).</summary>
    public int MaxIterations { get; init; } = 3;

    /// <summary>Stop once the validation score reaches this.</summary>
    public double Threshold { get; init; } = 1.0;

    public int Patience { get; init; } = 2;

    /// <summary>Share of the learning rows held out to judge the loop's candidates.</summary>
    public double ValidationShare { get; init; } = 0.25;

    public RipperOptions Ripper { get; init; } = new();

    /// <summary>
    /// RIPPER runs per symbolic candidate on different grow/prune splits; the simplest run within RIPPER's 64-bit
    /// description-length surplus of the best is kept (see <see cref="SymbolicRuleGenerator.Train"/>). A single
    /// RIPPER run's size swings widely with its random split; several runs and an Occam choice make the rule list
    /// both smaller and steadier. Large tables get fewer runs (<see cref="SymbolicRuleGenerator.RestartRowBudget"/>).
    /// </summary>
    public int Restarts { get; init; } = 5;

    public TabularEvaluatorOptions Evaluator { get; init; } = new();

    public TabularGeneratorContext Context { get; init; } = new();
}
