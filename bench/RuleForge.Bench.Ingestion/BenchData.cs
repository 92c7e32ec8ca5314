using System.Globalization;
using System.Text;

namespace RuleForge.Bench.Ingestion;

/// <summary>The same synthetic table (distinct rows, seeded) as CSV and as JSON Lines.</summary>
internal static class BenchData
{
    private static readonly string[] Categories = ["alpha", "beta", "gamma", "delta", "epsilon"];

    public static void Write(string csvPath, string jsonlPath, int rows, int seed)
    {
        var random = new Random(seed);
        using var csv = new StreamWriter(csvPath, false, new UTF8Encoding(false), 1 << 20);
        using var jsonl = new StreamWriter(jsonlPath, false, new UTF8Encoding(false), 1 << 20);
        csv.Write("id,customer,category,amount,quantity,vip\n");
        for (var i = 1; i <= rows; i++)
        {
            var customer = $"c{random.Next(100_000):D6}";
            var category = Categories[random.Next(Categories.Length)];
            var amount = Math.Round(random.NextDouble() * 1000, 2).ToString(CultureInfo.InvariantCulture);
            var quantity = random.Next(1, 50);
            var vip = random.Next(10) == 0 ? "true" : "false";
            csv.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{customer},{category},{amount},{quantity},{vip}\n"));
            jsonl.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"customer\":\"{customer}\",\"category\":\"{category}\",\"amount\":{amount},\"quantity\":{quantity},\"vip\":{vip}}}\n"));
        }
    }
}
