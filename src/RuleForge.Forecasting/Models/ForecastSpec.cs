namespace RuleForge.Forecasting.Models;

/// <summary>What to forecast and how a baseline is fitted. Defaults: 4 target lags, horizon 1, expanding window refitted at every origin, ridge λ = 1e-8.</summary>
public sealed record ForecastSpec
{
    public required string Target { get; init; }

    /// <summary>Exogenous variables whose lags enter the ridge model.</summary>
    public IReadOnlyList<string> Exogenous { get; init; } = [];

    /// <summary>Lags of the target (the AR order).</summary>
    public int Lags { get; init; } = 4;

    /// <summary>Lags of each exogenous variable.</summary>
    public int ExogenousLags { get; init; } = 1;

    /// <summary>Steps ahead; forecasts for row t use rows up to t − horizon (direct strategy).</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>Ridge penalty on the slopes (never on the intercept).</summary>
    public double Ridge { get; init; } = 1e-8;

    /// <summary>Rolling window length in training rows; null for an expanding window.</summary>
    public int? Window { get; init; }

    /// <summary>Refit every this many origins (1 = at every origin).</summary>
    public int RefitEvery { get; init; } = 1;

    /// <summary>Season length for the seasonal naive model (4 for quarterly data).</summary>
    public int SeasonPeriod { get; init; } = 4;

    public void Validate()
    {
        if (Lags < 0 || ExogenousLags < 0 || (Lags == 0 && Exogenous.Count == 0))
        {
            throw new Core.Errors.InputException($"lags must be ≥ 0 and the model needs at least one input (lags {Lags}, exogenous {Exogenous.Count})");
        }

        if (Horizon < 1 || RefitEvery < 1 || SeasonPeriod < 1 || Ridge < 0 || Window is < 2)
        {
            throw new Core.Errors.InputException("horizon, refit interval and season period must be ≥ 1, ridge ≥ 0, window ≥ 2");
        }
    }
}
