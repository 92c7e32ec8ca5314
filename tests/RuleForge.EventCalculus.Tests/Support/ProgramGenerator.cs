using System.Text;

namespace RuleForge.EventCalculus.Tests.Support;

/// <summary>Builds random RTEC-like event descriptions from a seed; variables are numbered so tests can render them under different names.</summary>
internal sealed class ProgramGenerator
{
    private static readonly string[] Fluents = ["gap", "lowSpeed", "tugging", "withinArea"];
    private static readonly string[] Predicates = ["initiatedAt", "terminatedAt", "holdsFor"];
    private static readonly string[] Events = ["gap_start", "velocity", "entersArea", "stop_end"];
    private static readonly string[] Values = ["true", "false", "nearPorts", "farFromPorts"];

    /// <summary>A rule as text with placeholders {0}, {1}, … for variables and {A} for an anonymous one.</summary>
    public static List<string> Rules(int seed, int count)
    {
        var random = new Random(seed);
        var rules = new List<string>();
        for (var r = 0; r < count; r++)
        {
            rules.Add(Rule(random));
        }

        return rules;
    }

    public static string Rule(Random random)
    {
        var vars = random.Next(1, 5);
        string V() => random.Next(8) == 0 ? "_" : $"{{{random.Next(vars)}}}";
        var fluent = Fluents[random.Next(Fluents.Length)];
        var predicate = Predicates[random.Next(Predicates.Length)];
        var sb = new StringBuilder();
        sb.Append(predicate).Append('(').Append(fluent).Append('(').Append(V()).Append(")=").Append(Values[random.Next(Values.Length)]).Append(", ").Append(V()).Append(')');
        var body = random.Next(0, 5);
        for (var i = 0; i < body; i++)
        {
            sb.Append(i == 0 ? " :-\n    " : ",\n    ");
            switch (random.Next(6))
            {
                case 0:
                    sb.Append("happensAt(").Append(Events[random.Next(Events.Length)]).Append('(').Append(V()).Append(", ").Append(V()).Append("), ").Append(V()).Append(')');
                    break;
                case 1:
                    sb.Append("holdsAt(").Append(Fluents[random.Next(Fluents.Length)]).Append('(').Append(V()).Append(")=").Append(Values[random.Next(Values.Length)]).Append(", ").Append(V()).Append(')');
                    break;
                case 2:
                    sb.Append("\\+ happensAt(").Append(Events[random.Next(Events.Length)]).Append('(').Append(V()).Append("), ").Append(V()).Append(')');
                    break;
                case 3:
                    sb.Append(V()).Append(random.Next(2) == 0 ? " > " : " =< ").Append(random.Next(3) == 0 ? "5.5" : random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case 4:
                    sb.Append("union_all([").Append(V()).Append(", ").Append(V()).Append("], ").Append(V()).Append(')');
                    break;
                default:
                    sb.Append("thresholds(").Append(Values[random.Next(Values.Length)]).Append(", ").Append(V()).Append(')');
                    break;
            }
        }

        return sb.Append(".\n").ToString();
    }

    /// <summary>Renders rule templates with variable i named by <paramref name="name"/> (placeholders are per rule).</summary>
    public static string Render(IEnumerable<string> rules, Func<int, string> name)
    {
        var sb = new StringBuilder();
        foreach (var rule in rules)
        {
            var text = rule;
            for (var i = 0; i < 4; i++)
            {
                text = text.Replace($"{{{i}}}", name(i), StringComparison.Ordinal);
            }

            sb.Append(text).Append('\n');
        }

        return sb.ToString();
    }
}
