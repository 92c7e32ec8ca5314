using RuleForge.Tabular.Data;

namespace RuleForge.Testing.Tabular;

/// <summary>
/// The tabular tests' table: x, y uniform integers in [0, 100), a nominal colour (red, green, blue), and class "pos"
/// exactly when x &gt;= 60 and colour = red — a rule every learner should find — with optional label noise.
/// </summary>
public static class SyntheticTables
{
    public static Dataset Create(int rows = 400, int seed = 1, double noise = 0.0)
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
            var pos = x[i] >= 60 && colour[i] == "red";
            if (random.NextDouble() < noise)
            {
                pos = !pos;
            }

            cls[i] = pos ? "pos" : "neg";
        }

        return new Dataset("synthetic", [DataColumn.Numeric("x", x), DataColumn.Numeric("y", y), DataColumn.FromTexts("colour", colour), DataColumn.FromTexts("class", cls)]);
    }
}
