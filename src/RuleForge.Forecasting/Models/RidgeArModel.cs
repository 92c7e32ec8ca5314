namespace RuleForge.Forecasting.Models;

/// <summary>A fitted ridge autoregression: intercept first, then one coefficient per feature (target lags, then exogenous lags).</summary>
public sealed record RidgeArModel(ForecastSpec Spec, IReadOnlyList<string> Features, IReadOnlyList<double> Coefficients, int TrainingRows);
