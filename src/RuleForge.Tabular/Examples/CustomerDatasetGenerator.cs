using System.Globalization;
using System.Text;

namespace RuleForge.Tabular.Examples;

/// <summary>
/// Generates a customer-segmentation table whose segment follows known rules (first match wins), with label noise
/// and missing values, so a learner's output can be checked against the truth:
/// <list type="number">
/// <item>income ≥ 100 AND monthly_spend ≥ 800 → premium</item>
/// <item>support_tickets ≥ 4 AND tenure_months ≥ 12 → at_risk</item>
/// <item>age ≤ 30 AND channel = app → young_digital</item>
/// <item>has_kids = yes AND visits_per_month ≥ 8 → family</item>
/// <item>otherwise → standard</item>
/// </list>
/// </summary>
public sealed class CustomerDatasetGenerator
{
    /// <summary>The ground-truth rules, as text, in the order they apply.</summary>
    public static IReadOnlyList<string> TruthRules { get; } =
    [
        "IF income >= 100 AND monthly_spend >= 800 THEN segment = premium",
        "IF support_tickets >= 4 AND tenure_months >= 12 THEN segment = at_risk",
        "IF age <= 30 AND channel == app THEN segment = young_digital",
        "IF has_kids == yes AND visits_per_month >= 8 THEN segment = family",
        "DEFAULT segment = standard",
    ];

    /// <summary>Share of rows whose segment is replaced by a random one.</summary>
    public double LabelNoise { get; init; } = 0.05;

    /// <summary>Share of feature values left empty.</summary>
    public double MissingShare { get; init; } = 0.01;

    /// <summary>The segment the rules give (no noise).</summary>
    public static string Segment(double age, double income, double tenure, double spend, double visits, string channel, string kids, double tickets)
    {
        if (income >= 100 && spend >= 800)
        {
            return "premium";
        }

        if (tickets >= 4 && tenure >= 12)
        {
            return "at_risk";
        }

        if (age <= 30 && channel == "app")
        {
            return "young_digital";
        }

        return kids == "yes" && visits >= 8 ? "family" : "standard";
    }

    /// <summary>Writes <paramref name="rows"/> rows as CSV with a header; the same seed writes the same file.</summary>
    public async Task WriteCsvAsync(TextWriter writer, int rows, int seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var random = new Random(seed);
        string[] regions = ["north", "south", "east", "west"];
        string[] channels = ["web", "store", "app"];
        string[] segments = ["premium", "at_risk", "young_digital", "family", "standard"];
        await writer.WriteLineAsync("customer_id,age,income,tenure_months,monthly_spend,visits_per_month,region,channel,has_kids,support_tickets,segment".AsMemory(), cancellationToken);
        var line = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            var age = 18 + random.Next(63);
            var income = Math.Round(15 + (random.NextDouble() * random.NextDouble() * 185), 1);
            var tenure = random.Next(121);
            var spend = Math.Round(random.NextDouble() * (income >= 80 ? 1600 : 900), 2);
            var visits = random.Next(31);
            var region = regions[random.Next(regions.Length)];
            var channel = channels[random.Next(channels.Length)];
            var kids = random.NextDouble() < 0.4 ? "yes" : "no";
            var tickets = random.NextDouble() < 0.75 ? random.Next(4) : random.Next(4, 11);
            var segment = Segment(age, income, tenure, spend, visits, channel, kids, tickets);
            if (random.NextDouble() < LabelNoise)
            {
                segment = segments[random.Next(segments.Length)];
            }

            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"C{i + 1:D6}");
            foreach (var v in new object[] { age, income, tenure, spend, visits, region, channel, kids, tickets })
            {
                line.Append(',');
                if (random.NextDouble() >= MissingShare)
                {
                    line.Append(CultureInfo.InvariantCulture, $"{v}");
                }
            }

            line.Append(',').Append(segment);
            await writer.WriteLineAsync(line.ToString().AsMemory(), cancellationToken);
        }
    }
}
