using RuleForge.Tabular.Data;
using RuleForge.Tabular.Loop;

namespace RuleForge.Tabular.Llm.Tests.Support;

/// <summary>Test helpers over <see cref="RuleForge.Testing.Tabular.SyntheticTables"/>: its learning problem and a fenced rules reply.</summary>
internal static class Tables
{
    public static TabularProblem Problem(Dataset data, int seed = 1) => TabularLearner.Problem(
        new TabularLearnRequest { Data = data, Target = ClassTarget.Of(data, "class"), Seed = seed },
        ClassTarget.Of(data, "class").LabelledRows());

    public static string Block(params string[] lines) => "Here are the rules:\n```rules\n" + string.Join("\n", lines) + "\n```\n";
}
