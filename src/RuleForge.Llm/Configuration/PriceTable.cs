namespace RuleForge.Llm.Configuration;

/// <summary>Prices per model (longest matching name prefix wins, so <c>gpt-4o-mini-2024-07-18</c> finds <c>gpt-4o-mini</c>).</summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    public PriceTable(IReadOnlyDictionary<string, ModelPrice> prices, ModelPrice? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = new Dictionary<string, ModelPrice>(prices, StringComparer.OrdinalIgnoreCase);
        Fallback = fallback ?? ModelPrice.Free;
    }

    /// <summary>Public list prices (USD per 1M tokens) of common models; configure others with --price-in/--price-out or ruleforge.yaml.</summary>
    public static PriceTable Default { get; } = new(new Dictionary<string, ModelPrice>
    {
        ["gpt-4o-mini"] = new(0.15m, 0.60m),
        ["gpt-4o"] = new(2.50m, 10.00m),
        ["gpt-4.1-nano"] = new(0.10m, 0.40m),
        ["gpt-4.1-mini"] = new(0.40m, 1.60m),
        ["gpt-4.1"] = new(2.00m, 8.00m),
        ["o3-mini"] = new(1.10m, 4.40m),
        ["o4-mini"] = new(1.10m, 4.40m),
        ["claude-3-5-haiku"] = new(0.80m, 4.00m),
        ["claude-haiku-4-5"] = new(1.00m, 5.00m),
        ["claude-sonnet-4"] = new(3.00m, 15.00m),
        ["claude-3-7-sonnet"] = new(3.00m, 15.00m),
        ["claude-opus-4"] = new(15.00m, 75.00m),
    });

    /// <summary>Price of models not in the table (default: free, as for local servers).</summary>
    public ModelPrice Fallback { get; }

    public IReadOnlyDictionary<string, ModelPrice> Prices => _prices;

    public ModelPrice For(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelPrice? best = null;
        var bestLength = -1;
        foreach (var (name, price) in _prices)
        {
            if (model.StartsWith(name, StringComparison.OrdinalIgnoreCase) && name.Length > bestLength)
            {
                best = price;
                bestLength = name.Length;
            }
        }

        return best ?? Fallback;
    }

    /// <summary>A copy with <paramref name="model"/> priced at <paramref name="price"/>.</summary>
    public PriceTable With(string model, ModelPrice price) =>
        new(new Dictionary<string, ModelPrice>(_prices, StringComparer.OrdinalIgnoreCase) { [model] = price }, Fallback);

    /// <summary>A copy with every entry of <paramref name="prices"/> added or replaced.</summary>
    public PriceTable WithAll(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var merged = new Dictionary<string, ModelPrice>(_prices, StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in prices)
        {
            merged[model] = price;
        }

        return new(merged, Fallback);
    }
}
