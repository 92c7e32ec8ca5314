using RuleForge.Tabular.Data;
using RuleForge.Tabular.Loop;

namespace RuleForge.Tabular.Llm.Tests.Support;

/// <summary>Test tables: class "pos" exactly when x &gt;= 60 and colour = red (x, y uniform in [0, 100)).</summary>
internal static class Tables
{
    public static Dataset Synthetic(int rows = 400, int seed = 1)
    {
        var random = new Random(seed);
        var x = new double[rows];
        var y = new double[rows];
        var colour = new string?[rows];
        var cls = new string?[rows];
        string[] colours = ["red", "green", "blue"];
        for (var i = 0; i < rows; i++)
        {
            x[i] = random.Next(100);
            y[i] = random.Next(100);
            colour[i] = colours[random.Next(3)];
            cls[i] = x[i] >= 60 && colour[i] == "red" ? "pos" : "neg";
        }

        return new Dataset("synthetic.csv", [DataColumn.Numeric("x", x), DataColumn.Numeric("y", y), DataColumn.FromTexts("colour", colour), DataColumn.FromTexts("class", cls)]);
    }

    public static TabularProblem Problem(Dataset data, int seed = 1) => TabularLearner.Problem(
        new TabularLearnRequest { Data = data, Target = ClassTarget.Of(data, "class"), Seed = seed },
        ClassTarget.Of(data, "class").LabelledRows());

    public static string Block(params string[] lines) => "Here are the rules:\n```rules\n" + string.Join("\n", lines) + "\n```\n";
}
