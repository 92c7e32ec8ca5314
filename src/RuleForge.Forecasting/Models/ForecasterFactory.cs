using RuleForge.Core.Errors;

namespace RuleForge.Forecasting.Models;

/// <summary>Builds a baseline by name: <c>persistence</c>, <c>seasonal-naive</c>, <c>ridge</c>, <c>mlp</c>.</summary>
public static class ForecasterFactory
{
    public static IReadOnlyList<string> Names { get; } = ["persistence", "seasonal-naive", "ridge", "mlp"];

    public static IForecaster Create(string name, ForecastSpec spec, int seed = 42) => name.ToLowerInvariant() switch
    {
        "persistence" or "naive" => new PersistenceForecaster(spec),
        "seasonal-naive" or "snaive" => new SeasonalNaiveForecaster(spec),
        "ridge" or "ar" or "ridge-ar" => new RidgeArForecaster(spec),
        "mlp" => new Neural.MlpForecaster(spec, new Neural.MlpOptions { Seed = seed }),
        _ => throw new InputException($"--model: unknown model '{name}' (known: {string.Join(", ", Names)})"),
    };
}
