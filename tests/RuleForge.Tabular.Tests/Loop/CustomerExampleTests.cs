using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Examples;
using RuleForge.Tabular.Induction;
using RuleForge.Tabular.Readers;

namespace RuleForge.Tabular.Tests.Loop;

public sealed class CustomerExampleTests
{
    private static async Task<string> GenerateAsync(int rows, int seed)
    {
        var writer = new StringWriter();
        await new CustomerDatasetGenerator().WriteCsvAsync(writer, rows, seed, CancellationToken.None);
        return writer.ToString();
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_file()
    {
        (await GenerateAsync(200, 9)).ShouldBe(await GenerateAsync(200, 9));
        (await GenerateAsync(200, 9)).ShouldNotBe(await GenerateAsync(200, 10));
    }

    [Fact]
    public async Task Ripper_recovers_the_ground_truth_rules()
    {
        var csv = await GenerateAsync(3000, 42);
        var data = await new CsvDatasetReader().ReadAsync(new StringReader(csv), "customers.csv", CancellationToken.None);
        var model = new Ripper().Learn(data, ClassTarget.Of(data, "segment"));
        var texts = model.Rules.Rules.Select(r => (ConditionRule)r.Body).ToList();
        bool Has(string outcome, params string[] conditions) =>
            texts.Any(t => t.Outcome.Value.Text == outcome && conditions.All(c => t.Conditions.Any(x => x.Variable == c)));
        Has("premium", "income", "monthly_spend").ShouldBeTrue();
        Has("at_risk", "support_tickets", "tenure_months").ShouldBeTrue();
        Has("young_digital", "age", "channel").ShouldBeTrue();
        Has("family", "has_kids", "visits_per_month").ShouldBeTrue();
        ((ConditionRule)model.Rules.Rules[^1].Body).Outcome.Value.Text.ShouldBe("standard");
    }
}
